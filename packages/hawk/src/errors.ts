/**
 * The one error type Hawk verification throws, carrying the HTTP status and challenge to answer with.
 * @module
 */
import { isAttributeValue } from './attribute-value.js';

/** Stable codes; the message may change, the code never does. */
export type HawkErrorCode =
  | 'HAWK_MISSING'
  | 'HAWK_BAD_HEADER'
  | 'HAWK_UNKNOWN_CREDENTIALS'
  | 'HAWK_BAD_MAC'
  | 'HAWK_BAD_PAYLOAD_HASH'
  | 'HAWK_MISSING_PAYLOAD_HASH'
  | 'HAWK_REPLAY'
  | 'HAWK_STALE'
  | 'HAWK_BAD_EXT';

/**
 * A Hawk authentication failure. `status` is 400 for malformed headers and 401 otherwise; every 401
 * carries the `WWW-Authenticate` value to send, so clients can tell "no credentials" from "bad ones".
 *
 * ```ts
 * try { await authenticate(req, options); }
 * catch (err) {
 *   if (err instanceof HawkError) reply.code(err.status).header('WWW-Authenticate', err.wwwAuthenticate);
 * }
 * ```
 */
export class HawkError extends Error {
  readonly code: HawkErrorCode;
  readonly status: 400 | 401;
  readonly wwwAuthenticate?: string;

  constructor(code: HawkErrorCode, message: string, options: { wwwAuthenticate?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HawkError';
    this.code = code;
    this.status = code === 'HAWK_BAD_HEADER' ? 400 : 401;
    if (this.status === 401) this.wwwAuthenticate = options.wwwAuthenticate ?? defaultChallenge(code, message);
  }
}

function defaultChallenge(code: HawkErrorCode, message: string): string {
  // A message that cannot be a quoted attribute must not break the header, so it is simply left out.
  if (code === 'HAWK_MISSING' || !isAttributeValue(message)) return 'Hawk';
  return `Hawk error="${message}"`;
}
