/**
 * Webhook delivery (issue #5), run by `npm run bench` or alone with `BENCH_ONLY=webhooks npm run bench`.
 *
 * (a) Throughput: N alerts are committed with one enabled endpoint (N pending deliveries in the outbox),
 *     then the delivery worker — configured as `vigil serve` configures it — sends them all to an HTTPS
 *     receiver on 127.0.0.1 (its own process, self-signed certificate passed as the extra CA) and records
 *     every attempt. Baseline, same run, same receiver: a plain keep-alive `https.request` POST loop of the
 *     same signed bodies with the same concurrency and nothing else (no database, no lookups).
 * (b) Latency: alerts committed at 200/s (20 commits of 10 alerts per second, through the store's alert
 *     transaction that also writes the outbox, as detection's commit does) for ~10 s while the worker runs
 *     with its default 1 s poll; the receiver measures from each alert's `created_at` to its arrival.
 *
 * This module is also the receiver: `node bench/webhooks.ts receiver` (spawned with an IPC channel), which
 * runs `receiver-worker` processes with node:cluster.
 * @module
 */
import { writeResultsSection } from './results-section.js';
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import cluster from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, createServer, request } from 'node:https';
import { cpus } from 'node:os';
import { tmpdir } from 'node:os';
import { createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { createSecureContext, rootCertificates } from 'node:tls';
import { openStore, type NewAlert, type Store } from '@vigil/store';
import {
  deliverOptionsFrom,
  newWebhookSecret,
  signedHeaders,
  startWebhookWorker,
  WEBHOOK_CONCURRENCY as CONCURRENCY,
  webhookPayload,
} from '@vigil/server';

const DELIVERIES = Number(process.env.BENCH_WEBHOOK_DELIVERIES ?? 10_000);
const LATENCY_SECONDS = Number(process.env.BENCH_WEBHOOK_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_WEBHOOK_ROUNDS ?? 3);
const ALERTS_PER_SEC = 200;
const COMMITS_PER_SEC = 20;
const SECTION = '## Webhooks (issue #5)';

export interface WebhooksBenchResult {
  deliveries: number;
  vigilPerSec: number;
  baselinePerSec: number;
  latency: { alerts: number; received: number; p50Ms: number; p99Ms: number; maxMs: number };
  markdown: string;
}

// ---------------------------------------------------------------- receiver (child process)

interface ReceiverStats {
  count: number;
  latencies: number[];
}

/** Receiver processes (node:cluster workers sharing the port), so the receiver is not the first bottleneck. */
const RECEIVER_WORKERS = Number(process.env.BENCH_WEBHOOK_RECEIVERS ?? 2);

/** One receiver worker: answers 204, counts, and measures latency from `created_at` when asked. */
function runReceiverWorker(keyFile: string, certFile: string, port: number): void {
  let stats: ReceiverStats = { count: 0, latencies: [] };
  let measureLatency = false;
  const server = createServer({ key: readFileSync(keyFile), cert: readFileSync(certFile) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const arrived = Date.now();
      stats.count++;
      if (measureLatency) {
        const created = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { alerts: Array<{ created_at: number }> }).alerts[0]!.created_at;
        stats.latencies.push(arrived - created);
      }
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 30_000;
  server.listen(port, '127.0.0.1', () => process.send!({ type: 'listening' }));
  process.on('message', (msg: { type: string; latency?: boolean }) => {
    if (msg.type === 'reset') {
      stats = { count: 0, latencies: [] };
      measureLatency = msg.latency === true;
      process.send!({ type: 'reset' });
    } else if (msg.type === 'stats') {
      process.send!({ type: 'stats', stats });
    }
  });
}

/** The receiver's primary: makes the certificate, starts the workers, relays the bench's questions to them. */
async function runReceiver(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-receiver-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1',
  ], { stdio: 'ignore' });
  // A free port for every worker to share.
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
  cluster.setupPrimary({ exec: new URL(import.meta.url).pathname, args: ['receiver-worker', keyFile, certFile, String(port)], execArgv: ['--conditions=source', '--import', 'tsx'] });
  const workers = Array.from({ length: RECEIVER_WORKERS }, () => cluster.fork());
  const all = (type: string, send?: object) =>
    Promise.all(
      workers.map(
        (w) =>
          new Promise<any>((resolve) => {
            const onMessage = (msg: any) => {
              if (msg.type !== type) return;
              w.off('message', onMessage);
              resolve(msg);
            };
            w.on('message', onMessage);
            if (send) w.send(send);
          }),
      ),
    );
  await all('listening');
  process.send!({ type: 'ready', url: `https://127.0.0.1:${port}`, caFile: certFile });
  process.on('message', async (msg: { type: string; latency?: boolean }) => {
    if (msg.type === 'reset') {
      await all('reset', msg);
      process.send!({ type: 'reset' });
    } else if (msg.type === 'stats') {
      const parts = (await all('stats', msg)).map((m) => m.stats as ReceiverStats);
      process.send!({ type: 'stats', stats: { count: parts.reduce((n, p) => n + p.count, 0), latencies: parts.flatMap((p) => p.latencies) } });
    } else if (msg.type === 'exit') {
      for (const w of workers) w.kill();
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    }
  });
}

interface ReceiverHandle {
  url: string;
  caFile: string;
  reset(latency: boolean): Promise<void>;
  stats(): Promise<ReceiverStats>;
  stop(): void;
}

async function startReceiverProcess(): Promise<ReceiverHandle> {
  const child: ChildProcess = fork(new URL(import.meta.url).pathname, ['receiver'], {
    execArgv: ['--conditions=source', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = (type: string) =>
    new Promise<any>((resolve, reject) => {
      const onMessage = (msg: any) => {
        if (msg.type !== type) return;
        child.off('message', onMessage);
        resolve(msg);
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`bench receiver exited with ${code}`)));
    });
  const ready = await next('ready');
  return {
    url: ready.url,
    caFile: ready.caFile,
    async reset(latency) {
      const done = next('reset');
      child.send({ type: 'reset', latency });
      await done;
    },
    async stats() {
      const answer = next('stats');
      child.send({ type: 'stats' });
      return (await answer).stats as ReceiverStats;
    },
    stop() {
      child.send({ type: 'exit' });
    },
  };
}

// ---------------------------------------------------------------- measurements

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** CPU this process used since `before`, as a percentage of one core over `seconds`. */
function cpuShare(before: NodeJS.CpuUsage, seconds: number): number {
  const used = process.cpuUsage(before);
  return Math.round((used.user + used.system) / 1e4 / seconds);
}

function newAlert(orgId: string, i: number): NewAlert {
  return {
    orgId,
    title: `Bench alert ${i}: sudo by a non-admin user`,
    dataSource: 'agent',
    createdAt: Date.now(),
    severity: 1,
    agentId: null,
    ruleId: null,
    rulesetId: null,
    aggregates: [{ fieldName: 'user', fieldValue: `u${i}` }],
  };
}

/** The plain client: the same bodies, signed the same way, `concurrency` keep-alive POST loops. */
async function baselineLoop(url: string, caFile: string, bodies: string[], secret: string, concurrency: number): Promise<number> {
  const agent = new Agent({
    keepAlive: true,
    maxSockets: concurrency,
    secureContext: createSecureContext({ ca: [...rootCertificates, readFileSync(caFile, 'utf8')] }),
  });
  const post = (body: string, id: string) =>
    new Promise<void>((resolve, reject) => {
      const req = request(url, { method: 'POST', agent, headers: { ...signedHeaders([secret], id, body), 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode! < 300 ? resolve() : reject(new Error(`baseline got ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end(body);
    });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const i = next++;
        await post(bodies[i]!, `msg_baseline_${i}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return bodies.length / seconds;
}

async function createAlerts(store: Store, orgId: string, n: number, from = 0): Promise<void> {
  for (let i = 0; i < n; i += 1000) {
    await store.alerts.createMany(Array.from({ length: Math.min(1000, n - i) }, (_, k) => ({ alert: newAlert(orgId, from + i + k) })));
  }
}

/** Runs both measurements; prints them and returns the markdown section for RESULTS.md. */
export async function webhooksBench(): Promise<WebhooksBenchResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-webhooks-'));
  const receiver = await startReceiverProcess();
  const store = await openStore({ url: `sqlite:${join(dataDir, 'vigil.db')}`, secret: randomBytes(24).toString('hex') });
  try {
    const org = await store.organizations.create({ id: 'benchorg', name: 'Bench' });
    const secret = newWebhookSecret();
    await store.webhooks.createEndpoint({ orgId: org.id, url: `${receiver.url}/hook`, secret });
    const config = { allowHttp: false, allowPrivate: true, caFile: receiver.caFile, timeoutMs: 10_000, leaseMs: 30_000 };

    // Warm-up: JIT, TLS sessions, SQLite pages (not measured).
    await createAlerts(store, org.id, 500, 1_000_000);
    const warm = startWebhookWorker({ store, deliverOptions: deliverOptionsFrom(config), consoleUrl: 'http://127.0.0.1' });
    await warm.tick();
    await warm.stop();

    // (a) throughput, in alternating rounds (Vigil, then baseline) so both see the same share of a machine
    // other work also uses; the best round of each is reported.
    const endpointId = (await store.webhooks.listEndpoints(org.id))[0]!.id;
    const sample = (await store.alerts.list(org.id, { isDismissed: false }, { limit: 1 })).items[0]!;
    const bodies = Array.from({ length: DELIVERIES }, (_, i) =>
      JSON.stringify(webhookPayload('threatstack', { ...sample, id: `${sample.id}-${i}` }, { organizationName: 'Bench', host: null, consoleUrl: 'http://127.0.0.1' })),
    );
    const rounds: Array<{ vigil: number; vigilCpu: number; baseline: number; baselineCpu: number }> = [];
    for (let round = 0; round < ROUNDS; round++) {
      // The outbox holds DELIVERIES pending deliveries before the worker starts.
      await createAlerts(store, org.id, DELIVERIES, round * DELIVERIES);
      await receiver.reset(false);
      const worker = startWebhookWorker({ store, deliverOptions: deliverOptionsFrom(config), consoleUrl: 'http://127.0.0.1' });
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      const attempted = await worker.tick();
      const vigilSeconds = (performance.now() - started) / 1000;
      const vigilCpu = cpuShare(cpuBefore, vigilSeconds);
      await worker.stop();
      const received = (await receiver.stats()).count;
      const unfinished =
        (await store.webhooks.pageDeliveries(org.id, endpointId, { status: 'pending' }, { limit: 1 })).items.length +
        (await store.webhooks.pageDeliveries(org.id, endpointId, { status: 'failed' }, { limit: 1 })).items.length;
      if (attempted !== DELIVERIES || received < DELIVERIES || unfinished > 0) {
        throw new Error(`webhook throughput run incomplete: ${attempted} attempted, ${received} received, unfinished: ${unfinished}`);
      }

      await receiver.reset(false);
      const baselineCpuBefore = process.cpuUsage();
      const baseline = await baselineLoop(`${receiver.url}/hook`, receiver.caFile, bodies, secret, CONCURRENCY);
      rounds.push({ vigil: DELIVERIES / vigilSeconds, vigilCpu, baseline, baselineCpu: cpuShare(baselineCpuBefore, DELIVERIES / baseline) });
    }
    const best = <K extends 'vigil' | 'baseline'>(key: K) => rounds.reduce((a, b) => (b[key] > a[key] ? b : a));
    const vigilPerSec = best('vigil').vigil;
    const vigilCpu = best('vigil').vigilCpu;
    const baselinePerSec = best('baseline').baseline;
    const baselineCpu = best('baseline').baselineCpu;
    const allRounds = rounds.map((r) => `${Math.round(r.vigil)} vs ${Math.round(r.baseline)}`).join(', ');

    // (b) latency at 200 alerts/s, the worker as `vigil serve` runs it (1 s poll; woken by the outbox).
    await receiver.reset(true);
    const live = startWebhookWorker({ store, deliverOptions: deliverOptionsFrom(config), consoleUrl: 'http://127.0.0.1', intervalMs: 1000 });
    const perCommit = ALERTS_PER_SEC / COMMITS_PER_SEC;
    const commits = LATENCY_SECONDS * COMMITS_PER_SEC;
    const t0 = performance.now();
    for (let c = 0; c < commits; c++) {
      const due = t0 + (c * 1000) / COMMITS_PER_SEC;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      await store.alerts.createMany(Array.from({ length: perCommit }, (_, k) => ({ alert: newAlert(org.id, 2_000_000 + c * perCommit + k) })));
    }
    const sent = commits * perCommit;
    const graceEnd = Date.now() + 10_000;
    let stats = await receiver.stats();
    while (stats.count < sent && Date.now() < graceEnd) {
      await sleep(100);
      stats = await receiver.stats();
    }
    await live.stop();
    const sorted = [...stats.latencies].sort((a, b) => a - b);
    // Alerts that never arrived count as infinitely late.
    for (let i = stats.latencies.length; i < sent; i++) sorted.push(Number.POSITIVE_INFINITY);
    const latency = { alerts: sent, received: stats.count, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), maxMs: sorted.at(-1)! };

    const ratio = vigilPerSec / baselinePerSec;
    const ms = (v: number) => (Number.isFinite(v) ? `${v} ms` : 'never');
    const date = new Date().toISOString().slice(0, 10);
    const table = [
      '| webhook delivery | deliveries/s | ratio to baseline | sender CPU (share of one core) |',
      '|---|---:|---:|---:|',
      `| baseline: plain keep-alive https.request POST loop, same bodies and signature headers, ${CONCURRENCY} concurrent, no database | ${Math.round(baselinePerSec)} | 1.00× | ${baselineCpu} % |`,
      `| Vigil: delivery worker, ${DELIVERIES.toLocaleString('en')} pending deliveries, claim + lookups + sign + send + attempt log (SQLite) | ${Math.round(vigilPerSec)} | ${ratio.toFixed(2)}× | ${vigilCpu} % |`,
    ].join('\n');
    const verdicts = [
      `- ${vigilPerSec >= 2000 ? 'PASS' : 'MISS'}: ≥ 2,000 deliveries/s — measured ${Math.round(vigilPerSec)}/s (best of ${ROUNDS} rounds of ${DELIVERIES}; baseline best ${Math.round(baselinePerSec)}/s, ratio ${ratio.toFixed(2)}×; rounds Vigil vs baseline: ${allRounds})`,
      `- ${latency.p99Ms < 500 && latency.received >= sent ? 'PASS' : 'MISS'}: alert creation → receiver p99 < 500 ms at ${ALERTS_PER_SEC} alerts/s — measured p50 ${ms(latency.p50Ms)}, p99 ${ms(latency.p99Ms)}, max ${ms(latency.maxMs)} (${sent} alerts over ${LATENCY_SECONDS} s, ${stats.count} received)`,
    ].join('\n');
    console.log(table);
    console.log(verdicts);
    const markdown = `${SECTION}

Measured on ${date} (${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}), \`BENCH_ONLY=webhooks npm run bench\` or
as part of \`npm run bench\`. Vigil's side (SQLite store and the delivery worker as \`vigil serve\` configures it)
runs in the benchmark process; the HTTPS receiver (Node, self-signed certificate passed as the extra CA, answers
204) in ${RECEIVER_WORKERS} child processes sharing one port on 127.0.0.1. Other work on the machine makes these figures noisy.

Throughput: ${DELIVERIES.toLocaleString('en')} alerts are committed with one enabled endpoint, then the worker starts and sends
the whole outbox (lease-claims in batches, up to ${CONCURRENCY} sends in flight over keep-alive connections, attempts written by
group commit). The baseline sends the same signed bodies to the same receiver with the same concurrency and nothing else.
${ROUNDS} rounds alternate the two; the table shows the best of each.
The last column is the CPU the sending process used: well under 100 % means the sender waited on the receiver (or
on a machine shared with other work), not on its own code.

${table}

Latency: ${ALERTS_PER_SEC} alerts/s for ${LATENCY_SECONDS} s, committed ${COMMITS_PER_SEC} times a second in groups of ${perCommit} through the store's alert
transaction (which writes the outbox, as detection's commit does; the agent→detection part is measured in the
issue #4 section), with the worker polling every 1 s and woken by the outbox. Latency runs from the alert's
\`created_at\` to its arrival at the receiver.

${verdicts}
`;
    return { deliveries: DELIVERIES, vigilPerSec, baselinePerSec, latency, markdown };
  } finally {
    await store.close();
    receiver.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Replaces (or appends) this benchmark's section of RESULTS.md, keeping the rest. */
export function writeWebhookSection(markdown: string): void {
  writeResultsSection(SECTION, markdown);
}

if (process.argv[2] === 'receiver') await runReceiver();
if (process.argv[2] === 'receiver-worker') runReceiverWorker(process.argv[3]!, process.argv[4]!, Number(process.argv[5]));
