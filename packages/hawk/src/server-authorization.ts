/**
 * The `Server-Authorization` response header: the server proves it holds the key and binds the body.
 * @module
 */
import type { HawkArtifacts } from './artifacts.js';
import { assertAttributeValue } from './attribute-value.js';
import { parseAuthorizationHeader } from './authorization-header.js';
import type { HawkCredentials } from './credentials.js';
import { HawkError } from './errors.js';
import { calculateMac } from './mac.js';
import { calculatePayloadHash } from './payload-hash.js';
import { timingSafeEqualString } from './timing-safe-equal.js';

/**
 * Signs a response: `Hawk mac="…", hash="…"[, ext="…"]`, a `response` MAC over the request's artifacts
 * with the response's own payload hash and ext. It covers the body and its media type only, not the
 * status code or other headers.
 *
 * ```ts
 * const { credentials, artifacts } = await authenticate(requestInfo, options);
 * reply.header('Server-Authorization',
 *   serverAuthorizationHeader(credentials, artifacts, { payload: body, contentType: 'application/json' }));
 * ```
 */
export function serverAuthorizationHeader(
  credentials: HawkCredentials,
  artifacts: HawkArtifacts,
  response: { payload: string | Buffer; contentType?: string; ext?: string; hash?: string },
): string {
  // A caller that serves the same bytes repeatedly may pass the payload hash it computed once.
  const hash = response.hash ?? calculatePayloadHash(response.payload, credentials.algorithm, response.contentType);
  const { ext } = response;
  if (ext) assertAttributeValue('ext', ext);
  // The request's artifacts with the response's hash and ext (no copy: this runs on every 2xx).
  const mac = calculateMac('response', credentials, artifacts, { hash, ext });
  return `Hawk mac="${mac}", hash="${hash}"` + (ext ? `, ext="${ext}"` : '');
}

/**
 * Client side: checks a response's `Server-Authorization` against the request artifacts from
 * {@link clientHeader}, then (when `response.payload` is given) the body hash. An absent header passes
 * unless `required` is set, because servers omit it on error responses. Throws `HAWK_MISSING`,
 * `HAWK_BAD_HEADER`, `HAWK_BAD_MAC`, `HAWK_MISSING_PAYLOAD_HASH` or `HAWK_BAD_PAYLOAD_HASH`.
 *
 * ```ts
 * const text = await res.text();
 * verifyServerAuthorization(res.headers.get('server-authorization') ?? undefined, credentials, artifacts,
 *   { payload: text, contentType: res.headers.get('content-type') ?? undefined }, { required: true });
 * ```
 */
export function verifyServerAuthorization(
  header: string | undefined,
  credentials: HawkCredentials,
  requestArtifacts: HawkArtifacts,
  response: { payload?: string | Buffer; contentType?: string },
  options: { required?: boolean } = {},
): void {
  if (!header) {
    if (options.required) throw new HawkError('HAWK_MISSING', 'Missing Server-Authorization header');
    return;
  }
  const attributes = parseAuthorizationHeader(header, ['mac', 'hash', 'ext']);
  if (attributes.mac === undefined) throw new HawkError('HAWK_BAD_HEADER', 'Missing attributes');

  const mac = calculateMac('response', credentials, requestArtifacts, { hash: attributes.hash, ext: attributes.ext });
  if (!timingSafeEqualString(mac, attributes.mac)) throw new HawkError('HAWK_BAD_MAC', 'Bad response mac');

  if (response.payload === undefined) return;
  if (attributes.hash === undefined) throw new HawkError('HAWK_MISSING_PAYLOAD_HASH', 'Missing response hash attribute');
  const hash = calculatePayloadHash(response.payload, credentials.algorithm, response.contentType);
  if (!timingSafeEqualString(hash, attributes.hash)) {
    throw new HawkError('HAWK_BAD_PAYLOAD_HASH', 'Bad response payload hash');
  }
}
