/**
 * Sends calls of the ThreatQ-compatible API with a bearer token from {@link TqSession}: retries like the
 * REST v2 client (the same request preparation, retry loop, policy, backoff and answer reading, see
 * http/exchange.ts), renews the token once after a 401 and sends again, and turns non-2xx answers into
 * {@link ApiError} subclasses whose text is scrubbed of every token and secret.
 * @module
 */
import type { BackoffOptions } from './http/backoff.js';
import { prepareRequest, readAnswer } from './http/exchange.js';
import type { ApiResponse, RequestSpec } from './http/request-sender.js';
import { withRetries } from './http/retry.js';
import type { RawResponse } from './http/transport.js';
import type { TqSession } from './threatq-session.js';
import { sendBearerOnce, type TqTransportSettings } from './threatq-transport.js';

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
 * The ThreatQ counterpart of the Hawk `RequestSender`; resources only see `send()` and `sendForBytes()`.
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
    const { method, response } = await this.#exchange(spec);
    return readAnswer<T>(response, { method, path: spec.path, secrets: this.#options.session.secrets() });
  }

  /** As {@link send}, but a 2xx body is handed back as the bytes received (file downloads). */
  async sendForBytes(spec: RequestSpec): Promise<ApiResponse<Buffer>> {
    const { method, response } = await this.#exchange(spec);
    return readAnswer<Buffer>(response, { method, path: spec.path, secrets: this.#options.session.secrets(), bytes: true });
  }

  async #exchange(spec: RequestSpec): Promise<{ method: string; response: RawResponse }> {
    const { timeoutMs, maxRetries, deadlineMs, backoff, transport, session } = this.#options;
    const method = spec.method.toUpperCase();
    const prepared = prepareRequest(this.#options.baseUrl, { ...spec, method });
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
    return { method, response };
  }
}
