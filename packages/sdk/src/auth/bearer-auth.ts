/**
 * Bearer tokens: `Authorization: Bearer <token>` from a {@link TokenSource}, renewed once after a 401 when
 * the source can renew (ThreatQ's OAuth session, threatq-session.ts), or a fixed token (an agent's deploy key).
 * @module
 */
import type { RawResponse } from '../http/request-spec.js';
import type { AttemptAuth, AuthStrategy } from './auth-strategy.js';

/** Where tokens come from. */
export interface TokenSource {
  /** a usable token: the current one, or a renewed one when it is about to expire */
  accessToken(signal?: AbortSignal): string | Promise<string>;
  /** after a 401 for `rejected`: a renewed token, or undefined when nothing can be renewed */
  renewAfterRejection?(rejected: string, signal?: AbortSignal): Promise<string | undefined>;
  /** every token and secret it holds */
  secrets(): readonly string[];
}

/**
 * A token that never changes.
 *
 * ```ts
 * new BearerAuth(fixedToken(deployKey));
 * ```
 */
export function fixedToken(token: string): TokenSource {
  return { accessToken: () => token, secrets: () => [token] };
}

/**
 * Bearer authentication over a token source.
 *
 * ```ts
 * const auth = new BearerAuth(session); // session: TqSession
 * ```
 */
export class BearerAuth implements AuthStrategy {
  readonly #tokens: TokenSource;

  constructor(tokens: TokenSource) {
    this.#tokens = tokens;
  }

  async authorize(_request: unknown, signal?: AbortSignal): Promise<AttemptAuth> {
    const token = await this.#tokens.accessToken(signal);
    return { headers: { authorization: `Bearer ${token}` }, credential: token };
  }

  /** Expired early, revoked, or the server restarted with a shorter lifetime: renew once and resend. */
  async recover(_response: RawResponse, attempt: AttemptAuth, signal?: AbortSignal): Promise<boolean> {
    if (!this.#tokens.renewAfterRejection || attempt.credential === undefined) return false;
    return (await this.#tokens.renewAfterRejection(attempt.credential, signal)) !== undefined;
  }

  secrets(): readonly string[] {
    return this.#tokens.secrets();
  }
}
