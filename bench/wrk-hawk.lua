-- wrk script for Hawk-signed GETs: the Node side writes one pre-signed request per line, `path<TAB>header`
-- (each with its own nonce, since the server refuses replays); every wrk thread reads its own file.
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local paths = {}
local headers = {}
local i = 0

function init(args)
  local prefix = args[1]
  if prefix ~= nil then
    for line in io.lines(prefix .. "." .. id) do
      local tab = string.find(line, "\t", 1, true)
      paths[#paths + 1] = string.sub(line, 1, tab - 1)
      headers[#headers + 1] = string.sub(line, tab + 1)
    end
  end
end

function request()
  if #headers == 0 then
    return wrk.format("GET")
  end
  i = i + 1
  if i > #headers then i = 1 end
  return wrk.format("GET", paths[i], { ["Authorization"] = headers[i] })
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
    '{"requests":%d,"seconds":%f,"rps":%f,"non2xx":%d,"errors":%d,"p50":%f,"p99":%f}\n',
    summary.requests, seconds, summary.requests / seconds, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
