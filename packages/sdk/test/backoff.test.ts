import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffDelayMs, serverRetryAfterMs } from '../src/http/backoff.js';
import { isRetryableError, isRetryableStatus } from '../src/http/retry-policy.js';
import { ConnectionError, ServerAuthorizationError, TimeoutError } from '../src/errors.js';

describe('backoff and retry policy', () => {
  it('full jitter stays within [0, min(max, base·2^(n-1))]', () => {
    const options = { baseMs: 100, maxMs: 1000 };
    assert.equal(backoffDelayMs(1, { ...options, random: () => 0.999999 }), 99);
    assert.equal(backoffDelayMs(3, { ...options, random: () => 0.5 }), 200);
    assert.equal(backoffDelayMs(10, { ...options, random: () => 0.999999 }), 999);
    assert.equal(backoffDelayMs(2, { ...options, random: () => 0 }), 0);
  });

  it('reads a 429\'s Retry-After as seconds or an HTTP date, then x-rate-limit-reset as ms', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    assert.equal(serverRetryAfterMs(429, new Headers({ 'retry-after': '3' }), now), 3000);
    assert.equal(serverRetryAfterMs(429, new Headers({ 'retry-after': new Date(now + 5000).toUTCString() }), now), 5000);
    assert.equal(serverRetryAfterMs(429, new Headers({ 'retry-after': new Date(now - 5000).toUTCString() }), now), 0);
    assert.equal(serverRetryAfterMs(429, new Headers({ 'x-rate-limit-reset': '1234' }), now), 1234);
    assert.equal(serverRetryAfterMs(429, new Headers({ 'retry-after': '2', 'x-rate-limit-reset': '9999' }), now), 2000);
    assert.equal(serverRetryAfterMs(429, new Headers({ 'retry-after': 'soon' }), now), undefined);
    assert.equal(serverRetryAfterMs(429, new Headers(), now), undefined);
  });

  it('takes a wait only from a 429 (either header) or a 503 (Retry-After)', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    const both = new Headers({ 'retry-after': '2', 'x-rate-limit-reset': '50000' });
    const reset = new Headers({ 'x-rate-limit-reset': '50000' });
    assert.equal(serverRetryAfterMs(503, both, now), 2000);
    assert.equal(serverRetryAfterMs(503, reset, now), undefined);
    for (const status of [500, 502, 504, 401]) {
      assert.equal(serverRetryAfterMs(status, both, now), undefined, String(status));
      assert.equal(serverRetryAfterMs(status, reset, now), undefined, String(status));
    }
  });

  it('retries idempotent methods on 5xx and 429, POST only on 429 and 503', () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      for (const status of [429, 500, 502, 503, 504]) assert.equal(isRetryableStatus(method, status), true, `${method} ${status}`);
      for (const status of [400, 401, 403, 404, 409]) assert.equal(isRetryableStatus(method, status), false, `${method} ${status}`);
    }
    assert.deepEqual([429, 500, 502, 503, 504].map((s) => isRetryableStatus('POST', s)), [true, false, false, true, false]);
  });

  it('retries POST only on errors where no connection was made; never a failed signature check', () => {
    const refused = new ConnectionError('POST', '/p', 'x', { code: 'ECONNREFUSED' });
    const reset = new ConnectionError('POST', '/p', 'x', { code: 'ECONNRESET' });
    const timeout = new TimeoutError('POST', '/p', 'x');
    assert.deepEqual([refused, reset, timeout].map((e) => isRetryableError('POST', e)), [true, false, false]);
    assert.deepEqual([refused, reset, timeout].map((e) => isRetryableError('GET', e)), [true, true, true]);
    assert.equal(isRetryableError('GET', new ServerAuthorizationError('GET', '/p', 200, 'Bad response mac')), false);
    assert.equal(isRetryableError('GET', new Error('bug')), false);
  });
});
