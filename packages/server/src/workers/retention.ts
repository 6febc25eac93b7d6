/**
 * Deletes raw events and alerts past their retention (`VIGIL_RETENTION_EVENTS_HOURS`,
 * `VIGIL_RETENTION_ALERTS_DAYS`) every few minutes. The deletes are idempotent and chunked, so several
 * server processes may run the worker against one database.
 * @module
 */
import type { Store } from '@vigil/store';

export interface RetentionWorker {
  /** runs one pass now; resolves to how many events and alerts it deleted */
  sweep(): Promise<{ events: number; alerts: number }>;
  /** stops the timer and waits for a pass in progress */
  stop(): Promise<void>;
}

export interface RetentionWorkerOptions {
  store: Store;
  /** events received longer ago than this (ms) are deleted; 0 keeps them forever */
  eventsMaxAgeMs: number;
  /** alerts created longer ago than this (ms) are deleted; 0 keeps them forever */
  alertsMaxAgeMs: number;
  /** time between passes; default 5 minutes */
  intervalMs?: number;
  /** rows per DELETE (default the store's) */
  chunkSize?: number;
  /** where a failed pass is reported (it is retried at the next tick) */
  onError?: (err: unknown) => void;
  now?: () => number;
}

/**
 * Starts the periodic retention pass (the timer does not keep the process alive).
 * ```ts
 * const worker = startRetentionWorker({ store, eventsMaxAgeMs: 72 * 3600_000, alertsMaxAgeMs: 365 * 86_400_000 });
 * await worker.stop();
 * ```
 */
export function startRetentionWorker(options: RetentionWorkerOptions): RetentionWorker {
  const { store, eventsMaxAgeMs, alertsMaxAgeMs } = options;
  const now = options.now ?? Date.now;
  const intervalMs = options.intervalMs ?? 5 * 60_000;
  const chunk = options.chunkSize === undefined ? {} : { chunkSize: options.chunkSize };
  let running: Promise<{ events: number; alerts: number }> | undefined;
  let stopped = false;

  const pass = async () => {
    const t = now();
    const events = eventsMaxAgeMs > 0 ? await store.retention.deleteEventsBefore(t - eventsMaxAgeMs, chunk) : 0;
    const alerts = alertsMaxAgeMs > 0 ? await store.retention.deleteAlertsBefore(t - alertsMaxAgeMs, chunk) : 0;
    return { events, alerts };
  };

  const sweep = () => {
    // A long first pass over a backlog must not start a second one behind it.
    running ??= pass().finally(() => {
      running = undefined;
    });
    return running;
  };

  const timer = setInterval(() => {
    if (!stopped) sweep().catch((err: unknown) => options.onError?.(err));
  }, intervalMs);
  timer.unref();

  return {
    sweep,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => {});
    },
  };
}
