/**
 * Turning the final response of a call into an {@link ApiResponse}, or into a typed {@link ApiError} whose
 * text is scrubbed of the given secrets.
 * @module
 */
import { apiErrorFor } from '../errors.js';
import { serverRetryAfterMs } from './backoff.js';
import { redactSecrets, safeHeaders } from './redact.js';
import type { ApiResponse, RawResponse } from './request-spec.js';

/**
 * A 2xx answer with its body parsed (JSON when the server says so, else text, null when empty), or the
 * bytes as received with `bytes: true`; any other status throws the matching {@link ApiError}.
 *
 * ```ts
 * return readAnswer<Agent>(response, { method: 'GET', path: '/v2/agents/a1', secrets: [apiKey] });
 * ```
 */
export function readAnswer<T = any>(response: RawResponse, call: { method: string; path: string; secrets: readonly string[]; bytes?: boolean }): ApiResponse<T> {
  if (call.bytes && response.status >= 200 && response.status < 300) return { status: response.status, headers: response.headers, body: response.body as T };
  const body = parseBody(response);
  if (response.status >= 200 && response.status < 300) return { status: response.status, headers: response.headers, body: body as T };
  throw apiErrorFor({
    status: response.status,
    method: call.method,
    path: call.path,
    errors: errorStrings(body).map((text) => redactSecrets(text, call.secrets)),
    retryAfterMs: serverRetryAfterMs(response.status, response.headers),
    headers: safeHeaders(response.headers),
  });
}

/**
 * The body as JSON when the server says it is JSON (and it parses), else as text; null when empty.
 *
 * ```ts
 * parseBody({ status: 200, headers: new Headers({ 'content-type': 'application/json' }), body: Buffer.from('{"a":1}') }); // { a: 1 }
 * ```
 */
export function parseBody(response: RawResponse): unknown {
  if (response.body.length === 0) return null;
  const text = response.body.toString('utf8');
  const contentType = response.headers.get('content-type') ?? '';
  if (!/\bjson\b/i.test(contentType)) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function errorStrings(body: unknown): string[] {
  if (body && typeof body === 'object' && Array.isArray((body as { errors?: unknown }).errors)) {
    return (body as { errors: unknown[] }).errors.map((e) => (typeof e === 'string' ? e : JSON.stringify(e)));
  }
  // A proxy's HTML or plain-text error page: keep a short first line only.
  if (typeof body === 'string' && body.trim()) return [body.trim().split('\n')[0]!.slice(0, 200)];
  return [];
}
