/**
 * Which failures are retried. Idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS) are retried on any
 * connection error or timeout, on 429 and on every 5xx. POST and PATCH may already have taken effect
 * when an answer is lost, so they are retried only when the server certainly did not act: 429 and 503
 * (refused before processing), and connection errors where no connection was ever made — unless the
 * caller says the request is idempotent (a POST with an idempotency key, such as an agent's batch id).
 * @module
 */
import { ConnectionError, TimeoutError } from '../errors.js';
import { NOT_CONNECTED_CODES } from './socket-errors.js';

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/**
 * True when a response with this status may be retried for this method.
 *
 * ```ts
 * isRetryableStatus('GET', 502);  // true
 * isRetryableStatus('POST', 500); // false
 * ```
 */
export function isRetryableStatus(method: string, status: number, idempotent = IDEMPOTENT.has(method)): boolean {
  if (status === 429 || status === 503) return true;
  return status >= 500 && idempotent;
}

/**
 * True when a thrown error may be retried for this method. A failed `Server-Authorization` check,
 * a caller's abort and anything unexpected are never retried.
 *
 * ```ts
 * isRetryableError('POST', new ConnectionError('POST', '/v2/rulesets', 'refused', { code: 'ECONNREFUSED' })); // true
 * ```
 */
export function isRetryableError(method: string, err: unknown, idempotent = IDEMPOTENT.has(method)): boolean {
  if (!(err instanceof ConnectionError)) return false;
  if (idempotent) return true;
  if (err instanceof TimeoutError) return false;
  return err.code !== undefined && NOT_CONNECTED_CODES.has(err.code);
}
