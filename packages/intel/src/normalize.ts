/**
 * Validation and canonical form of an indicator value for its type: the basis of de-duplication (upsert on
 * type + normalized value) and of the 400 errors the API returns. Rules per type: ../README.md.
 * @module
 */
import { indicatorType } from './indicator-types.js';
import { MAX_INDICATOR_VALUE_LENGTH } from './limits.js';
import { fail, quote, type Normalized } from './normalized.js';
import { refang } from './refang.js';
import { normalizeAsn } from './normalize/asn.js';
import { normalizeCidr } from './normalize/cidr.js';
import { normalizeCve } from './normalize/cve.js';
import { normalizeEmail } from './normalize/email.js';
import { normalizeFqdn } from './normalize/fqdn.js';
import { normalizeFreeForm } from './normalize/free-form.js';
import { HASH_HEX_LENGTHS, normalizeHash } from './normalize/hashes.js';
import { normalizeIpv4 } from './normalize/ipv4.js';
import { normalizeIpv6 } from './normalize/ipv6.js';
import { normalizeMac } from './normalize/mac.js';
import { normalizeUrl } from './normalize/url.js';

// Types whose values reports defang (hxxp://, [.]); the others are taken literally.
const NETWORK_NORMALIZERS: Readonly<Record<string, (value: string) => Normalized>> = {
  'IP Address': normalizeIpv4,
  'IPv6 Address': normalizeIpv6,
  'CIDR Block': normalizeCidr,
  FQDN: normalizeFqdn,
  URL: normalizeUrl,
  'Email Address': normalizeEmail,
};

const LITERAL_NORMALIZERS: Readonly<Record<string, (value: string) => Normalized>> = {
  ASN: normalizeAsn,
  CVE: normalizeCve,
  'MAC Address': normalizeMac,
};

/**
 * Trims the value and returns its canonical form for the type (name matched case-insensitively), or the
 * reason it is not a valid value of that type.
 *
 * ```ts
 * normalizeIndicatorValue('FQDN', ' Evil[.]Example. ');  // { ok: true, value: 'evil.example' }
 * normalizeIndicatorValue('MD5', 'abc');                // { ok: false, reason: '"abc" is not a valid MD5: ...' }
 * ```
 */
export function normalizeIndicatorValue(typeName: string, value: string): Normalized {
  const type = typeof typeName === 'string' || typeof typeName === 'number' ? indicatorType(typeName) : undefined;
  if (!type) return fail(`Unknown indicator type ${quote(String(typeName))}`);
  if (typeof value !== 'string') return fail(`The ${type.name} value must be a string`);
  const trimmed = value.trim();
  if (trimmed === '') return fail(`The ${type.name} value is empty`);
  if (trimmed.length > MAX_INDICATOR_VALUE_LENGTH && [...trimmed].length > MAX_INDICATOR_VALUE_LENGTH) {
    return fail(`The ${type.name} value is longer than ${MAX_INDICATOR_VALUE_LENGTH} characters`);
  }

  const network = NETWORK_NORMALIZERS[type.name];
  if (network) return network(refang(trimmed));
  const literal = LITERAL_NORMALIZERS[type.name];
  if (literal) return literal(trimmed);
  if (HASH_HEX_LENGTHS[type.name] !== undefined) return normalizeHash(type.name, trimmed);
  return normalizeFreeForm(type.name, trimmed);
}
