/**
 * Keeps the agent's configuration (`GET /agent/v1/config`: watched paths, intervals, sources) current: read at
 * start, then again every `configPollSeconds` (at most every 60 s, so a rule change reaches the host within a
 * minute), with the ETag so an unchanged one costs a 304. A failed read backs off (doubling, with jitter, up
 * to 10 minutes) and the last good configuration stays in force; it is kept in the state folder, so an agent
 * restarted while the server is away still watches what it was told to.
 * @module
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentConfig, AgentConfigAnswer } from '@vigil/sdk';

/** The part of the SDK's AgentClient the poller uses. */
export interface ConfigSource {
  config(options?: { etag?: string; signal?: AbortSignal }): Promise<AgentConfigAnswer>;
}

export interface ConfigPollerOptions {
  client: ConfigSource;
  stateDir: string;
  /** told about every configuration that differs from the one in force (not about the first) */
  onChange(config: AgentConfig): void;
  log?: (message: string) => void;
  /** the longest wait between two reads (default 60 s; the server's `configPollSeconds` when shorter) */
  maxIntervalMs?: number;
  random?: () => number;
}

export interface ConfigPoller {
  /** the configuration in force: the server's, or the one kept from an earlier run, or none */
  readonly current: AgentConfig | undefined;
  stop(): void;
}

const FILE = 'agent-config.json';
const MAX_BACKOFF_MS = 10 * 60_000;

interface Kept {
  etag?: string;
  config: AgentConfig;
}

function load(dir: string): Kept | undefined {
  try {
    const kept = JSON.parse(readFileSync(join(dir, FILE), 'utf8')) as Kept;
    return Array.isArray(kept.config?.fileIntegrity?.paths) ? kept : undefined;
  } catch {
    return undefined;
  }
}

function keep(dir: string, kept: Kept): void {
  const path = join(dir, FILE);
  writeFileSync(`${path}.tmp`, JSON.stringify(kept, null, 2) + '\n', { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}

/**
 * The wait before the next read: the interval, and after failures up to twice as long per failure (at most 10
 * minutes), with full jitter so many agents do not come back at once; never less than the interval.
 *
 * ```ts
 * pollWaitMs(60_000, 0, Math.random); // 60000
 * pollWaitMs(60_000, 3, () => 1); // 480000
 * ```
 */
export function pollWaitMs(intervalMs: number, failures: number, random: () => number): number {
  if (failures === 0) return intervalMs;
  return Math.max(intervalMs, Math.floor(random() * Math.min(MAX_BACKOFF_MS, intervalMs * 2 ** Math.min(failures, 30))));
}

/**
 * Reads the configuration once (falling back to the kept one), then polls.
 *
 * ```ts
 * const poller = await startConfigPoller({ client, stateDir, onChange: (c) => void fim.update(c.fileIntegrity.paths) });
 * poller.current?.sources; // ['audit', 'procScanner', 'fim', …]
 * ```
 */
export async function startConfigPoller(options: ConfigPollerOptions): Promise<ConfigPoller> {
  const log = options.log ?? (() => {});
  const random = options.random ?? Math.random;
  const maxIntervalMs = options.maxIntervalMs ?? 60_000;
  let kept = load(options.stateDir);
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const stopping = new AbortController();

  /** true when the configuration in force changed */
  const poll = async (): Promise<boolean> => {
    try {
      const answer = await options.client.config({ etag: kept?.etag, signal: stopping.signal });
      failures = 0;
      if (answer.notModified) return false;
      const changed = JSON.stringify(answer.config) !== JSON.stringify(kept?.config);
      kept = { etag: answer.etag, config: answer.config };
      try {
        keep(options.stateDir, kept);
      } catch (err) {
        log(`cannot keep the agent configuration in ${options.stateDir}: ${(err as Error).message}`);
      }
      return changed;
    } catch (err) {
      failures += 1;
      if (!stopped) log(`reading the agent configuration failed (${(err as Error).message}); ${kept ? 'the last one stays in force' : 'running with defaults'}`);
      return false;
    }
  };

  const intervalMs = () => Math.min(maxIntervalMs, (kept?.config.configPollSeconds ?? 60) * 1000);
  const schedule = () => {
    if (stopped) return;
    const wait = pollWaitMs(intervalMs(), failures, random);
    timer = setTimeout(async () => {
      if (await poll()) options.onChange(kept!.config);
      schedule();
    }, wait);
    timer.unref();
  };

  await poll();
  schedule();
  return {
    get current() {
      return kept?.config;
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      stopping.abort();
    },
  };
}
