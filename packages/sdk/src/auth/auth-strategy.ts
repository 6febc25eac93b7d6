/**
 * How a client proves who it is, as octokit's auth strategies do: the request core (request-sender.ts)
 * asks the strategy for the headers of every attempt, lets it check the answer, and after a 401 lets it
 * repair what it can (a skewed clock, an expired token) before one more try.
 * @module
 */
import type { PreparedRequest, RawResponse } from '../http/request-spec.js';

/** The authentication of one attempt. */
export interface AttemptAuth {
  /** headers added to this attempt, e.g. `authorization` */
  headers: Record<string, string>;
  /** the credential this attempt used (a bearer token), so a 401 can be matched to it */
  credential?: string;
  /** checks the answer to this attempt; throws when it must not be trusted (e.g. a forged Server-Authorization) */
  verify?(response: RawResponse): void;
}

/** A way of authenticating every attempt of a call. */
export interface AuthStrategy {
  /** the headers for one attempt; called again for every retry (fresh nonce, current token) */
  authorize(request: PreparedRequest, signal?: AbortSignal): AttemptAuth | Promise<AttemptAuth>;
  /**
   * After a 401 to `attempt`: true when the strategy changed something (learnt the server's clock,
   * renewed a token) so that the call is worth sending once more. Asked at most once per call.
   */
  recover?(response: RawResponse, attempt: AttemptAuth, signal?: AbortSignal): boolean | Promise<boolean>;
  /** every secret it knows, scrubbed from text that came back from the network */
  secrets(): readonly string[];
}

/**
 * No authentication (e.g. the OAuth token endpoint, which takes its credentials in the body or a header of
 * the request itself).
 *
 * ```ts
 * new RequestSender({ ...timing, auth: anonymous });
 * ```
 */
export const anonymous: AuthStrategy = {
  authorize: () => ({ headers: {} }),
  secrets: () => [],
};
