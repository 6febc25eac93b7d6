/**
 * The request core every SDK client shares (stripe-node's single pipeline): a {@link RequestSpec} becomes
 * attempts authenticated by an {@link AuthStrategy}, retried with backoff and `Retry-After` under a total
 * deadline, resent once after a 401 the strategy could repair, and an answer or a typed {@link ApiError}
 * whose text is scrubbed of the strategy's secrets.
 * @module
 */
import type { AttemptAuth, AuthStrategy } from '../auth/auth-strategy.js';
import type { BackoffOptions } from './backoff.js';
import { prepareRequest } from './prepare-request.js';
import { readAnswer } from './read-answer.js';
import type { ApiResponse, RawResponse, RequestSpec } from './request-spec.js';
import { withRetries } from './retry.js';
import { sendOnce, type TransportSettings } from './transport.js';

export type { ApiResponse, RequestSpec } from './request-spec.js';

/** Everything the sender needs; built once by a client. */
export interface SenderOptions {
  baseUrl: URL;
  timeoutMs: number;
  maxRetries: number;
  deadlineMs: number;
  backoff: BackoffOptions;
  transport: TransportSettings;
  auth: AuthStrategy;
}

/**
 * Sends {@link RequestSpec}s. Holds the credentials (in its strategy) privately; resources only see `send()`.
 *
 * ```ts
 * const sender = new RequestSender({ baseUrl, ...senderTiming({}), transport, auth: new HawkAuth({ id, key, ext: orgId }) });
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
    const response = await this.exchange(spec);
    return readAnswer<T>(response, { method: spec.method.toUpperCase(), path: spec.path, secrets: this.#options.auth.secrets() });
  }

  /**
   * As {@link send}, but a 2xx body is handed back as the bytes received (file downloads).
   *
   * ```ts
   * const { body } = await sender.sendForBytes({ method: 'GET', path: '/api/attachments/1/download' });
   * ```
   */
  async sendForBytes(spec: RequestSpec): Promise<ApiResponse<Buffer>> {
    const response = await this.exchange(spec);
    return readAnswer<Buffer>(response, { method: spec.method.toUpperCase(), path: spec.path, secrets: this.#options.auth.secrets(), bytes: true });
  }

  /**
   * The final response of a call, whatever its status: authenticated, retried, resent once after a 401 the
   * strategy repaired. Throws only when no answer could be had (connection, timeout, abort) or when the
   * strategy refused an answer (a forged `Server-Authorization`).
   *
   * ```ts
   * const { status, body } = await sender.exchange({ method: 'POST', path: '/api/token', payload });
   * ```
   */
  async exchange(spec: RequestSpec): Promise<RawResponse> {
    const { timeoutMs, maxRetries, deadlineMs, backoff, transport, auth } = this.#options;
    const method = spec.method.toUpperCase();
    const prepared = prepareRequest(this.#options.baseUrl, { ...spec, method });
    const deadlineAt = Date.now() + deadlineMs;
    const retryOptions = { method, path: spec.path, maxRetries, deadlineAt, backoff, signal: spec.signal, idempotent: spec.idempotent, onRetry: spec.onRetry };
    let last: AttemptAuth | undefined;
    const attempt = async (remainingMs: number): Promise<RawResponse> => {
      const attemptAuth = await auth.authorize(prepared, spec.signal);
      last = attemptAuth;
      const response = await sendOnce(prepared, attemptAuth.headers, transport, Math.min(timeoutMs, Math.max(1, remainingMs)), spec.signal);
      attemptAuth.verify?.(response);
      return response;
    };

    const response = await withRetries(retryOptions, attempt);
    if (response.status !== 401 || !auth.recover || last === undefined) return response;
    if (!(await auth.recover(response, last, spec.signal))) return response;
    return withRetries(retryOptions, attempt);
  }
}
