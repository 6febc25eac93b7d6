/**
 * Cryptographic file hashes (MD5, SHA-1, SHA-256, SHA-384, SHA-512).
 * @module
 */
import { fail, ok, quote, type Normalized } from '../normalized.js';

/** Hex digits per hash type. */
export const HASH_HEX_LENGTHS: Readonly<Record<string, number>> = Object.freeze({
  MD5: 32,
  'SHA-1': 40,
  'SHA-256': 64,
  'SHA-384': 96,
  'SHA-512': 128,
});

/** The hash type with this many hex digits, if any. */
export function hashTypeForLength(length: number): string | undefined {
  return Object.keys(HASH_HEX_LENGTHS).find((name) => HASH_HEX_LENGTHS[name] === length);
}

/** Exactly the type's number of hex digits, returned in lower case. */
export function normalizeHash(typeName: string, value: string): Normalized {
  const expected = HASH_HEX_LENGTHS[typeName]!;
  if (!/^[0-9a-f]*$/i.test(value)) return fail(`${quote(value)} is not a valid ${typeName}: only hexadecimal digits 0-9 and a-f are allowed`);
  if (value.length !== expected) {
    const other = hashTypeForLength(value.length);
    const hint = other ? `; it looks like ${other === 'MD5' ? 'an' : 'a'} ${other}` : '';
    return fail(`${quote(value)} is not a valid ${typeName}: expected ${expected} hexadecimal digits, got ${value.length}${hint}`);
  }
  return ok(value.toLowerCase());
}
