/**
 * The per-indicator `hash` field (ThreatQ leaves its algorithm unpublished, so it is ours to define).
 * @module
 */
import { hash } from 'node:crypto';
import { indicatorType } from './indicator-types.js';

/**
 * `sha256(JSON.stringify([typeName, normalizedValue]))`, first 32 hex digits, with the canonical type name (so
 * "fqdn" and "FQDN" agree); JSON keeps the boundary between name and value unambiguous. Type and value
 * together, because the same text can be two indicators (a Filename and a String).
 * Pass the value from normalizeIndicatorValue: the hash is only as stable as the value given to it.
 */
export function indicatorHash(typeName: string, normalizedValue: string): string {
  const name = indicatorType(typeName)?.name ?? typeName.trim();
  // One-shot hash(): a third of createHash's cost, and a bulk load hashes every indicator.
  return hash('sha256', JSON.stringify([name, normalizedValue]), 'hex').slice(0, 32);
}
