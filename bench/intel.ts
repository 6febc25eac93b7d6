/**
 * Threat library benchmark (issue #7), run by `npm run bench` or alone with `BENCH_ONLY=intel npm run bench`.
 * One run, one machine, Vigil on SQLite in a child process (`node bench/intel.ts server`, IPC for its RSS):
 * - consume: `POST /api/indicators/consume`, 2,000 indicators per request (IPv4 addresses, FQDNs and SHA-256
 *   hashes, one source each), until BENCH_INTEL_INDICATORS (default 1,000,000) are loaded; baseline in the
 *   same run: JSON.parse of the same bodies plus one bulk insert per body into a bare SQLite table;
 * - `GET /api/indicators?value=…` requests/s (each request another loaded value; wrk when installed);
 * - ingest events/s (bench/ingest.ts, ~100 Host rules) before any indicator exists and without ThreatIntel
 *   rules, then with three ThreatIntel rules and every indicator loaded (detection indexes them);
 * - the server's RSS with every indicator loaded and indexed by detection.
 * @module
 */
import { writeResultsSection } from './results-section.js';
import { fork, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ingestBench } from './ingest.js';
import { load, loadGenerator } from './load.js';

const TOTAL = Number(process.env.BENCH_INTEL_INDICATORS ?? 1_000_000);
const PER_REQUEST = 2000;
const SECONDS = Number(process.env.BENCH_DURATION ?? 10);
const SECTION = '## Threat library (issue #7)';

interface ServerInfo {
  url: string;
  orgId: string;
  clientId: string;
  clientSecret: string;
  deployKey: string;
  enabledRules: number;
}

// ---------------------------------------------------------------- server (child process)

async function runServer(): Promise<void> {
  const { loadConfig, startServer } = await import('@vigil/server');
  const { installBenchRules } = await import('./bench-rules.js');
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-intel-'));
  const creds = { orgId: 'benchorg', userId: 'benchuser', apiKey: randomBytes(32).toString('base64url') };
  const vigil = await startServer(
    loadConfig(
      {},
      {
        host: '127.0.0.1',
        port: 0,
        databaseUrl: `sqlite:${join(dataDir, 'vigil.db')}`,
        dataDir,
        logLevel: 'warn',
        rateLimit: { perOrg: 1e9, perIp: 1e9, lockoutSeconds: 900 },
        bootstrap: { ...creds, orgName: 'Bench', email: 'bench@example.com' },
      },
    ),
    { print: () => {}, logger: false },
  );
  const store = vigil.store;
  const { client, secret } = await store.oauth.createClient({ orgId: creds.orgId, userId: creds.userId, name: 'bench' });
  const { key: deployKey } = await store.deployKeys.issue(creds.orgId);
  const enabledRules = await installBenchRules(store, creds.orgId);
  const info: ServerInfo = { url: vigil.url, orgId: creds.orgId, clientId: client.id, clientSecret: secret, deployKey, enabledRules };
  process.on('message', async (msg: { type: string }) => {
    if (msg.type === 'rss') process.send!({ type: 'rss', rss: process.memoryUsage().rss });
    if (msg.type === 'intel-rules') {
      const ruleset = await store.rulesets.create({ orgId: creds.orgId, name: 'Threat intel', description: 'bench' });
      const rules = [
        ['Connection to a known bad address', 'event_type = "connect"'],
        ['Known bad file', 'event_type = "file"'],
        ['Any known bad indicator', ''],
      ];
      for (const [name, filter] of rules) {
        await store.rulesets.createRule({
          orgId: creds.orgId, rulesetId: ruleset.id, name: name!, type: 'ThreatIntel', title: '{{threatintel_type}} {{threatintel_value}}',
          severityOfAlerts: 1, alertDescription: 'bench', aggregateFields: [], filter: filter!, window: 3600, threshold: 1, suppressions: [], enabled: true,
        });
      }
      process.send!({ type: 'intel-rules' });
    }
  });
  process.once('SIGTERM', () => {
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
  process.send!({ type: 'ready', info });
}

// ---------------------------------------------------------------- benchmark (parent)

/** The i-th generated indicator: an IPv4 address, an FQDN or a SHA-256 hash, all distinct. */
function indicatorAt(i: number): { value: string; type: string } {
  switch (i % 3) {
    case 0:
      return { value: `11.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, type: 'IP Address' };
    case 1:
      return { value: `h${i}.bench-intel.example`, type: 'FQDN' };
    default:
      return { value: createHash('sha256').update(String(i)).digest('hex'), type: 'SHA-256' };
  }
}

function consumeBody(first: number): string {
  const items = [];
  for (let i = first; i < first + PER_REQUEST; i++) items.push({ ...indicatorAt(i), status: 'Active', sources: [{ name: 'Bench feed' }] });
  return JSON.stringify(items);
}

/** The floor: parse each body and insert its items into a bare table in one transaction. */
function consumeBaseline(bodies: string[]): number {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-intel-baseline-'));
  try {
    const db = new Database(join(dir, 'b.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('create table indicators (id integer primary key, type text, value text, status text)');
    const insert = db.prepare('insert into indicators (type, value, status) values (?, ?, ?)');
    const insertAll = db.transaction((items: Array<{ type: string; value: string; status: string }>) => {
      for (const item of items) insert.run(item.type, item.value, item.status);
    });
    let n = 0;
    const started = performance.now();
    for (const body of bodies) {
      const items = JSON.parse(body) as Array<{ type: string; value: string; status: string }>;
      insertAll(items);
      n += items.length;
    }
    const rate = n / ((performance.now() - started) / 1000);
    db.close();
    return rate;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function ask<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (msg: { type: string } & T) => {
      if (msg.type !== type) return;
      child.off('message', on);
      resolve(msg);
    };
    child.on('message', on);
    child.send({ type });
  });
}

export interface IntelBenchResult {
  markdown: string;
}

export async function intelBench(): Promise<IntelBenchResult> {
  const child = fork(new URL(import.meta.url).pathname, ['server'], {
    execArgv: ['--conditions=source', '--import', 'tsx', ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', 'bench/profiles'] : [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const { info } = await new Promise<{ info: ServerInfo }>((resolve, reject) => {
      child.once('message', (msg: { type: string; info: ServerInfo }) => resolve(msg));
      child.once('exit', (code) => reject(new Error(`intel bench server exited with ${code}`)));
    });
    const tokenRes = await fetch(`${info.url}/api/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${info.clientId}:${info.clientSecret}`).toString('base64')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    if (tokenRes.status !== 200) throw new Error(`token → ${tokenRes.status} ${await tokenRes.text()}`);
    const token = ((await tokenRes.json()) as { access_token: string }).access_token;
    const rssOf = async () => (await ask<{ rss: number }>(child, 'rss')).rss;

    const loadBefore = loadavg()[0]!;
    // Ingest without ThreatIntel rules or indicators.
    const plain = await ingestBench(info.url, info.deployKey, SECONDS);

    // Consume: the baseline over the first 100 bodies, then Vigil over every indicator, one request at a time.
    const baseline = consumeBaseline(Array.from({ length: Math.min(100, TOTAL / PER_REQUEST) }, (_, i) => consumeBody(i * PER_REQUEST)));
    let consumeMs = 0;
    let refused = 0;
    for (let first = 0; first < TOTAL; first += PER_REQUEST) {
      const body = consumeBody(first);
      const started = performance.now();
      const res = await fetch(`${info.url}/api/indicators/consume`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
      await res.arrayBuffer();
      consumeMs += performance.now() - started;
      if (res.status !== 201 && res.status !== 200) refused++;
    }
    const consumeRate = TOTAL / (consumeMs / 1000);

    // Lookups by value, every request another loaded value. A 2-s warm-up first, as the REST v2 rows have
    // (JIT of the route, the read connection's statement); it looks up other values than the measured run.
    const lookupUrl = (i: number) => `${info.url}/api/indicators?value=${encodeURIComponent(indicatorAt(i % TOTAL).value)}`;
    await load(lookupUrl(1), { connections: 10, durationS: 2, sign: () => `Bearer ${token}`, maxRps: 20_000, vary: (i) => lookupUrl(i * 7919 + 1) });
    const lookups = await load(lookupUrl(0), { connections: 50, durationS: SECONDS, sign: () => `Bearer ${token}`, maxRps: 20_000, vary: (i) => lookupUrl(i * 7919) });

    // Ingest with ThreatIntel rules over every indicator (detection builds its index on the first batch).
    await ask(child, 'intel-rules');
    const intel = await ingestBench(info.url, info.deployKey, SECONDS);
    const rss = await rssOf();

    const ingestRatio = intel.vigilEventsPerSec / plain.vigilEventsPerSec;
    const n = (v: number) => Math.round(v).toLocaleString('en-US');
    const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
    const rows = [
      '| threat library | measured | target |',
      '|---|---:|---:|',
      `| baseline: JSON.parse + one bulk SQLite insert per 2,000 indicators into a bare table | ${n(baseline)} indicators/s | — |`,
      `| POST /api/indicators/consume, 2,000 per request, ${n(TOTAL)} indicators (${refused} requests refused) | ${n(consumeRate)} indicators/s (${(consumeRate / baseline).toFixed(2)}× baseline) | ≥ 30,000 |`,
      `| GET /api/indicators?value=… (Bearer, 50 connections, ${lookups.non2xx} non-2xx, ${lookups.errors} errors) | ${n(lookups.rps)} requests/s (p50 ${lookups.p50} ms, p99 ${lookups.p99} ms) | ≥ 5,000 |`,
      `| server RSS with ${n(TOTAL)} indicators loaded and indexed by detection | ${mib(rss)} MiB | < 1,024 MiB |`,
      `| ingest, ${info.enabledRules} Host rules, no indicators | ${n(plain.vigilEventsPerSec)} events/s | — |`,
      `| ingest, the same + 3 ThreatIntel rules over ${n(TOTAL)} indicators | ${n(intel.vigilEventsPerSec)} events/s (${ingestRatio.toFixed(2)}×) | ≥ 0.85× |`,
    ].join('\n');
    const verdicts = [
      [consumeRate >= 30_000 && refused === 0, `consume ≥ 30,000 indicators/s — measured ${n(consumeRate)}`],
      [lookups.rps >= 5000 && lookups.non2xx === 0, `GET by value ≥ 5,000 requests/s — measured ${n(lookups.rps)}`],
      [rss < 2 ** 30, `RSS with ${n(TOTAL)} indicators < 1 GB — measured ${mib(rss)} MiB`],
      [ingestRatio >= 0.85, `ingest with ThreatIntel rules ≥ 0.85× without — measured ${ingestRatio.toFixed(2)}×`],
    ]
      .map(([ok, what]) => `- ${ok ? 'PASS' : 'MISS'}: ${what}`)
      .join('\n');
    console.log(rows);
    console.log(verdicts);
    const markdown = `${SECTION}

Vigil on SQLite in its own process (detection in its worker thread), the load generator (${loadGenerator()}
for lookups, fetch for consume and ingest) in the benchmark process, on the same shared machine: other work on
it makes these figures noisy (1-minute load average ${loadBefore.toFixed(1)} at the start of this run and
${loadavg()[0]!.toFixed(1)} at its end, on ${cpus().length} cores). Consume requests are sent one at a time, each 2,000 new indicators (IPv4
addresses, FQDNs, SHA-256 hashes) with one source; lookups by value follow a 2-s warm-up on other values; ingest is bench/ingest.ts's run (1,000-event batches, four
senders), first before any indicator exists, then with three ThreatIntel rules enabled and every indicator
loaded, so every connect and file event is looked up in detection's in-memory index.

${rows}

${verdicts}
`;
    return { markdown };
  } finally {
    child.kill('SIGTERM');
  }
}

/** Replaces (or appends) this benchmark's section of RESULTS.md, keeping the rest. */
export function writeIntelSection(markdown: string): void {
  writeResultsSection(SECTION, markdown);
}

if (process.argv[2] === 'server') await runServer();
