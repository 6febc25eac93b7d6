/**
 * One HTTP attempt: sign, send with `fetch`, read the body under the same timeout, and verify the
 * `Server-Authorization` of a 2xx answer. Retrying is the caller's job (see retry.ts).
 * @module
 */
import { HawkError, type HawkCredentials } from '@vigil/hawk';
import { ConnectionError, ServerAuthorizationError, TimeoutError } from '../errors.js';
import { checkServerAuthorization, signRequest } from './hawk-signing.js';
import { socketErrorCode } from './socket-errors.js';

/** A request ready to send: an absolute URL and, optionally, the exact body bytes. */
export interface PreparedRequest {
  method: string;
  url: URL;
  /** the path as the caller wrote it, for error messages (no query string) */
  path: string;
  body?: Buffer;
  contentType?: string;
}

/** What one attempt needs from the client. */
export interface TransportSettings {
  credentials: HawkCredentials;
  organizationId: string;
  fetch: typeof fetch;
  userAgent: string;
  verifyServerAuthorization: boolean;
  /** learnt from a stale-timestamp challenge (clock-skew.ts) */
  localtimeOffsetMs: number;
}

/** A response whose body has been read in full. */
export interface RawResponse {
  status: number;
  headers: Headers;
  body: Buffer;
}

/**
 * Sends one attempt. Throws {@link ConnectionError} (no answer), {@link TimeoutError} (slower than
 * `timeoutMs`), {@link ServerAuthorizationError} (a 2xx whose signature does not match), or the
 * caller's abort reason.
 *
 * ```ts
 * const res = await sendOnce(prepared, settings, 30_000, signal);
 * ```
 */
export async function sendOnce(
  request: PreparedRequest,
  settings: TransportSettings,
  timeoutMs: number,
  callerSignal?: AbortSignal,
): Promise<RawResponse> {
  callerSignal?.throwIfAborted();
  const { method, url, path, body, contentType } = request;
  // fetch sends the WHATWG-normalized href, so that exact string is what gets signed.
  const href = url.href;
  const { authorization, artifacts } = signRequest(
    settings.credentials,
    settings.organizationId,
    href,
    method,
    body,
    contentType,
    settings.localtimeOffsetMs,
  );
  const headers: Record<string, string> = {
    accept: 'application/json',
    authorization,
    'user-agent': settings.userAgent,
  };
  if (body !== undefined && contentType) headers['content-type'] = contentType;

  const timeout = AbortSignal.timeout(Math.max(1, Math.floor(timeoutMs)));
  const signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
  let status: number;
  let responseHeaders: Headers;
  let bytes: Buffer;
  try {
    const res = await settings.fetch(href, { method, headers, body, signal, redirect: 'manual' });
    status = res.status;
    responseHeaders = res.headers;
    bytes = Buffer.from(await res.arrayBuffer());
  } catch (err) {
    if (callerSignal?.aborted) throw callerSignal.reason;
    if (timeout.aborted) throw new TimeoutError(method, path, `no complete answer within ${Math.round(timeoutMs)} ms`);
    const code = socketErrorCode(err);
    const detail = code ? `connection failed (${code})` : `connection failed (${(err as Error)?.message ?? 'unknown error'})`;
    throw new ConnectionError(method, path, detail, { code, cause: err });
  }

  if (settings.verifyServerAuthorization && status >= 200 && status < 300) {
    try {
      checkServerAuthorization(
        responseHeaders.get('server-authorization'),
        settings.credentials,
        artifacts,
        bytes,
        responseHeaders.get('content-type') ?? undefined,
      );
    } catch (err) {
      if (!(err instanceof HawkError)) throw err;
      // The HawkError message is fixed text ("Bad response mac"); it never holds a MAC or key.
      throw new ServerAuthorizationError(method, path, status, err.message, { cause: err });
    }
  }
  return { status, headers: responseHeaders, body: bytes };
}
