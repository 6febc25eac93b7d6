/**
 * A keyed digest of API keys, so a key can be looked up by value (REST v1 sends only the key) while the
 * table holds nothing that would let someone holding the database alone test guesses offline.
 * @module
 */
import { createHmac, hkdfSync } from 'node:crypto';

// Separate from the encryption key's derivation info, so the two keys are independent.
const HKDF_INFO = 'vigil/store/api-key-digest/v1';

/**
 * Returns HMAC-SHA256(k, key) as base64url, where k = HKDF-SHA256(secret) (derived once here).
 *
 * ```ts
 * const digest = createKeyDigest(secret);
 * digest('the-api-key'); // 43 base64url characters
 * ```
 */
export function createKeyDigest(secret: string): (key: string) => string {
  if (secret.length === 0) throw new Error('secret must not be empty');
  const hmacKey = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), HKDF_INFO, 32));
  return (key) => createHmac('sha256', hmacKey).update(key, 'utf8').digest('base64url');
}
