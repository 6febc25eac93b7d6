/**
 * Autonomous system numbers (indicator type "ASN").
 * @module
 */
import { fail, ok, quote, type Normalized } from '../normalized.js';

const MAX_ASN = 4294967295;

/**
 * `AS` followed by the number in asplain form (`AS15169`). Accepts `AS15169`, `as 15169`, `ASN15169`, a bare
 * `15169`, and asdot (`AS1.10` = AS65546, RFC 5396). Range 1–4294967295; AS0 is reserved (RFC 7607).
 */
export function normalizeAsn(value: string): Normalized {
  const match = /^(?:ASN?\s?)?(\d{1,10})(?:\.(\d{1,5}))?$/i.exec(value);
  if (!match) return fail(`${quote(value)} is not an AS number: expected AS followed by digits, e.g. AS15169`);
  const [, high, low] = match;
  let asn: number;
  if (low !== undefined) {
    if (Number(high) > 65535 || Number(low) > 65535) return fail(`${quote(value)} is not an AS number: both asdot halves must be 0 to 65535`);
    asn = Number(high) * 65536 + Number(low);
  } else {
    asn = Number(high);
  }
  if (asn > MAX_ASN) return fail(`${quote(value)} is not an AS number: above the 32-bit maximum ${MAX_ASN}`);
  if (asn === 0) return fail(`${quote(value)} is not usable: AS0 is reserved`);
  return ok(`AS${asn}`);
}
