/**
 * The Hawk request/response MAC.
 * @module
 */
import { createHmac } from 'node:crypto';
import { hmacKey } from './hmac-key.js';
import type { HawkArtifacts, HawkMacType } from './artifacts.js';
import { assertCredentials, type HawkCredentials } from './credentials.js';
import { normalizedString, type ResponseFields } from './normalized-string.js';

/**
 * `base64(HMAC-<algorithm>(key, normalizedString(type, artifacts)))`.
 *
 * ```ts
 * const credentials = { id: 'dh37fgj492je', key: 'werxhqb98rpaxn39848xrunpaw3489ruxnpa98w4rxn', algorithm: 'sha256' } as const;
 * calculateMac('header', credentials, { method: 'GET', host: 'example.com', port: 8000,
 *   resource: '/resource/1?b=1&a=2', ts: '1353832234', nonce: 'j4h3g2', ext: 'some-app-ext-data' });
 * // '6R4rV5iE+NPoym+WwjeHzjAGXUtLNIxmo1vpMofpLAE='
 * ```
 */
export function calculateMac(type: HawkMacType, credentials: HawkCredentials, artifacts: HawkArtifacts, response?: ResponseFields): string {
  assertCredentials(credentials);
  return createHmac(credentials.algorithm, hmacKey(credentials.key)).update(normalizedString(type, artifacts, response)).digest('base64');
}
