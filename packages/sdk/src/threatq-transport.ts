/**
 * One bearer-token attempt against the ThreatQ-compatible API (`/api/...`): build the URL and body, send
 * with `fetch` under a timeout, read the answer. Unlike the Hawk transport nothing is signed; the token is
 * handed in per attempt so a refreshed token is used by the next attempt. Retrying is the caller's job.
 * @module
 */
import { ConnectionError, TimeoutError } from './errors.js';
import { socketErrorCode } from './http/socket-errors.js';
import type { RawResponse } from './http/transport.js';

/** A ThreatQ request ready to send. */
export interface TqPreparedRequest {
  method: string;
  url: URL;
  /** the path as the caller wrote it, for error messages (no query string) */
  path: string;
  body?: Buffer;
  contentType?: string;
  /** extra headers, e.g. HTTP Basic on the token endpoint (never put into errors) */
  headers?: Record<string, string>;
}

/** What every attempt shares. */
export interface TqTransportSettings {
  fetch: typeof fetch;
  userAgent: string;
}

/**
 * Sends one attempt with `Authorization: Bearer <token>` when a token is given. Throws
 * {@link ConnectionError} or {@link TimeoutError} when no complete answer arrives.
 *
 * ```ts
 * const res = await sendBearerOnce(prepared, settings, accessToken, 30_000, signal);
 * ```
 */
export async function sendBearerOnce(
  request: TqPreparedRequest,
  settings: TqTransportSettings,
  token: string | undefined,
  timeoutMs: number,
  callerSignal?: AbortSignal,
): Promise<RawResponse> {
  callerSignal?.throwIfAborted();
  const { method, url, path, body, contentType } = request;
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': settings.userAgent, ...request.headers };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (body !== undefined && contentType) headers['content-type'] = contentType;
  const timeout = AbortSignal.timeout(Math.max(1, Math.floor(timeoutMs)));
  const signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
  try {
    const res = await settings.fetch(url.href, { method, headers, body, signal, redirect: 'manual' });
    return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
  } catch (err) {
    if (callerSignal?.aborted) throw callerSignal.reason;
    if (timeout.aborted) throw new TimeoutError(method, path, `no complete answer within ${Math.round(timeoutMs)} ms`);
    const code = socketErrorCode(err);
    // The cause is the socket error itself, which never carries request headers.
    const detail = code ? `connection failed (${code})` : 'connection failed';
    throw new ConnectionError(method, path, detail, { code, cause: err });
  }
}
