/**
 * The signed server timestamp (`tsm`) sent with a stale-timestamp 401 so clients can resync their clock.
 * @module
 */
import { createHmac } from 'node:crypto';
import { hmacKey } from './hmac-key.js';
import { parseAuthorizationHeader } from './authorization-header.js';
import { assertCredentials, type HawkCredentials } from './credentials.js';
import { HawkError } from './errors.js';
import { timingSafeEqualString } from './timing-safe-equal.js';

/**
 * `base64(HMAC(key, "hawk.1.ts\n" + ts + "\n"))`, proving a server timestamp came from a key holder.
 *
 * ```ts
 * const tsm = calculateTsMac(1700000000, credentials);
 * ```
 */
export function calculateTsMac(ts: number | string, credentials: HawkCredentials): string {
  assertCredentials(credentials);
  return createHmac(credentials.algorithm, hmacKey(credentials.key)).update(`hawk.1.ts\n${ts}\n`).digest('base64');
}

/**
 * The `WWW-Authenticate` value for a stale request: `Hawk ts="<now>", tsm="<tsm>", error="Stale timestamp"`.
 *
 * ```ts
 * staleTimestampChallenge(credentials, Date.now());
 * ```
 */
export function staleTimestampChallenge(credentials: HawkCredentials, nowMs: number): string {
  const ts = Math.floor(nowMs / 1000);
  return `Hawk ts="${ts}", tsm="${calculateTsMac(ts, credentials)}", error="Stale timestamp"`;
}

/**
 * Client side of a stale-timestamp 401: returns the server time in seconds from a `WWW-Authenticate`
 * value once its `tsm` checks out, or undefined when it carries no timestamp. An unverified timestamp
 * must never move the client clock (anyone on the path could otherwise skew it), so a bad `tsm` throws
 * `HAWK_BAD_MAC`.
 *
 * ```ts
 * const serverTs = verifyTimestampMessage(res.headers.get('www-authenticate') ?? '', credentials);
 * if (serverTs !== undefined) localtimeOffsetMs = serverTs * 1000 - Date.now();
 * ```
 */
export function verifyTimestampMessage(header: string, credentials: HawkCredentials): number | undefined {
  const attributes = parseAuthorizationHeader(header, ['ts', 'tsm', 'error']);
  const { ts, tsm } = attributes;
  if (ts === undefined) return undefined;
  if (!isDecimalTimestamp(ts)) throw new HawkError('HAWK_BAD_HEADER', 'Invalid timestamp');
  if (tsm === undefined || !timingSafeEqualString(calculateTsMac(ts, credentials), tsm)) {
    throw new HawkError('HAWK_BAD_MAC', 'Bad timestamp mac');
  }
  return Number(ts);
}

/**
 * True for `digits` or `digits.digits`. node hawk multiplies whatever `ts` it gets by 1000, so a
 * non-numeric `ts` becomes NaN and slips past its skew check; checking the form closes that hole while
 * still accepting fractional seconds some clients send.
 *
 * ```ts
 * isDecimalTimestamp('1353832234');  // true
 * isDecimalTimestamp('1e9');         // false
 * ```
 */
export function isDecimalTimestamp(ts: string): boolean {
  const dot = ts.indexOf('.');
  const whole = dot === -1 ? ts : ts.slice(0, dot);
  const fraction = dot === -1 ? '0' : ts.slice(dot + 1);
  return isDigits(whole) && isDigits(fraction) && whole.length <= 15;
}

function isDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}
