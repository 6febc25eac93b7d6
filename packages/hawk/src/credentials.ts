/**
 * Hawk credentials: the shared secret a client and server use to sign requests and responses.
 * @module
 */

/** HMAC/hash algorithms Hawk defines; Threat Stack uses `sha256`. */
export type HawkAlgorithm = 'sha256' | 'sha1';

/** A Hawk id/key pair. For Threat Stack v2, `id` is the user id and `key` the user's API key. */
export interface HawkCredentials {
  id: string;
  key: string;
  algorithm: HawkAlgorithm;
}

/** The algorithms accepted at runtime; anything else is a configuration bug, not a client error. */
export const HAWK_ALGORITHMS: readonly HawkAlgorithm[] = ['sha256', 'sha1'];

/**
 * Throws a TypeError unless the algorithm is one Hawk defines. Credentials usually come from a database
 * or config file, so the static type alone does not guarantee this.
 *
 * ```ts
 * assertAlgorithm(credentials.algorithm); // throws on 'md5'
 * ```
 */
export function assertAlgorithm(algorithm: string): asserts algorithm is HawkAlgorithm {
  if (!(HAWK_ALGORITHMS as readonly string[]).includes(algorithm)) {
    throw new TypeError(`Unsupported Hawk algorithm: ${String(algorithm)}`);
  }
}

/**
 * Throws a TypeError unless the credentials carry a non-empty key and a supported algorithm
 * (an empty HMAC key would make every MAC forgeable).
 *
 * ```ts
 * assertCredentials({ id: 'u1', key: 'secret', algorithm: 'sha256' });
 * ```
 */
export function assertCredentials(credentials: HawkCredentials): void {
  if (typeof credentials?.key !== 'string' || credentials.key.length === 0) {
    throw new TypeError('Invalid Hawk credentials: missing key');
  }
  assertAlgorithm(credentials.algorithm);
}
