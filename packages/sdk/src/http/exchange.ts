/**
 * The two ends of a call that the Hawk (`RequestSender`) and bearer (`TqSender`) senders share: turning a
 * {@link RequestSpec} into an absolute URL and body bytes, and turning the final response into an
 * {@link ApiResponse} or a typed {@link ApiError} whose text is scrubbed of the given secrets. Only the
 * attempt in between (signing or a bearer token) differs.
 * @module
 */
import { apiErrorFor } from '../errors.js';
import { serverRetryAfterMs } from './backoff.js';
import { appendQuery } from './query.js';
import { redactSecrets, safeHeaders } from './redact.js';
import type { ApiResponse, RequestSpec } from './request-sender.js';
import type { PreparedRequest, RawResponse } from './transport.js';

/**
 * The URL (base path + `spec.path` + query) and body: `payload` as given, else `body` as JSON.
 *
 * ```ts
 * const prepared = prepareRequest(new URL('http://127.0.0.1:8080'), { method: 'GET', path: '/v2/agents', query: { status: 'online' } });
 * ```
 */
export function prepareRequest(baseUrl: URL, spec: RequestSpec): PreparedRequest {
  const url = new URL(baseUrl.pathname.replace(/\/+$/, '') + spec.path, baseUrl);
  appendQuery(url, spec.query);
  const prepared: PreparedRequest = { method: spec.method, url, path: spec.path };
  if (spec.payload !== undefined) {
    prepared.body = spec.payload.bytes;
    prepared.contentType = spec.payload.contentType;
  } else if (spec.body !== undefined) {
    prepared.body = Buffer.from(JSON.stringify(spec.body), 'utf8');
    prepared.contentType = 'application/json';
  }
  return prepared;
}

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
    errors: errorStrings(body).map((text) => redactSecrets(text, [...call.secrets])),
    retryAfterMs: serverRetryAfterMs(response.status, response.headers),
    headers: safeHeaders(response.headers),
  });
}

function parseBody(response: RawResponse): unknown {
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
