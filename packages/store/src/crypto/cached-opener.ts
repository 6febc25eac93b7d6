/**
 * Decrypts stored secrets (API keys, agent secrets) that are needed on every request. Ciphertexts are
 * immutable (a new secret gets a new random IV), so a decryption cached by ciphertext can never be stale.
 * @module
 */
import { StoreDecryptionError } from '../errors.js';
import type { SecretBox } from './secret-box.js';

/**
 * Returns `open(ciphertext)` backed by a bounded cache; `what` names the secret in the error raised when
 * the server secret no longer decrypts it.
 * ```ts
 * const open = cachedOpener(box, 'API key');
 * const key = open(row.key_ciphertext);
 * ```
 */
export function cachedOpener(box: SecretBox, what: string, maxEntries = 1024): (ciphertext: string) => string {
  const decrypted = new Map<string, string>();
  return (ciphertext) => {
    let plain = decrypted.get(ciphertext);
    if (plain === undefined) {
      try {
        plain = box.open(ciphertext);
      } catch (err) {
        throw new StoreDecryptionError(`stored ${what} cannot be decrypted; was the server secret changed?`, {
          cause: err,
        });
      }
      if (decrypted.size >= maxEntries) decrypted.delete(decrypted.keys().next().value as string);
      decrypted.set(ciphertext, plain);
    }
    return plain;
  };
}
