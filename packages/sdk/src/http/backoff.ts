/**
 * How long to wait before the next attempt: exponential backoff with full jitter, unless the server
 * said how long (`Retry-After` in seconds or as an HTTP date, or Vigil's `x-rate-limit-reset` in ms).
 * @module
 */

/** Backoff bounds in milliseconds. */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** a number in [0, 1); injectable for tests */
  random?: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 8_000 };

/**
 * Full jitter (AWS architecture blog, "Exponential Backoff and Jitter"): a uniform pick in
 * `[0, min(max, base·2^(attempt-1))]`, so many clients that failed together do not retry together.
 *
 * ```ts
 * backoffDelayMs(1, DEFAULT_BACKOFF); // 0…500
 * backoffDelayMs(3, DEFAULT_BACKOFF); // 0…2000
 * ```
 */
export function backoffDelayMs(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor((options.random ?? Math.random)() * ceiling);
}

/**
 * The wait the server asked for, in ms, or undefined. `Retry-After` wins (RFC 9110 §10.2.3: delay
 * seconds or an HTTP date); `x-rate-limit-reset` is Vigil's milliseconds until the window resets.
 *
 * ```ts
 * serverRetryAfterMs(new Headers({ 'retry-after': '2' })); // 2000
 * ```
 */
export function serverRetryAfterMs(headers: Headers, nowMs: number = Date.now()): number | undefined {
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - nowMs);
  }
  const reset = headers.get('x-rate-limit-reset')?.trim();
  if (reset && /^\d+$/.test(reset)) return Number(reset);
  return undefined;
}
