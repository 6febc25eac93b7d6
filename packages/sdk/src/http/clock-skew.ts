/**
 * Recovering from a skewed local clock. Vigil refuses timestamps more than 60 s off with a 401 whose
 * `WWW-Authenticate` carries the server's time and a MAC of it (`tsm`); a client that can verify the
 * MAC may trust that time and re-sign (the Hawk spec's "timestamp message").
 * @module
 */
import { verifyTimestampMessage, type HawkCredentials } from '@vigil/hawk';

/**
 * The offset (server time minus local time, in ms) from an authenticated stale-timestamp challenge,
 * or undefined when the response is not one.
 *
 * ```ts
 * const offset = clockOffsetFromChallenge(res.headers, credentials);
 * if (offset !== undefined) settings.localtimeOffsetMs = offset;
 * ```
 */
export function clockOffsetFromChallenge(headers: Headers, credentials: HawkCredentials): number | undefined {
  const challenge = headers.get('www-authenticate');
  if (!challenge || !/\btsm=/.test(challenge)) return undefined;
  try {
    const ts = verifyTimestampMessage(challenge, credentials);
    return ts === undefined ? undefined : ts * 1000 - Date.now();
  } catch {
    // An unauthenticated time must not move our clock.
    return undefined;
  }
}
