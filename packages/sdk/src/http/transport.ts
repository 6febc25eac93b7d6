/**
 * One HTTP attempt, whatever the authentication: send with `fetch` under a timeout (and the caller's
 * abort), read the whole body under the same timeout, and turn a failure to get an answer into a
 * {@link ConnectionError} or {@link TimeoutError}. Signing and retrying are the caller's job
 * (see auth/ and request-sender.ts).
 * @module
 */
import { ConnectionError, TimeoutError } from '../errors.js';
import type { PreparedRequest, RawResponse } from './request-spec.js';
import { socketErrorCode } from './socket-errors.js';

/** What every attempt of a client shares. */
export interface TransportSettings {
  fetch: typeof fetch;
  userAgent: string;
}

/**
 * Sends one attempt with the authentication headers given. Throws {@link ConnectionError} (no answer),
 * {@link TimeoutError} (slower than `timeoutMs`), or the caller's abort reason.
 *
 * ```ts
 * const res = await sendOnce(prepared, { authorization }, settings, 30_000, signal);
 * ```
 */
export async function sendOnce(
  request: PreparedRequest,
  authHeaders: Record<string, string>,
  settings: TransportSettings,
  timeoutMs: number,
  callerSignal?: AbortSignal,
): Promise<RawResponse> {
  callerSignal?.throwIfAborted();
  const { method, url, path, body, contentType } = request;
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': settings.userAgent, ...request.headers, ...authHeaders };
  if (body !== undefined && contentType) headers['content-type'] = contentType;
  const timeout = AbortSignal.timeout(Math.max(1, Math.floor(timeoutMs)));
  const signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
  try {
    // fetch sends the WHATWG-normalized href, which is also what a signature covers.
    const res = await settings.fetch(url.href, { method, headers, body, signal, redirect: 'manual' });
    return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
  } catch (err) {
    if (callerSignal?.aborted) throw callerSignal.reason;
    if (timeout.aborted) throw new TimeoutError(method, path, `no complete answer within ${Math.round(timeoutMs)} ms`);
    const code = socketErrorCode(err);
    // The cause is the socket error itself, which never carries request headers.
    const detail = code ? `connection failed (${code})` : `connection failed (${innermostMessage(err)})`;
    throw new ConnectionError(method, path, detail, { code, cause: err });
  }
}

/** `fetch failed` says nothing; the deepest cause (e.g. a TLS or URL error) says why. */
function innermostMessage(err: unknown): string {
  let message = 'unknown error';
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e.message) message = e.message;
  }
  return message;
}
