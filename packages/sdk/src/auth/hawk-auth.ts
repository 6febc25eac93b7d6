/**
 * Hawk, for REST v2 users (id = user id, key = API key, ext = organization id) and for agents (id = agent
 * id, key = its secret, no ext): signs the exact URL and body bytes of every attempt, checks the
 * `Server-Authorization` of a 2xx answer, and learns the server's clock from an authenticated
 * stale-timestamp 401.
 * @module
 */
import { HawkError, type HawkCredentials } from '@vigil/hawk';
import { ServerAuthorizationError } from '../errors.js';
import { clockOffsetFromChallenge } from '../http/clock-skew.js';
import { checkServerAuthorization, signRequest } from '../http/hawk-signing.js';
import type { PreparedRequest, RawResponse } from '../http/request-spec.js';
import type { AttemptAuth, AuthStrategy } from './auth-strategy.js';

export interface HawkAuthOptions {
  /** Hawk id and key (sha256) */
  id: string;
  key: string;
  /** sent as Hawk `ext` (the organization id on REST v2; none on the agent protocol) */
  ext?: string;
  /** check `Server-Authorization` on every 2xx answer (default true) */
  verifyServerAuthorization?: boolean;
}

/**
 * Hawk authentication; the key stays in a private field.
 *
 * ```ts
 * const auth = new HawkAuth({ id: userId, key: apiKey, ext: organizationId });
 * ```
 */
export class HawkAuth implements AuthStrategy {
  readonly #credentials: HawkCredentials;
  readonly #ext: string | undefined;
  readonly #verify: boolean;
  /** server time minus local time, learnt from a stale-timestamp challenge */
  #localtimeOffsetMs = 0;

  constructor(options: HawkAuthOptions) {
    this.#credentials = { id: options.id, key: options.key, algorithm: 'sha256' };
    this.#ext = options.ext;
    this.#verify = options.verifyServerAuthorization ?? true;
  }

  authorize(request: PreparedRequest): AttemptAuth {
    const { method, url, path, body, contentType } = request;
    const { authorization, artifacts } = signRequest(this.#credentials, this.#ext, url.href, method, body, contentType, this.#localtimeOffsetMs);
    return {
      headers: { authorization },
      verify: (response: RawResponse) => {
        if (!this.#verify || response.status < 200 || response.status >= 300) return;
        try {
          checkServerAuthorization(
            response.headers.get('server-authorization'),
            this.#credentials,
            artifacts,
            response.body,
            response.headers.get('content-type') ?? undefined,
          );
        } catch (err) {
          if (!(err instanceof HawkError)) throw err;
          // The HawkError message is fixed text ("Bad response mac"); it never holds a MAC or key.
          throw new ServerAuthorizationError(method, path, response.status, err.message, { cause: err });
        }
      },
    };
  }

  /** Re-sign with the server's clock when the 401 carries its authenticated time; a second stale answer is a real 401. */
  recover(response: RawResponse): boolean {
    const offset = clockOffsetFromChallenge(response.headers, this.#credentials);
    if (offset === undefined) return false;
    this.#localtimeOffsetMs = offset;
    return true;
  }

  secrets(): readonly string[] {
    return [this.#credentials.key];
  }
}
