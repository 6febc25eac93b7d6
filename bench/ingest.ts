/**
 * Ingest benchmark (issue #4): agents post batches of 1,000 events over HTTP (Hawk-signed JSON arrays) with
 * ~100 enabled rules; about 0.1 % of events match a rule. The baseline, measured in the same run on the same
 * machine, does the same storage work as Vigil without anything else: JSON.parse of the same bodies, the
 * events serialised again and stored as ONE row per batch (as Vigil stores them, in a table shaped like
 * Vigil's `event_batches`, in a SQLite file next to Vigil's with the same settings), without HTTP, auth,
 * validation or rules.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { AgentClient, ApiError, ConnectionError, type AgentCredentials, type EncodedBatch } from '@vigil/sdk';

export interface IngestResult {
  vigilEventsPerSec: number;
  batches: number;
  failures: number;
}

const BATCH = 1000;
const AGENTS = 4;
const CONCURRENCY = 4;

/**
 * One batch of 1,000 background events (one of them a sudo by `intern`).
 * ```ts
 * const body = JSON.stringify(makeBatch(0));
 * ```
 */
export function makeBatch(seed: number): object[] {
  const now = Date.now();
  const events: object[] = [];
  for (let i = 0; i < BATCH; i++) {
    const n = seed * BATCH + i;
    // One event in a thousand is a sudo by an unexpected user, which the default rules alert on.
    if (i === 500) {
      events.push({ event_type: 'sudo', timestamp: now, user: 'intern', command: 'sudo', exe: '/usr/bin/sudo', args: ['sudo', 'su', '-'], uid: 1004, tty: 'pts/1', session: 7 });
      continue;
    }
    switch (n % 4) {
      case 0:
        events.push({ event_type: 'audit', type: 'start', syscall: 'execve', timestamp: now, exe: '/usr/bin/ls', command: 'ls', args: ['ls', '-la', `/srv/app/${n % 97}`], user: 'deploy', uid: 1001, pid: 4000 + (n % 5000), ppid: 3999, tty: 'pts/0', session: 12 });
        break;
      case 1:
        events.push({ event_type: 'connect', timestamp: now, exe: '/usr/sbin/nginx', command: 'nginx', user: 'www-data', src_ip: '10.0.3.17', src_port: 40000 + (n % 20000), dst_ip: '10.0.5.20', dst_port: 5432, protocol: 'tcp' });
        break;
      case 2:
        events.push({ event_type: 'file', type: 'open', syscall: 'openat', timestamp: now, filename: `/var/www/static/${n % 500}.css`, exe: '/usr/sbin/nginx', command: 'nginx', user: 'www-data' });
        break;
      default:
        events.push({ event_type: 'audit', type: 'start', syscall: 'execve', timestamp: now, exe: '/usr/bin/python3', command: 'python3', args: ['python3', '/srv/app/worker.py'], user: 'app', uid: 1002, pid: 9000 + (n % 3000), ppid: 1, session: 4294967295 });
    }
  }
  return events;
}

/**
 * The floor of storing a batch: parse the body, serialise its events again and insert them as one row, in
 * a SQLite file in `dir` with Vigil's settings (WAL, synchronous NORMAL) and `event_batches`' columns,
 * primary key and indexes.
 * ```ts
 * const eventsPerSec = ingestBaseline(10, dataDir);
 * ```
 */
export function ingestBaseline(seconds: number, dir: string): number {
  const bodies = batchBodies();
  const path = join(mkdtempSync(join(dir, 'baseline-')), 'b.db');
  try {
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(`create table event_batches (org_id text not null, agent_id text not null, batch_id text not null,
      event_count integer not null, received_at bigint not null, event_id_prefix text, detected_at bigint,
      events_json text, primary key (agent_id, batch_id));
      create index event_batches_pending_idx on event_batches (received_at, agent_id, batch_id) where detected_at is null;
      create index event_batches_agent_received_idx on event_batches (org_id, agent_id, received_at);
      create index event_batches_received_idx on event_batches (received_at);`);
    const insert = db.prepare('insert into event_batches values (?, ?, ?, ?, ?, ?, null, ?)');
    let events = 0;
    const end = performance.now() + seconds * 1000;
    const started = performance.now();
    for (let i = 0; performance.now() < end; i++) {
      const parsed = JSON.parse(bodies[i % bodies.length]!) as unknown[];
      const at = Date.now();
      insert.run('org', 'agent', `b-${i}`, parsed.length, at, at.toString(16) + randomBytes(8).toString('hex'), JSON.stringify(parsed));
      events += parsed.length;
    }
    const rate = events / ((performance.now() - started) / 1000);
    db.close();
    return rate;
  } finally {
    rmSync(dirname(path), { recursive: true, force: true });
  }
}

/** One attempt per call: a refused batch counts as a failure instead of being retried. */
const ONCE = { maxRetries: 0 };

/**
 * Registers a bench agent with the deploy key.
 * ```ts
 * const { agentId, secret } = await register('http://127.0.0.1:8080', deployKey, 0);
 * ```
 */
export function register(base: string, deployKey: string, i: number): Promise<AgentCredentials> {
  const host = { hostname: `bench-${i}.internal`, version: '3.2.1', osVersion: 'Ubuntu 22.04.4 LTS', kernel: '5.15.0-1057-aws' };
  return AgentClient.register({ baseUrl: base, deployKey, host, ...ONCE });
}

/**
 * An agent that sends each batch once, and the batch as JSON bytes built ahead (the sender's own
 * serialising is not what is measured).
 * ```ts
 * const ok = await sendOnce(agentClient(base, credentials), 'b-1', JSON.stringify(events));
 * ```
 */
export function agentClient(base: string, credentials: AgentCredentials): AgentClient {
  return new AgentClient({ baseUrl: base, ...credentials, ...ONCE });
}

/** Sends one prepared JSON batch; true when it was stored (200), false when refused or lost. */
export async function sendOnce(agent: AgentClient, batchId: string, json: string): Promise<boolean> {
  const batch: EncodedBatch = { bytes: Buffer.from(json, 'utf8'), contentType: 'application/json', headers: {} };
  try {
    await agent.sendEvents(batchId, batch);
    return true;
  } catch (err) {
    if (err instanceof ApiError || err instanceof ConnectionError) return false;
    throw err;
  }
}

/** The 16 request bodies both sides cycle through. */
function batchBodies(): string[] {
  return Array.from({ length: 16 }, (_, i) => JSON.stringify(makeBatch(i)));
}

/**
 * Four senders post batches to Vigil for `seconds`; counts acknowledged events.
 * ```ts
 * const r = await ingestBench('http://127.0.0.1:8080', deployKey, 10);
 * ```
 */
export async function ingestBench(base: string, deployKey: string, seconds: number): Promise<IngestResult> {
  const bodies = batchBodies();
  const agents = (await Promise.all(Array.from({ length: AGENTS }, (_, i) => register(base, deployKey, i)))).map((c) => agentClient(base, c));
  let events = 0;
  let batches = 0;
  let failures = 0;
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      const agent = agents[worker % agents.length]!;
      for (let i = 0; performance.now() < end; i++) {
        const body = bodies[(worker + i) % bodies.length]!;
        if (await sendOnce(agent, `b-${worker}-${i}-${Math.floor(started)}`, body)) {
          events += BATCH;
          batches += 1;
        } else {
          failures += 1;
        }
      }
    }),
  );
  const vigilEventsPerSec = events / ((performance.now() - started) / 1000);
  return { vigilEventsPerSec, batches, failures };
}
