/**
 * `npm run bench`: Hawk-authenticated REST v2 reads against a bare fastify route, measured side by side in
 * one run on this machine, printed and written to bench/RESULTS.md.
 *
 * Targets (issue #3, 2-core machine): GET /v2/agents/{id} ≥ 0.5× the bare route; a page of 100 alerts
 * ≥ 3,000 requests/s.
 */
import { spawn } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { createInterface } from 'node:readline';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { clientHeader } from '@vigil/hawk';
import { alertLatencyBench } from './alert-latency.js';
import { ingestBench } from './ingest.js';
import { load, type LoadResult } from './load.js';
import { webhooksBench, writeWebhookSection } from './webhooks.js';
import { intelBench, writeIntelSection } from './intel.js';
import { writeResultsSection } from './results-section.js';

// BENCH_ONLY=intel: only the threat library benchmark (its section of RESULTS.md replaced, the rest kept).
if (process.env.BENCH_ONLY === 'intel') {
  writeIntelSection((await intelBench()).markdown);
  process.exit(0);
}

// BENCH_ONLY=webhooks: only the webhook delivery benchmark; its section of RESULTS.md is replaced, the rest kept.
if (process.env.BENCH_ONLY === 'webhooks') {
  writeWebhookSection((await webhooksBench()).markdown);
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

const { info, stop } = await startServers();
try {
  const credentials = { id: info.creds.userId, key: info.creds.apiKey, algorithm: 'sha256' as const };
  const sign = (url: string) => clientHeader(url, 'GET', { credentials, ext: info.creds.orgId }).header;

  // warm-up (JIT, SQLite page cache)
  await load(`${info.bareUrl}/`, { connections: 10, durationS: 2 });
  await load(`${info.vigilUrl}/v2/alerts?status=active`, { connections: 10, durationS: 2, sign, maxRps: 20_000 });

  const bare = await measure('bare fastify GET / (constant)', `${info.bareUrl}/`);
  const agentCopy = await measure('bare fastify GET /agent-copy (the agent response below, body and headers as constants)', `${info.bareUrl}/agent-copy`);
  const hawkCopy = await measure('bare fastify + Hawk only GET /hawk-agent-copy (request MAC and nonce checked, reply signed; the same constants)', `${info.bareUrl}/hawk-agent-copy`, sign, 40_000);
  const agent = await measure('Hawk GET /v2/agents/{id}', `${info.vigilUrl}/v2/agents/${info.agentId}`, sign, 40_000);
  const alerts = await measure('Hawk GET /v2/alerts?status=active (100 alerts)', `${info.vigilUrl}/v2/alerts?status=active`, sign, 20_000);

  // Every request a different `until` (far in the future, so the same 100 alerts): no cached response can
  // serve it, so this row is the full path — read 101 rows, build, serialise and hash 54 KB.
  const uncached = await measure(
    'Hawk GET /v2/alerts?status=active&until=… (100 alerts, every request a cache miss)',
    `${info.vigilUrl}/v2/alerts?status=active`,
    sign,
    5_000,
    (i) => `${info.vigilUrl}/v2/alerts?status=active&until=${new Date(Date.UTC(2100, 0, 1) + i).toISOString()}`,
  );

  const rows = [bare, agentCopy, hawkCopy, agent, alerts, uncached];
  const ratio = (r: Result) => (r.rps / bare.rps).toFixed(2);
  const checks = [
    { what: 'single object ≥ 0.5× bare route', ok: agent.rps >= 0.5 * bare.rps, value: `${ratio(agent)}×` },
    { what: 'page of 100 alerts ≥ 3,000 req/s', ok: alerts.rps >= 3000, value: `${Math.round(alerts.rps)} req/s` },
  ];
  const bad = rows.filter((r) => r.non2xx > 0 || r.errors > 0);

  const table = [
    '| benchmark | requests/s | ratio to bare | p50 ms | p99 ms | non-2xx | errors |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.name} | ${Math.round(r.rps)} | ${ratio(r)}× | ${r.p50} | ${r.p99} | ${r.non2xx} | ${r.errors} |`),
  ].join('\n');
  const verdicts = [
    ...checks.map((c) => `- ${c.ok ? 'PASS' : 'MISS'}: ${c.what} — measured ${c.value}`),
    // No target: how far the response itself and Hawk alone already are from the bare route.
    `- for reference (no target): the agent's response written with no work at all runs at ${ratio(agentCopy)}× the bare route, and with Hawk's checks and signature alone at ${ratio(hawkCopy)}×; Vigil's GET /v2/agents/{id} runs at ${(agent.rps / hawkCopy.rps).toFixed(2)}× the Hawk-only route`,
  ].join('\n');
  console.log(table);
  console.log(verdicts);
  if (bad.length) console.log(`WARNING: non-2xx or errors in ${bad.map((b) => b.name).join(', ')}`);

  const ingest = await ingestBench(info.vigilUrl, info.deployKey, DURATION_S);
  const ingestRatio = ingest.vigilEventsPerSec / ingest.baselineEventsPerSec;
  const ingestTable = [
    '| ingest | events/s | ratio to baseline |',
    '|---|---:|---:|',
    `| baseline: JSON.parse + one bulk SQLite insert per batch, no HTTP/auth/rules | ${Math.round(ingest.baselineEventsPerSec)} | 1.00× |`,
    `| Vigil: POST /agent/v1/events, 1,000-event batches, ${info.enabledRules} enabled rules, stored | ${Math.round(ingest.vigilEventsPerSec)} | ${ingestRatio.toFixed(2)}× |`,
  ].join('\n');
  const ingestVerdicts = [
    `- ${ingest.vigilEventsPerSec >= 50_000 ? 'PASS' : 'MISS'}: ingest ≥ 50,000 events/s — measured ${Math.round(ingest.vigilEventsPerSec)} (${ingest.batches} batches, ${ingest.failures} refused)`,
    `- ${ingestRatio >= 0.5 ? 'PASS' : 'MISS'}: ingest ≥ 0.5× baseline — measured ${ingestRatio.toFixed(2)}×`,
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

  const date = new Date().toISOString().slice(0, 10);
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  // A soak section (BENCH_ONLY=soak, minutes long) is kept across full runs, which do not repeat it.
  const previous = existsSync(new URL('./RESULTS.md', import.meta.url)) ? readFileSync(new URL('./RESULTS.md', import.meta.url), 'utf8') : '';
  const soakAt = previous.indexOf(SOAK_HEADING);
  const soakEnd = soakAt < 0 ? -1 : previous.indexOf('\n## ', soakAt + SOAK_HEADING.length);
  const keptSoak = soakAt < 0 ? undefined : previous.slice(soakAt, soakEnd < 0 ? undefined : soakEnd + 1);
  writeFileSync(
    new URL('./RESULTS.md', import.meta.url),
    `# Benchmark results

Measured by \`npm run bench\` on ${date}: ${machine}.
One run: the servers (Vigil on SQLite with the demo dataset, and a bare fastify server) in one child process,
${rows[0]!.tool} (one thread) with ${CONNECTIONS} connections for ${DURATION_S} s per row, on the same machine.
Every Vigil request carries a fresh Hawk header (signed by the load generator), passes the IP and organization
rate limiters and the nonce cache, and gets a signed \`Server-Authorization\` back.

Repeated identical GETs are answered from Vigil's response cache, which is validated on every request against
the organization's change counter (kept by database triggers, so a write by any process invalidates it); the
last row defeats the cache with a different \`until\` on every request and shows the full read path.

Two reference rows on the bare server have no target. \`/agent-copy\` answers with the exact bytes of Vigil's
agent response (body and headers, fetched once at start) as constants: the cost of the response itself.
\`/hawk-agent-copy\` adds only what any Hawk server must do (parse the header, check the request MAC and nonce,
sign the reply with \`Server-Authorization\`), with one fixed credential and no database, rate limits or hooks.

## REST v2 reads (issue #3)

${table}

${verdicts}

## Event ingest (issue #4)

Four agents, four concurrent senders in the benchmark process, each batch a JSON array of 1,000 events
(about 0.1 % of them match a rule), Hawk-signed, stored durably before the 200 (one row per batch). Detection
runs in its worker thread on the stored batches as they arrive; this row counts acknowledged events, and the
paced run below shows detection keeping pace at 10,000 events/s.

${ingestTable}

${ingestVerdicts}

Event→alert latency: ten 1,000-event batches per second (10,000 events/s) for ${latency.seconds} s
(\`BENCH_SOAK_SECONDS\` lengthens it), one event per batch a sudo by a user name unique to the batch; a poller
reads GET /v2/alerts?status=active over Hawk every 50 ms, and each latency runs from the batch's POST being
sent to its alert first being read (so it includes up to one poll interval).

${latencyLines}
`,
  );
  if (keptSoak) writeResultsSection(SOAK_HEADING, keptSoak);
} finally {
  stop();
}

// Webhook delivery (issue #5): its own store and receiver; appends its section to RESULTS.md.
writeWebhookSection((await webhooksBench()).markdown);

// Threat library (issue #7): its own server process; appends its section to RESULTS.md.
writeIntelSection((await intelBench()).markdown);
