/**
 * Authenticated encryption of API keys at rest. Hawk needs the plaintext key to verify MACs, so keys are
 * encrypted (not hashed) under a key derived from the server secret.
 * @module
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
// Fixed and versioned so the derived key stays stable across restarts and could be rotated by a v2 box.
const HKDF_INFO = 'vigil/store/api-key-encryption/v1';

/** Encrypts and decrypts short strings; see {@link createSecretBox}. */
export interface SecretBox {
  /** returns `v1.<iv>.<ciphertext>.<tag>` (base64url parts) */
  seal(plaintext: string): string;
  /** throws when the box was sealed under another secret or was tampered with */
  open(sealed: string): string;
}

/**
 * Creates an AES-256-GCM box keyed by HKDF-SHA256(secret). The derivation runs once here, not per call.
 *
 * ```ts
 * const box = createSecretBox(process.env.VIGIL_SECRET!);
 * const sealed = box.seal('key');
 * box.open(sealed); // 'key'
 * ```
 */
export function createSecretBox(secret: string): SecretBox {
  if (secret.length === 0) throw new Error('secret must not be empty');
  const key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), HKDF_INFO, 32));

  return {
    seal(plaintext: string): string {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv.toString('base64url'), ciphertext.toString('base64url'), tag.toString('base64url')].join(
        '.',
      );
    },

    open(sealed: string): string {
      const parts = sealed.split('.');
      if (parts.length !== 4 || parts[0] !== VERSION) throw new Error('unsupported sealed value format');
      const iv = Buffer.from(parts[1]!, 'base64url');
      const ciphertext = Buffer.from(parts[2]!, 'base64url');
      const tag = Buffer.from(parts[3]!, 'base64url');
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new Error('malformed sealed value');
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    },
  };
}
