/**
 * Moves indicators to status Expired once their manual `expires_at` or their sources' expiration policies
 * say so (recording `expired_at`), and brings expired indicators that a source reported again back to
 * Active. Idempotent, so several server processes may run it against one database. The interval comes
 * from `VIGIL_INDICATOR_EXPIRY_SECONDS` (default 60; 0 turns the worker off).
 * @module
 */
import type { Store } from '@vigil/store';

export interface IndicatorExpiryWorker {
  /** runs one pass now */
  sweep(): Promise<{ expired: number; reactivated: number }>;
  stop(): Promise<void>;
}

export interface IndicatorExpiryOptions {
  store: Store;
  /** time between passes; default 60 s */
  intervalMs?: number;
  onError?: (err: unknown) => void;
  now?: () => number;
}

/**
 * The pass interval configured in the environment, in ms; 0 when turned off.
 * ```ts
 * expiryIntervalMs(process.env); // 60000
 * ```
 */
export function expiryIntervalMs(env: Record<string, string | undefined>): number {
  const raw = env.VIGIL_INDICATOR_EXPIRY_SECONDS;
  const seconds = raw === undefined || raw.trim() === '' ? 60 : Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0) throw new Error(`VIGIL_INDICATOR_EXPIRY_SECONDS must be a number of seconds ≥ 0, got ${raw}`);
  return Math.round(seconds * 1000);
}

/**
 * Starts the periodic expiration pass (the timer does not keep the process alive).
 * ```ts
 * const worker = startIndicatorExpiryWorker({ store, intervalMs: 60_000 });
 * await worker.stop();
 * ```
 */
export function startIndicatorExpiryWorker(options: IndicatorExpiryOptions): IndicatorExpiryWorker {
  const now = options.now ?? Date.now;
  let running: Promise<{ expired: number; reactivated: number }> | undefined;
  let stopped = false;
  const sweep = () => {
    running ??= options.store.indicatorLifecycle.expireDue(now()).finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = setInterval(() => {
    if (!stopped) sweep().catch((err: unknown) => options.onError?.(err));
  }, options.intervalMs ?? 60_000);
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
