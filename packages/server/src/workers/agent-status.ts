/**
 * Marks agents offline once they have been silent (no heartbeat, no batch) for the configured time. The
 * sweep is one idempotent UPDATE, so several server processes may run it against one database.
 * @module
 */
import type { Store } from '@vigil/store';

export interface AgentStatusWorker {
  /** runs one sweep now; resolves to how many agents changed to offline */
  sweep(): Promise<number>;
  /** stops the timer and waits for a sweep in progress */
  stop(): Promise<void>;
}

export interface AgentStatusOptions {
  store: Store;
  /** silence after which an agent is offline, in ms */
  offlineAfterMs: number;
  /** time between sweeps; default a quarter of offlineAfterMs, within 1–30 s */
  intervalMs?: number;
  /** where a failed sweep is reported (it is retried at the next tick) */
  onError?: (err: unknown) => void;
  now?: () => number;
}

/**
 * Starts the periodic sweep (the timer does not keep the process alive).
 * ```ts
 * const worker = startAgentStatusWorker({ store, offlineAfterMs: 300_000 });
 * await worker.stop();
 * ```
 */
export function startAgentStatusWorker(options: AgentStatusOptions): AgentStatusWorker {
  const { store, offlineAfterMs } = options;
  const now = options.now ?? Date.now;
  const intervalMs = options.intervalMs ?? Math.min(30_000, Math.max(1_000, Math.floor(offlineAfterMs / 4)));
  let running: Promise<number> | undefined;

  const sweep = (): Promise<number> => {
    // A slow database must not pile sweeps up behind each other.
    running ??= store.ingest.markOffline(now() - offlineAfterMs).finally(() => {
      running = undefined;
    });
    return running;
  };

  const timer = setInterval(() => {
    sweep().catch((err: unknown) => options.onError?.(err));
  }, intervalMs);
  timer.unref();

  return {
    sweep,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => {});
    },
  };
}
