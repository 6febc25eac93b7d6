/**
 * The per-indicator `hash` field (ThreatQ leaves its algorithm unpublished, so it is ours to define).
 * @module
 */
import { createHash } from 'node:crypto';
import { indicatorType } from './indicator-types.js';

/**
 * `sha256(JSON.stringify([typeName, normalizedValue]))`, first 32 hex digits, with the canonical type name (so
 * "fqdn" and "FQDN" agree); JSON keeps the boundary between name and value unambiguous. Type and value
 * together, because the same text can be two indicators (a Filename and a String).
 * Pass the value from normalizeIndicatorValue: the hash is only as stable as the value given to it.
 */
export function indicatorHash(typeName: string, normalizedValue: string): string {
  const name = indicatorType(typeName)?.name ?? typeName.trim();
  return createHash('sha256').update(JSON.stringify([name, normalizedValue]), 'utf8').digest('hex').slice(0, 32);
}
