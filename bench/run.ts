/**
 * `npm run bench`: Hawk-authenticated REST v2 reads against a bare fastify route, event ingest against a
 * like-for-like baseline, the highest event rate detection keeps pace with, webhook delivery and the threat
 * library, measured side by side in one run on this machine with wrk, printed and written to
 * bench/RESULTS.md.
 *
 * Targets (issues #3 and #16, 2-core machine): GET /v2/agents/{id} ≥ 0.8× the Hawk-only reference route; a
 * page of 100 alerts ≥ 3,000 requests/s; a page of 100 alerts that misses the cache ≥ 2,000 requests/s with
 * p99 < 100 ms at 50 connections.
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { createInterface } from 'node:readline';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { clientHeader } from '@vigil/hawk';
import { agentBench, writeAgentSection } from './agent.js';
import { consoleBench, writeConsoleSection } from './console.js';
import { dashboardBench, writeDashboardSection } from './dashboard.js';
import { alertLatencyBench } from './alert-latency.js';
import { ingestBaseline, ingestBench } from './ingest.js';
import { load, loadGenerator, type LoadResult } from './load.js';
import { webhooksBench, writeWebhookSection } from './webhooks.js';
import { intelBench, writeIntelSection } from './intel.js';
import { vulnsMatchingBench, writeVulnsSection } from './vulns-matching.js';
import { vulnsRestBench, writeVulnsRestSection } from './vulns-rest.js';
import { writeResultsSection } from './results-section.js';
import { MAX_LAG_MS, sustainedDetectionBench, type SustainedResult } from './sustained.js';

// BENCH_ONLY=webhooks: only the webhook delivery benchmark; its section of RESULTS.md is replaced, the rest kept.
if (process.env.BENCH_ONLY === 'webhooks') {
  writeWebhookSection((await webhooksBench()).markdown);
  process.exit(0);
}

// BENCH_ONLY=agent: only the host agent benchmark (kernel audit: run it under `flock /tmp/audit.lock`).
if (process.env.BENCH_ONLY === 'agent') {
  writeAgentSection((await agentBench()).markdown);
  process.exit(0);
}

// BENCH_ONLY=vulns: only the vulnerability matching benchmark (no HTTP; its section of RESULTS.md replaced).
if (process.env.BENCH_ONLY === 'vulns') {
  writeVulnsSection((await vulnsMatchingBench()).markdown);
  process.exit(0);
}

// BENCH_ONLY=dashboard: only the dashboard aggregates at 1,000,000 alerts on SQLite and PostgreSQL (no HTTP).
if (process.env.BENCH_ONLY === 'dashboard') {
  writeDashboardSection((await dashboardBench()).markdown);
  process.exit(0);
}

// BENCH_ONLY=vulns-rest: only the vulnerability list pages at fleet size (its section of RESULTS.md replaced).
if (process.env.BENCH_ONLY === 'vulns-rest') {
  writeVulnsRestSection((await vulnsRestBench()).markdown);
  process.exit(0);
}

// BENCH_ONLY=console: only the console's budgets in headless chromium (its section of RESULTS.md replaced).
if (process.env.BENCH_ONLY === 'console') {
  writeConsoleSection((await consoleBench()).markdown);
  process.exit(0);
}

// Every other part drives HTTP with wrk: refuse now, naming the package, rather than after minutes of work.
let generator: string;
try {
  generator = loadGenerator();
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
console.log(`load generator: ${generator}`);

// BENCH_ONLY=intel: only the threat library benchmark (its section of RESULTS.md replaced, the rest kept).
if (process.env.BENCH_ONLY === 'intel') {
  writeIntelSection((await intelBench()).markdown);
  process.exit(0);
}

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
/** opt-in soak: BENCH_SOAK_SECONDS=300 makes the paced event→alert run last 5 minutes */
const SOAK_S = Number(process.env.BENCH_SOAK_SECONDS ?? DURATION_S);

interface Started {
  vigilUrl: string;
  bareUrl: string;
  creds: { orgId: string; userId: string; apiKey: string };
  agentId: string;
  deployKey: string;
  enabledRules: number;
  /** Vigil's data directory (the ingest baseline's database goes beside Vigil's) */
  dataDir: string;
}

function startServers(): Promise<{ info: Started; stop: () => void }> {
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', 'bench/profiles'] : [];
  const child = spawn(process.execPath, [...profile, '--conditions=source', '--import', 'tsx', new URL('./servers.ts', import.meta.url).pathname], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve({ info: JSON.parse(line) as Started, stop: () => child.kill('SIGTERM') }));
    child.once('exit', (code) => reject(new Error(`bench servers exited with ${code}`)));
  });
}

interface Result extends LoadResult {
  name: string;
  tool: string;
}

/** CPU time (µs, all threads) the servers' process has used so far. */
async function serverCpuMicros(info: Started): Promise<number> {
  const res = await fetch(`${info.bareUrl}/cpu`);
  return ((await res.json()) as { cpuMicros: number }).cpuMicros;
}

async function measure(
  name: string,
  url: string,
  sign?: (url: string) => string,
  maxRps?: number,
  vary?: (i: number) => string,
): Promise<Result> {
  return { name, ...(await load(url, { connections: CONNECTIONS, durationS: DURATION_S, sign, maxRps, vary })) };
}

const SOAK_HEADING = '## Five-minute soak (issue #4)';
const REGEX_ENGINE_HEADING = '## Regular expression engine for `matches` (issue #16)';

// BENCH_ONLY=soak: only the paced event→alert run, 5 minutes unless BENCH_SOAK_SECONDS says otherwise, with
// the server's RSS sampled every 10 s (issue #4: memory stays flat); its section of RESULTS.md is replaced.
if (process.env.BENCH_ONLY === 'soak') {
  const soak = await startServers();
  try {
    const seconds = Number(process.env.BENCH_SOAK_SECONDS ?? 300);
    const r = await alertLatencyBench({ vigilUrl: soak.info.vigilUrl, rssUrl: `${soak.info.bareUrl}/rss`, deployKey: soak.info.deployKey, creds: soak.info.creds, seconds });
    const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
    const samples = r.rssSamplesBytes;
    const firstHalf = Math.max(...samples.slice(0, Math.ceil(samples.length / 2)));
    const secondHalf = Math.max(...samples.slice(Math.ceil(samples.length / 2)));
    // Flat: the second half of the run peaks no more than 10 % above the first half's peak.
    const flat = secondHalf <= firstHalf * 1.1;
    const lines = [
      SOAK_HEADING,
      '',
      `Measured on ${new Date().toISOString().slice(0, 10)} with \`BENCH_ONLY=soak npm run bench\` (${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}): the paced event→alert run of the ingest section for ${r.seconds} s (${Math.round(r.eventsPerSec)} events/s), the server's RSS read every 10 s.`,
      '',
      `- ${r.p99Ms < 1000 && r.refused === 0 && r.missing === 0 ? 'PASS' : 'MISS'}: p99 event→alert < 1 s for the whole run — measured p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, max ${r.maxMs} ms (${r.batches} markers, ${r.missing} never readable, ${r.refused} batches refused)`,
      `- ${flat ? 'PASS' : 'MISS'}: memory flat — RSS peak ${mib(firstHalf)} MiB in the first half, ${mib(secondHalf)} MiB in the second (start ${mib(r.rssStartBytes)}, end ${mib(r.rssEndBytes)} MiB)`,
      `- RSS samples (MiB): ${samples.map(mib).join(', ')}`,
      '',
    ];
    console.log(lines.join('\n'));
    writeResultsSection(SOAK_HEADING, lines.join('\n'));
  } finally {
    soak.stop();
  }
  process.exit(0);
}

const SUSTAINED_HEADING = '## Sustained detection rate (issue #16)';
const SUSTAINED_HOLD_S = Number(process.env.BENCH_SUSTAINED_HOLD_SECONDS ?? 60);
const SUSTAINED_PROBES = Number(process.env.BENCH_SUSTAINED_PROBES ?? 5);
const READS_HEADING = '## REST v2 reads (issues #3, #16)';

const date = new Date().toISOString().slice(0, 10);
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const load1 = () => loadavg()[0]!.toFixed(1);

/** The REST v2 read rows and their verdicts, as a RESULTS.md section. */
async function readsSection(info: Started): Promise<string> {
  const loadBefore = load1();
  const credentials = { id: info.creds.userId, key: info.creds.apiKey, algorithm: 'sha256' as const };
  const sign = (url: string) => clientHeader(url, 'GET', { credentials, ext: info.creds.orgId }).header;
  // Every request a different `until` (far in the future, so the same 100 alerts): no cached response can
  // serve it, so this is the full path — read 101 rows, build, serialise and hash about 55 KB.
  const missUrl = (offset: number) => (i: number) =>
    `${info.vigilUrl}/v2/alerts?status=active&until=${new Date(Date.UTC(2100, 0, 1) + offset + i).toISOString()}`;

  // warm-up (JIT, SQLite page cache)
  await load(`${info.bareUrl}/`, { connections: 10, durationS: 2 });
  await load(`${info.vigilUrl}/v2/alerts?status=active`, { connections: 10, durationS: 2, sign, maxRps: 20_000 });
  await load(`${info.vigilUrl}/v2/alerts?status=active`, { connections: 10, durationS: 2, sign, maxRps: 5_000, vary: missUrl(1e10) });

  const bare = await measure('bare fastify GET / (constant)', `${info.bareUrl}/`);
  const agentCopy = await measure('bare fastify GET /agent-copy (the agent response below, body and headers as constants)', `${info.bareUrl}/agent-copy`);
  const hawkCopy = await measure('bare fastify + Hawk only GET /hawk-agent-copy (request MAC and nonce checked, reply signed; the same constants)', `${info.bareUrl}/hawk-agent-copy`, sign, 40_000);
  const agent = await measure('Hawk GET /v2/agents/{id}', `${info.vigilUrl}/v2/agents/${info.agentId}`, sign, 40_000);
  const alerts = await measure('Hawk GET /v2/alerts?status=active (100 alerts)', `${info.vigilUrl}/v2/alerts?status=active`, sign, 20_000);
  const alertsCopy = await measure('bare fastify GET /alerts-copy (the page of 100 alerts, body and headers as constants)', `${info.bareUrl}/alerts-copy`);
  const cpuBefore = await serverCpuMicros(info);
  const uncached = await measure(
    'Hawk GET /v2/alerts?status=active&until=… (100 alerts, every request a cache miss)',
    `${info.vigilUrl}/v2/alerts?status=active`,
    sign,
    5_000,
    missUrl(0),
  );
  // The servers' process did nothing else meanwhile: its CPU time over the row's requests is Vigil's per miss.
  const missCpuUs = Math.round((await serverCpuMicros(info)) - cpuBefore) / Math.max(1, uncached.rps * DURATION_S);
  const afterCpu = await measure(
    `bare fastify GET /alerts-copy-after-cpu (the same page as a constant, sent after spinning ${Math.round(missCpuUs)} µs: Vigil's measured CPU per miss)`,
    `${info.bareUrl}/alerts-copy-after-cpu?us=${Math.round(missCpuUs)}`,
  );

  const rows = [bare, agentCopy, hawkCopy, agent, alerts, alertsCopy, uncached, afterCpu];
  const ratio = (r: Result) => (r.rps / bare.rps).toFixed(2);
  const toHawk = agent.rps / hawkCopy.rps;
  const checks = [
    { what: 'single object ≥ 0.8× the Hawk-only reference route', ok: toHawk >= 0.8, value: `${toHawk.toFixed(2)}× (${ratio(agent)}× the bare route)` },
    { what: 'page of 100 alerts ≥ 3,000 req/s', ok: alerts.rps >= 3000, value: `${Math.round(alerts.rps)} req/s` },
    {
      what: 'page of 100 alerts, every request a cache miss, ≥ 2,000 req/s with p99 < 100 ms at 50 connections',
      ok: uncached.rps >= 2000 && uncached.p99 < 100,
      value:
        `${Math.round(uncached.rps)} req/s, p99 ${uncached.p99} ms (the same bytes as a constant: ${Math.round(alertsCopy.rps)} req/s, p99 ${alertsCopy.p99} ms; ` +
        `after the same ${Math.round(missCpuUs)} µs of CPU per request: ${Math.round(afterCpu.rps)} req/s, p99 ${afterCpu.p99} ms` +
        `${afterCpu.p99 >= 100 ? ' — the tail comes with the CPU per request on one event loop, not from a stall in Vigil' : ''})`,
    },
  ];
  const bad = rows.filter((r) => r.non2xx > 0 || r.errors > 0);
  const table = [
    '| benchmark | requests/s | ratio to bare | p50 ms | p99 ms | non-2xx | errors |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.name} | ${Math.round(r.rps)} | ${ratio(r)}× | ${r.p50} | ${r.p99} | ${r.non2xx} | ${r.errors} |`),
  ].join('\n');
  const verdicts = [
    ...checks.map((c) => `- ${c.ok ? 'PASS' : 'MISS'}: ${c.what} — measured ${c.value}`),
    `- for reference (no target): the agent's response written with no work at all runs at ${ratio(agentCopy)}× the bare route, and with Hawk's checks and signature alone at ${ratio(hawkCopy)}×`,
    ...(bad.length ? [`- WARNING: non-2xx or errors (wrk counts a request unanswered after 2 s as an error) in: ${bad.map((b) => b.name).join('; ')}`] : []),
  ].join('\n');
  console.log(table);
  console.log(verdicts);
  return `${READS_HEADING}

Measured on ${date} with ${generator} (one thread, ${CONNECTIONS} connections, ${DURATION_S} s per row): ${machine}; 1-minute load
average ${loadBefore} before and ${load1()} after these rows, on ${cpus().length} cores.

${table}

${verdicts}
`;
}

/** Vigil's ingest beside the like-for-like baseline, and the paced event→alert run at 10,000 events/s. */
async function ingestSection(info: Started): Promise<{ markdown: string; vigilEventsPerSec: number }> {
  const loadBefore = load1();
  const ingest = await ingestBench(info.vigilUrl, info.deployKey, DURATION_S);
  const baselineEventsPerSec = ingestBaseline(DURATION_S, info.dataDir);
  const ingestRatio = ingest.vigilEventsPerSec / baselineEventsPerSec;
  const ingestTable = [
    '| ingest | events/s | ratio to baseline |',
    '|---|---:|---:|',
    `| baseline: JSON.parse + the events serialised again + one SQLite row per batch (Vigil's table shape and settings), no HTTP/auth/validation/rules | ${Math.round(baselineEventsPerSec)} | 1.00× |`,
    `| Vigil: POST /agent/v1/events, 1,000-event batches, ${info.enabledRules} enabled rules, stored as one row per batch | ${Math.round(ingest.vigilEventsPerSec)} | ${ingestRatio.toFixed(2)}× |`,
  ].join('\n');
  const ingestVerdicts = [
    `- ${ingest.vigilEventsPerSec >= 50_000 ? 'PASS' : 'MISS'}: ingest ≥ 50,000 events/s — measured ${Math.round(ingest.vigilEventsPerSec)} (${ingest.batches} batches, ${ingest.failures} refused)`,
    `- ${ingestRatio >= 0.5 ? 'PASS' : 'MISS'}: ingest ≥ 0.5× the like-for-like baseline — measured ${ingestRatio.toFixed(2)}×`,
  ].join('\n');
  console.log(ingestTable);
  console.log(ingestVerdicts);

  const latency = await alertLatencyBench({ vigilUrl: info.vigilUrl, rssUrl: `${info.bareUrl}/rss`, deployKey: info.deployKey, creds: info.creds, seconds: SOAK_S });
  const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
  // Infinite when some alert never became readable (counted as infinitely late).
  const ms = (v: number) => (Number.isFinite(v) ? `${v} ms` : 'never');
  const latencyLines = [
    `- ${latency.p99Ms < 1000 && latency.refused === 0 ? 'PASS' : 'MISS'}: event→alert readable over REST, p99 < 1 s at 10,000 events/s — measured p50 ${ms(latency.p50Ms)}, p99 ${ms(latency.p99Ms)}, max ${ms(latency.maxMs)} (${latency.seconds} s paced at ${Math.round(latency.eventsPerSec)} events/s, ${latency.batches} markers, ${latency.missing} never readable, ${latency.refused} batches refused)`,
    `- server RSS over that run: ${mib(latency.rssStartBytes)} MiB at start, ${mib(latency.rssEndBytes)} MiB at end (${latency.rssEndBytes >= latency.rssStartBytes ? '+' : ''}${mib(latency.rssEndBytes - latency.rssStartBytes)} MiB)`,
  ].join('\n');
  console.log(latencyLines);
  const markdown = `## Event ingest (issue #4)

Measured on ${date}: ${machine}; 1-minute load average ${loadBefore} before and ${load1()} after, on ${cpus().length} cores.
Four agents, four concurrent senders in the benchmark process, each batch a JSON array of 1,000 events
(about 0.1 % of them match a rule), Hawk-signed, stored durably before the 200 (one row per batch). Detection
runs in its worker thread on the stored batches as they arrive; this row counts acknowledged events. The
baseline does the same storage work and nothing else, in the benchmark process: it parses each body, serialises
its events again (Vigil stores them re-encoded) and inserts ONE row per batch into a table shaped like Vigil's
\`event_batches\` (same columns, key and indexes) in a SQLite file next to Vigil's with the same settings (WAL,
synchronous NORMAL). Until 2026-12-06 the baseline inserted one row per event, which is not the work Vigil does.

${ingestTable}

${ingestVerdicts}

Event→alert latency: ten 1,000-event batches per second (10,000 events/s) for ${latency.seconds} s
(\`BENCH_SOAK_SECONDS\` lengthens it), one event per batch a sudo by a user name unique to the batch; a poller
reads GET /v2/alerts?status=active over Hawk every 50 ms, and each latency runs from the batch's POST being
sent to its alert first being read (so it includes up to one poll interval).

${latencyLines}
`;
  return { markdown, vigilEventsPerSec: ingest.vigilEventsPerSec };
}

/** The bisection for the highest rate detection keeps pace with, as a RESULTS.md section. */
async function sustainedSection(info: Started, ceilingEventsPerSec: number): Promise<string> {
  const loadBefore = load1();
  const r: SustainedResult = await sustainedDetectionBench({
    vigilUrl: info.vigilUrl,
    rssUrl: `${info.bareUrl}/rss`,
    deployKey: info.deployKey,
    creds: info.creds,
    holdS: SUSTAINED_HOLD_S,
    probes: SUSTAINED_PROBES,
    ceilingEventsPerSec,
    onProbe: (p) =>
      console.log(`sustained: ${p.eventsPerSec} events/s ${p.passed ? 'kept pace' : 'fell behind'} (max lag ${p.result.maxMs} ms, ${p.result.refused} refused, ${p.result.missing} missing${p.result.gaveUp ? ', cut short' : ''})`),
  });
  const n = (v: number) => Math.round(v).toLocaleString('en-US');
  const lag = (v: number) => (Number.isFinite(v) ? `${n(v)} ms` : 'never');
  const table = [
    `| events/s held | sent for | acknowledged events/s | p50 lag | p99 lag | max lag | refused | never readable | kept pace (< ${n(MAX_LAG_MS)} ms) |`,
    '|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...r.probes.map(
      (p) =>
        `| ${n(p.eventsPerSec)} | ${p.result.gaveUp ? 'cut short' : `${r.holdS} s`} | ${n(p.result.eventsPerSec)} | ${lag(p.result.p50Ms)} | ${lag(p.result.p99Ms)} | ${lag(p.result.maxMs)} | ${p.result.refused} | ${p.result.missing} | ${p.passed ? 'yes' : 'no'} |`,
    ),
  ].join('\n');
  const verdict = r.sustainedEventsPerSec > 0
    ? `- highest rate detection kept pace with for ${r.holdS} s, ${info.enabledRules} enabled rules: **${n(r.sustainedEventsPerSec)} events/s**${r.failedEventsPerSec === undefined ? ' (the highest rate probed)' : ` (${n(r.failedEventsPerSec)} events/s fell behind)`}`
    : `- detection kept pace at none of the rates probed (the lowest, ${n(r.failedEventsPerSec ?? 0)} events/s, fell behind)`;
  console.log(table);
  console.log(verdict);
  return `${SUSTAINED_HEADING}

Measured on ${date} (${machine}; 1-minute load average ${loadBefore} before and ${load1()} after, on ${cpus().length} cores),
\`BENCH_ONLY=sustained npm run bench\` or as part of \`npm run bench\`. The paced event→alert run of the ingest section
(1,000-event batches, one marker alert per batch read back over REST every 50 ms, ${info.enabledRules} enabled rules) held
for ${r.holdS} s at one rate after another. A rate keeps pace when every batch is acknowledged and every marker's alert
is readable within ${n(MAX_LAG_MS)} ms of its POST for the whole hold; a hold is cut short once a marker is later than that.
The first hold is at 10,000 events/s; then the rates bisect, in whole batches per second, up to the acknowledged
ingest rate of the ingest section (${n(ceilingEventsPerSec)} events/s), or below 10,000 if that falls behind, at most ${SUSTAINED_PROBES} holds
(\`BENCH_SUSTAINED_PROBES\`, \`BENCH_SUSTAINED_HOLD_SECONDS\`), so the run takes about ${Math.ceil((SUSTAINED_PROBES * (r.holdS + 10)) / 60)} minutes at most.

${table}

${verdict}
`;
}

// BENCH_ONLY=reads or BENCH_ONLY=sustained: only that part, its section of RESULTS.md replaced.
// BENCH_ONLY=ingest: only the ingest and event→alert runs, printed and not written (to compare changes side by side).
if (process.env.BENCH_ONLY === 'reads' || process.env.BENCH_ONLY === 'sustained' || process.env.BENCH_ONLY === 'ingest') {
  const { info, stop } = await startServers();
  try {
    if (process.env.BENCH_ONLY === 'reads') writeResultsSection(READS_HEADING, await readsSection(info));
    else if (process.env.BENCH_ONLY === 'ingest') await ingestSection(info);
    else {
      const { vigilEventsPerSec } = await ingestBench(info.vigilUrl, info.deployKey, DURATION_S);
      writeResultsSection(SUSTAINED_HEADING, await sustainedSection(info, vigilEventsPerSec));
    }
  } finally {
    stop();
  }
  process.exit(0);
}

const { info, stop } = await startServers();
try {
  const reads = await readsSection(info);
  const ingest = await ingestSection(info);
  const sustained = await sustainedSection(info, ingest.vigilEventsPerSec);

  // Sections a full run does not repeat are kept across it: the soak (BENCH_ONLY=soak, minutes long) and the
  // regex engine comparison (measured once, with candidates that are not dependencies).
  const previous = existsSync(new URL('./RESULTS.md', import.meta.url)) ? readFileSync(new URL('./RESULTS.md', import.meta.url), 'utf8') : '';
  const kept = [SOAK_HEADING, REGEX_ENGINE_HEADING].flatMap((heading) => {
    const at = previous.indexOf(heading);
    if (at < 0) return [];
    const end = previous.indexOf('\n## ', at + heading.length);
    return [{ heading, markdown: previous.slice(at, end < 0 ? undefined : end + 1) }];
  });
  writeFileSync(
    new URL('./RESULTS.md', import.meta.url),
    `# Benchmark results

Measured by \`npm run bench\` on ${date}: ${machine}. Load generator: ${generator}, the only one the
benchmarks use (\`apt-get install wrk\`; the benchmark refuses to run without it), one thread.
The servers (Vigil on SQLite with the demo dataset, and a bare fastify server) run in one child process, the
load generator on the same machine. Every Vigil request carries a fresh Hawk header (signed by the benchmark
ahead of the run), passes the IP and organization rate limiters and the nonce cache, and gets a signed
\`Server-Authorization\` back. Other work on a shared machine makes absolute figures noisy; the ratios to
reference rows measured in the same run are what compare across runs. Each section gives the machine's load.

Repeated identical GETs are answered from Vigil's response cache, which is validated on every request against
the organization's change counter (kept by database triggers, so a write by any process invalidates it); the
last row defeats the cache with a different \`until\` on every request and shows the full read path.

Reference rows on the bare server have no target. \`/agent-copy\` and \`/alerts-copy\` answer with the exact bytes
of Vigil's agent response and of its page of 100 alerts (body and headers, fetched once at start) as constants:
the cost of the response itself. \`/hawk-agent-copy\` adds only what any Hawk server must do (parse the header,
check the request MAC and nonce, sign the reply with \`Server-Authorization\`), with one fixed credential and
no database, rate limits or hooks: the single-object row's target is a ratio to it.

${reads}
${ingest.markdown}
${sustained}`,
  );
  for (const section of kept) writeResultsSection(section.heading, section.markdown);
} finally {
  stop();
}

// Webhook delivery (issue #5): its own store and receiver; appends its section to RESULTS.md.
writeWebhookSection((await webhooksBench()).markdown);

// Threat library (issue #7): its own server process; appends its section to RESULTS.md.
writeIntelSection((await intelBench()).markdown);

// Host agent (issue #18): its own server and agent process, the kernel's audit; appends its section to RESULTS.md.
writeAgentSection((await agentBench()).markdown);

// Vulnerability matching (issue #19): the matcher in this process, no server; appends its section to RESULTS.md.
writeVulnsSection((await vulnsMatchingBench()).markdown);

// Console (issue #20): its own server and chromium; appends its section to RESULTS.md.
writeConsoleSection((await consoleBench()).markdown);
