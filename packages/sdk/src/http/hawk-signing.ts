/**
 * Hawk signing of requests (REST v2: ext = organization id; agent protocol: no ext). Signs the exact URL
 * and body bytes that are sent, and checks the `Server-Authorization` of the answer.
 * @module
 */
import { clientHeader, verifyServerAuthorization, type HawkArtifacts, type HawkCredentials } from '@vigil/hawk';

/** A signed request: the header to send and what is needed to verify the answer. */
export interface SignedRequest {
  authorization: string;
  artifacts: HawkArtifacts;
}

/**
 * Builds the `Authorization` header. The body (when there is one) is hashed with its media type, so
 * a proxy cannot swap it.
 *
 * ```ts
 * const { authorization, artifacts } = signRequest(credentials, organizationId, url.href, 'POST', body, 'application/json');
 * ```
 */
export function signRequest(
  credentials: HawkCredentials,
  ext: string | undefined,
  url: string,
  method: string,
  body: Buffer | undefined,
  contentType: string | undefined,
  localtimeOffsetMs: number,
): SignedRequest {
  const { header, artifacts } = clientHeader(url, method, {
    credentials,
    localtimeOffsetMs,
    ...(ext === undefined ? {} : { ext }),
    ...(body === undefined ? {} : { payload: body, contentType }),
  });
  return { authorization: header, artifacts };
}

/**
 * Throws a `HawkError` unless the response carries a `Server-Authorization` whose MAC matches the
 * request and whose hash matches the exact body bytes received.
 *
 * ```ts
 * checkServerAuthorization(res.headers.get('server-authorization'), credentials, artifacts, bytes, contentType);
 * ```
 */
export function checkServerAuthorization(
  header: string | null,
  credentials: HawkCredentials,
  artifacts: HawkArtifacts,
  body: Buffer,
  contentType: string | undefined,
): void {
  verifyServerAuthorization(header ?? undefined, credentials, artifacts, { payload: body, contentType }, { required: true });
}
