/**
 * Sends calls of the ThreatQ-compatible API with a bearer token from {@link TqSession}: retries like the
 * REST v2 client (same policy and backoff), renews the token once after a 401 and sends again, and turns
 * non-2xx answers into {@link ApiError} subclasses whose text is scrubbed of every token and secret.
 * @module
 */
import { apiErrorFor } from './errors.js';
import type { BackoffOptions } from './http/backoff.js';
import { serverRetryAfterMs } from './http/backoff.js';
import { appendQuery } from './http/query.js';
import { redactSecrets, safeHeaders } from './http/redact.js';
import type { ApiResponse, RequestSpec } from './http/request-sender.js';
import { withRetries } from './http/retry.js';
import type { RawResponse } from './http/transport.js';
import type { TqSession } from './threatq-session.js';
import { sendBearerOnce, type TqPreparedRequest, type TqTransportSettings } from './threatq-transport.js';

export interface TqSenderOptions {
  baseUrl: URL;
  timeoutMs: number;
  maxRetries: number;
  deadlineMs: number;
  backoff: BackoffOptions;
  transport: TqTransportSettings;
  session: TqSession;
}

/**
 * The ThreatQ counterpart of the Hawk `RequestSender`; resources only see `send()`.
 *
 * ```ts
 * const { body } = await sender.send({ method: 'GET', path: '/api/indicators', query: { limit: 10 } });
 * ```
 */
export class TqSender {
  readonly #options: TqSenderOptions;

  constructor(options: TqSenderOptions) {
    this.#options = options;
  }

  /** Sends one call (retried, renewed once on 401); throws an ApiError on a non-2xx answer. */
  async send<T = any>(spec: RequestSpec): Promise<ApiResponse<T>> {
    const { timeoutMs, maxRetries, deadlineMs, backoff, transport, session } = this.#options;
    const method = spec.method.toUpperCase();
    const prepared = this.#prepare({ ...spec, method });
    const deadlineAt = Date.now() + deadlineMs;
    const attempt = (token: string) =>
      withRetries({ method, path: spec.path, maxRetries, deadlineAt, backoff, signal: spec.signal }, () =>
        sendBearerOnce(prepared, transport, token, Math.min(timeoutMs, Math.max(1, deadlineAt - Date.now())), spec.signal),
      );

    let token = await session.accessToken(spec.signal);
    let response: RawResponse = await attempt(token);
    if (response.status === 401) {
      // Expired early, revoked, or the server restarted with a shorter lifetime: renew once and resend.
      token = await session.renewAfterRejection(token, spec.signal);
      response = await attempt(token);
    }
    const body = parseBody(response);
    if (response.status >= 200 && response.status < 300) return { status: response.status, headers: response.headers, body: body as T };
    throw apiErrorFor({
      status: response.status,
      method,
      path: spec.path,
      errors: errorStrings(body).map((text) => redactSecrets(text, session.secrets())),
      retryAfterMs: serverRetryAfterMs(response.headers),
      headers: safeHeaders(response.headers),
    });
  }

  #prepare(spec: RequestSpec): TqPreparedRequest {
    const base = this.#options.baseUrl;
    const url = new URL(base.pathname.replace(/\/+$/, '') + spec.path, base);
    appendQuery(url, spec.query);
    const prepared: TqPreparedRequest = { method: spec.method, url, path: spec.path };
    if (spec.body !== undefined) {
      prepared.body = Buffer.from(JSON.stringify(spec.body), 'utf8');
      prepared.contentType = 'application/json';
    }
    return prepared;
  }
}

function parseBody(response: RawResponse): unknown {
  if (response.body.length === 0) return null;
  const text = response.body.toString('utf8');
  if (!/\bjson\b/i.test(response.headers.get('content-type') ?? '')) return text;
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
  if (typeof body === 'string' && body.trim()) return [body.trim().split('\n')[0]!.slice(0, 200)];
  return [];
}
