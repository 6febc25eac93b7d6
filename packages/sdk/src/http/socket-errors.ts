/**
 * Reading the socket error code out of a `fetch` failure (undici wraps it one or two levels deep).
 * @module
 */

/**
 * Codes that mean the connection was never established, so the request cannot have reached the
 * server: even a POST is safe to retry after these.
 */
export const NOT_CONNECTED_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * The first `code` found on the error or its causes (including an AggregateError's members).
 *
 * ```ts
 * socketErrorCode(new TypeError('fetch failed', { cause: Object.assign(new Error(), { code: 'ECONNREFUSED' }) }));
 * // 'ECONNREFUSED'
 * ```
 */
export function socketErrorCode(err: unknown, depth = 0): string | undefined {
  if (depth > 4 || typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const nested = err instanceof AggregateError ? err.errors : [(err as { cause?: unknown }).cause];
  for (const inner of nested) {
    const found = socketErrorCode(inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}
