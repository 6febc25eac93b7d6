/**
 * How long to wait before the next attempt: exponential backoff with full jitter, unless a 429 or 503
 * said how long (`Retry-After` in seconds or as an HTTP date, or on a 429 Vigil's
 * `x-rate-limit-reset` in ms).
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
 * The wait the server asked for, in ms, or undefined. Only a 429 is a rate limit: there `Retry-After`
 * wins (RFC 9110 §10.2.3: delay seconds or an HTTP date), then Vigil's `x-rate-limit-reset` (ms until
 * the window resets). A 503's `Retry-After` is honoured too (the server's back-pressure answer). Every
 * other status ignores both: the server sends `x-rate-limit-reset` on every response, and waiting out
 * the window after a 500 only delays the error.
 *
 * ```ts
 * serverRetryAfterMs(429, new Headers({ 'retry-after': '2' })); // 2000
 * serverRetryAfterMs(500, new Headers({ 'x-rate-limit-reset': '50000' })); // undefined
 * ```
 */
export function serverRetryAfterMs(status: number, headers: Headers, nowMs: number = Date.now()): number | undefined {
  if (status !== 429 && status !== 503) return undefined;
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - nowMs);
  }
  if (status !== 429) return undefined;
  const reset = headers.get('x-rate-limit-reset')?.trim();
  if (reset && /^\d+$/.test(reset)) return Number(reset);
  return undefined;
}
