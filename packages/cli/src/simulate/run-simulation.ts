/**
 * The `vigil simulate` loop: register agents, then per agent heartbeat and stream batches of events at the
 * requested rate, with a suspicious event every few seconds, until the duration ends or it is aborted.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { AgentClient, ApiError } from '@vigil/sdk';
import { benignEvent, suspiciousEvent, type SimEvent } from './events.js';
import { simulatedHost, type SimulatedHost } from './hosts.js';
import { sampleInventory } from '@vigil/vulns';
import { createRng } from './prng.js';

export interface SimulationOptions {
  url: string;
  deployKey: string;
  agents: number;
  /** seconds */
  durationSec: number;
  /** events per second, over all agents */
  rate: number;
  seed: number;
  /** seconds between suspicious events (per simulation, not per agent); default 5 */
  suspiciousEverySec?: number;
  /** seconds between batches of one agent; default 1 */
  batchEverySec?: number;
  signal?: AbortSignal;
  print?: (line: string) => void;
}

export interface SimulationSummary {
  agents: number;
  events: number;
  suspicious: number;
  batches: number;
  duplicates: number;
  retries: number;
  failedBatches: number;
  seconds: number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/** Registers one simulated host; a refused deploy key reads as `register failed: 401 <the server's reason>`. */
async function register(options: SimulationOptions, host: SimulatedHost) {
  try {
    return await AgentClient.register({ baseUrl: options.url, deployKey: options.deployKey, host: host.registration, signal: options.signal });
  } catch (err) {
    if (err instanceof ApiError) throw new Error(`register failed: ${err.status} ${err.errors.join('; ')}`, { cause: err });
    throw err;
  }
}

/**
 * Runs a simulation and resolves to its summary.
 * ```ts
 * const summary = await runSimulation({ url, deployKey, agents: 3, durationSec: 60, rate: 20, seed: 1 });
 * ```
 */
export async function runSimulation(options: SimulationOptions): Promise<SimulationSummary> {
  const print = options.print ?? ((line: string) => process.stdout.write(line + '\n'));
  const { signal } = options;
  const rng = createRng(options.seed);
  const started = Date.now();
  const deadline = started + options.durationSec * 1000;
  const batchEveryMs = (options.batchEverySec ?? 1) * 1000;
  const suspiciousEveryMs = (options.suspiciousEverySec ?? 5) * 1000;
  // Batch ids are unique per run (a random prefix), so a rerun with the same seed is not taken for retries.
  const run = randomBytes(4).toString('hex');
  const summary: SimulationSummary = { agents: 0, events: 0, suspicious: 0, batches: 0, duplicates: 0, retries: 0, failedBatches: 0, seconds: 0 };

  const hosts: SimulatedHost[] = Array.from({ length: options.agents }, (_, i) => simulatedHost(rng, i));
  const agents: Array<{ host: SimulatedHost; client: AgentClient; seq: number }> = [];
  for (const host of hosts) {
    const client = new AgentClient({ baseUrl: options.url, ...(await register(options, host)) });
    await client.heartbeat({ agentModuleHealth: { isHealthy: true, inventory: 'HEALTHY' } }, { signal });
    const inventory = sampleInventory(host.registration.osVersion, host.role);
    if (inventory) await client.sendInventory(inventory, { gzip: true, signal });
    agents.push({ host, client, seq: 0 });
    summary.agents++;
    print(`registered ${host.hostname} (${host.registration.osVersion}, ${host.registration.kernel}, ${inventory?.packages.length ?? 0} packages) as agent ${client.agentId}`);
  }

  const perBatch = Math.max(1, Math.round((options.rate * batchEveryMs) / 1000 / Math.max(1, agents.length)));
  let nextSuspicious = started + Math.min(suspiciousEveryMs, 2000);
  let nextHeartbeat = started + 30_000;
  while (!signal?.aborted && Date.now() < deadline) {
    const tickStart = Date.now();
    if (tickStart >= nextHeartbeat) {
      await Promise.all(agents.map((a) => a.client.heartbeat({}, { signal }).catch(() => {})));
      nextHeartbeat = tickStart + 30_000;
    }
    // Pick the agent for this tick's suspicious event up front so it lands inside a normal batch.
    const suspiciousAgent = tickStart >= nextSuspicious ? rng.int(0, agents.length - 1) : -1;
    if (suspiciousAgent >= 0) nextSuspicious = tickStart + suspiciousEveryMs;
    await Promise.all(
      agents.map(async (a, index) => {
        const events: SimEvent[] = [];
        for (let i = 0; i < perBatch; i++) events.push(benignEvent(rng, a.host, tickStart - batchEveryMs + Math.floor((i * batchEveryMs) / perBatch)));
        let note = '';
        if (index === suspiciousAgent) {
          const s = suspiciousEvent(rng, a.host, tickStart);
          events.push(s.event);
          summary.suspicious++;
          note = `  ⚠ ${s.rule}`;
        }
        const batchId = `sim-${run}-${a.client.agentId.slice(0, 8)}-${++a.seq}`;
        let retries = 0;
        try {
          // No signal: a first Ctrl-C lets the batches in flight finish (and be counted) before the summary.
          const r = await a.client.sendEvents(batchId, events, { onRetry: () => retries++ });
          summary.batches++;
          summary.events += r.accepted;
          summary.retries += retries;
          if (r.duplicate) summary.duplicates++;
          print(`${a.host.hostname}: batch ${a.seq}, ${r.accepted} events${r.duplicate ? ' (duplicate)' : ''}${retries ? `, ${retries} retries` : ''}${note}`);
        } catch (err) {
          summary.failedBatches++;
          print(`${a.host.hostname}: batch ${a.seq} failed: ${err instanceof Error ? err.message : String(err)}`);
        }
      }),
    );
    await sleep(Math.min(batchEveryMs - (Date.now() - tickStart), deadline - Date.now()), signal);
  }
  summary.seconds = Math.round((Date.now() - started) / 100) / 10;
  return summary;
}
