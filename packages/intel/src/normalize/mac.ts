/**
 * MAC addresses (indicator type "MAC Address").
 * @module
 */
import { fail, ok, quote, type Normalized } from '../normalized.js';

/**
 * 48-bit MAC addresses written `00:1a:2b:3c:4d:5e`, `00-1A-2B-3C-4D-5E`, `001a.2b3c.4d5e` (Cisco) or
 * `001a2b3c4d5e`, returned lower case with colons. EUI-64 is not accepted.
 */
export function normalizeMac(value: string): Normalized {
  const forms = [
    /^([0-9a-f]{2})([:-])([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})$/i,
    /^([0-9a-f]{4})\.([0-9a-f]{4})\.([0-9a-f]{4})$/i,
    /^([0-9a-f]{12})$/i,
  ];
  for (const form of forms) {
    const match = form.exec(value);
    if (!match) continue;
    const hex = match.slice(1).filter((part) => part !== ':' && part !== '-').join('').toLowerCase();
    return ok(hex.match(/../g)!.join(':'));
  }
  return fail(`${quote(value)} is not a MAC address: expected six hex pairs such as 00:1a:2b:3c:4d:5e`);
}
