/**
 * The retry loop: attempts until success, a non-retryable failure, `maxRetries`, or the total deadline.
 * It never sleeps past the deadline; when the next wait would cross it, it gives up with the last
 * failure instead. A caller's abort stops both the attempt and the wait at once.
 * @module
 */
import { TimeoutError } from '../errors.js';
import { backoffDelayMs, serverRetryAfterMs, type BackoffOptions } from './backoff.js';
import { isRetryableError, isRetryableStatus } from './retry-policy.js';
import { sleep } from './sleep.js';
import type { RawResponse } from './request-spec.js';

/** Limits for {@link withRetries}. */
export interface RetryOptions {
  method: string;
  path: string;
  maxRetries: number;
  /** absolute time (ms since the epoch) after which nothing more is attempted */
  deadlineAt: number;
  backoff: BackoffOptions;
  signal?: AbortSignal;
  /** overrides the method's own idempotency (see retry-policy.ts) */
  idempotent?: boolean | undefined;
  /** called before each retry */
  onRetry?: (() => void) | undefined;
}

/**
 * Runs `attempt` (given the time left before the deadline) until it settles for good. Returns the
 * last response, which may be a retryable error status once retries or time ran out; throws the last
 * error otherwise.
 *
 * ```ts
 * const res = await withRetries(options, (remainingMs) => sendOnce(prepared, headers, settings, Math.min(timeoutMs, remainingMs), signal));
 * ```
 */
export async function withRetries(
  options: RetryOptions,
  attempt: (remainingMs: number) => Promise<RawResponse>,
): Promise<RawResponse> {
  const { method, signal, idempotent } = options;
  let last: { response: RawResponse } | { error: unknown } | undefined;
  for (let retry = 0; ; retry++) {
    const remainingMs = options.deadlineAt - Date.now();
    if (remainingMs <= 0) break;
    let waitMs: number | undefined;
    try {
      const response = await attempt(remainingMs);
      if (!isRetryableStatus(method, response.status, idempotent)) return response;
      last = { response };
      waitMs = serverRetryAfterMs(response.status, response.headers);
    } catch (err) {
      if (!isRetryableError(method, err, idempotent)) throw err;
      last = { error: err };
    }
    if (retry >= options.maxRetries) break;
    waitMs ??= backoffDelayMs(retry + 1, options.backoff);
    if (Date.now() + waitMs >= options.deadlineAt) break;
    await sleep(waitMs, signal);
    options.onRetry?.();
  }
  if (last === undefined) throw new TimeoutError(method, options.path, 'deadline passed before the first attempt');
  if ('response' in last) return last.response;
  throw last.error;
}
