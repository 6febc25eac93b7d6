/**
 * Constant-time string comparison for MACs and hashes.
 * @module
 */
import { timingSafeEqual } from 'node:crypto';

/**
 * Compares two strings without leaking where they first differ. Only the length can leak, which is
 * public for MACs anyway (it follows from the algorithm).
 *
 * ```ts
 * timingSafeEqualString(calculateMac('header', credentials, artifacts), attributes.mac);
 * ```
 */
export function timingSafeEqualString(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) {
    // Still run a comparison so a length mismatch costs about the same as a content mismatch.
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}
