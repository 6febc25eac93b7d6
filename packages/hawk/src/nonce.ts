/**
 * Random nonces for request headers.
 * @module
 */
import { randomBytes } from 'node:crypto';

/**
 * A random base64url nonce (8 characters by default: 48 bits, more than node hawk's 36). The server
 * only needs it unique per credentials and timestamp, so a short one keeps headers small.
 *
 * ```ts
 * generateNonce();    // e.g. 'mA3Lr-9_'
 * generateNonce(12);  // 16 characters
 * ```
 */
export function generateNonce(bytes = 6): string {
  return randomBytes(bytes).toString('base64url');
}
