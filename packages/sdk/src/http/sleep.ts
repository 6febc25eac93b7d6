/**
 * An abortable sleep: a caller's abort must stop the wait between retries at once.
 * @module
 */
import { setTimeout as delay } from 'node:timers/promises';

/**
 * Resolves after `ms`, or rejects with the signal's reason as soon as it aborts.
 *
 * ```ts
 * await sleep(1000, options.signal);
 * ```
 */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) {
    signal?.throwIfAborted();
    return;
  }
  try {
    await delay(ms, undefined, { signal });
  } catch (err) {
    // timers/promises rejects with its own AbortError; the caller's reason is more useful.
    if (signal?.aborted) throw signal.reason;
    throw err;
  }
}
