/**
 * Turns a request description into a signed, retried HTTP exchange and its parsed answer; non-2xx
 * answers become {@link ApiError} subclasses.
 * @module
 */
import type { HawkCredentials } from '@vigil/hawk';
import { apiErrorFor } from '../errors.js';
import type { BackoffOptions } from './backoff.js';
import { serverRetryAfterMs } from './backoff.js';
import { clockOffsetFromChallenge } from './clock-skew.js';
import { appendQuery, type QueryValue } from './query.js';
import { redactSecrets, safeHeaders } from './redact.js';
import { withRetries } from './retry.js';
import { sendOnce, type PreparedRequest, type RawResponse, type TransportSettings } from './transport.js';

/** One API call as resources describe it. */
export interface RequestSpec {
  method: string;
  /** path below the base URL, ids already encoded, e.g. `/v2/agents/abc` */
  path: string;
  query?: Record<string, QueryValue>;
  /** serialized as JSON when not undefined */
  body?: unknown;
  signal?: AbortSignal;
}

/** A successful answer: status, headers and the body (parsed JSON, text, or null when empty). */
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Everything the sender needs; built once by the client. */
export interface SenderOptions {
  baseUrl: URL;
  timeoutMs: number;
  maxRetries: number;
  deadlineMs: number;
  backoff: BackoffOptions;
  transport: TransportSettings;
}

/**
 * Sends {@link RequestSpec}s. Holds the credentials privately; resources only see `send()`.
 *
 * ```ts
 * const { body } = await sender.send({ method: 'GET', path: '/v2/agents/abc' });
 * ```
 */
export class RequestSender {
  readonly #options: SenderOptions;

  constructor(options: SenderOptions) {
    this.#options = options;
  }

  /**
   * Sends one call with retries; throws an ApiError on a non-2xx answer.
   *
   * ```ts
   * const { status, body } = await sender.send({ method: 'POST', path: '/v2/rulesets', body: { name: 'x' } });
   * ```
   */
  async send<T = any>(spec: RequestSpec): Promise<ApiResponse<T>> {
    const { timeoutMs, maxRetries, deadlineMs, backoff, transport } = this.#options;
    const method = spec.method.toUpperCase();
    const prepared = this.#prepare({ ...spec, method });
    const deadlineAt = Date.now() + deadlineMs;
    const attemptTimeout = () => Math.min(timeoutMs, Math.max(1, deadlineAt - Date.now()));
    let clockCorrected = false;

    const response = await withRetries(
      { method, path: spec.path, maxRetries, deadlineAt, backoff, signal: spec.signal },
      async () => {
        const res = await sendOnce(prepared, transport, attemptTimeout(), spec.signal);
        if (res.status !== 401 || clockCorrected) return res;
        const offset = clockOffsetFromChallenge(res.headers, transport.credentials);
        if (offset === undefined) return res;
        // Re-sign once with the server's clock; a second stale answer is a real 401.
        clockCorrected = true;
        transport.localtimeOffsetMs = offset;
        return sendOnce(prepared, transport, attemptTimeout(), spec.signal);
      },
    );

    const body = parseBody(response);
    if (response.status >= 200 && response.status < 300) {
      return { status: response.status, headers: response.headers, body: body as T };
    }
    throw apiErrorFor({
      status: response.status,
      method,
      path: spec.path,
      errors: errorStrings(body).map((text) => redactSecrets(text, [transport.credentials.key])),
      retryAfterMs: serverRetryAfterMs(response.headers),
      headers: safeHeaders(response.headers),
    });
  }

  #prepare(spec: RequestSpec): PreparedRequest {
    const base = this.#options.baseUrl;
    const url = new URL(base.pathname.replace(/\/+$/, '') + spec.path, base);
    appendQuery(url, spec.query);
    const prepared: PreparedRequest = { method: spec.method, url, path: spec.path };
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
