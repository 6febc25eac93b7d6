/**
 * Turns a request description into a signed, retried HTTP exchange and its parsed answer; non-2xx
 * answers become {@link ApiError} subclasses.
 * @module
 */
import type { HawkCredentials } from '@vigil/hawk';
import type { BackoffOptions } from './backoff.js';
import { clockOffsetFromChallenge } from './clock-skew.js';
import { prepareRequest, readAnswer } from './exchange.js';
import type { QueryValue } from './query.js';
import { withRetries } from './retry.js';
import { sendOnce, type TransportSettings } from './transport.js';

/** One API call as resources describe it. */
export interface RequestSpec {
  method: string;
  /** path below the base URL, ids already encoded, e.g. `/v2/agents/abc` */
  path: string;
  query?: Record<string, QueryValue>;
  /** serialized as JSON when not undefined */
  body?: unknown;
  /** bytes sent as they are (e.g. multipart/form-data) instead of a JSON `body` */
  payload?: { bytes: Buffer; contentType: string };
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
    const prepared = prepareRequest(this.#options.baseUrl, { ...spec, method });
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

    return readAnswer<T>(response, { method, path: spec.path, secrets: [transport.credentials.key] });
  }
}
