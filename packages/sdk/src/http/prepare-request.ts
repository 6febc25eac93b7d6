/**
 * Turning a {@link RequestSpec} into the absolute URL and body bytes every attempt sends.
 * @module
 */
import { appendQuery } from './query.js';
import type { PreparedRequest, RequestSpec } from './request-spec.js';

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
  if (spec.headers !== undefined) prepared.headers = spec.headers;
  if (spec.payload !== undefined) {
    prepared.body = spec.payload.bytes;
    prepared.contentType = spec.payload.contentType;
  } else if (spec.body !== undefined) {
    prepared.body = Buffer.from(JSON.stringify(spec.body), 'utf8');
    prepared.contentType = 'application/json';
  }
  return prepared;
}
