/**
 * Guessing the indicator type of a single value.
 * @module
 */
import { MAX_INDICATOR_VALUE_LENGTH } from './limits.js';
import { isDefanged, refang } from './refang.js';
import { FILE_EXTENSION_TLDS, isKnownTld } from './tlds.js';
import { normalizeAsn } from './normalize/asn.js';
import { normalizeCidr } from './normalize/cidr.js';
import { normalizeCve } from './normalize/cve.js';
import { normalizeEmail } from './normalize/email.js';
import { normalizeFqdn } from './normalize/fqdn.js';
import { hashTypeForLength } from './normalize/hashes.js';
import { normalizeIpv4 } from './normalize/ipv4.js';
import { normalizeIpv6 } from './normalize/ipv6.js';
import { normalizeMac } from './normalize/mac.js';
import { normalizeUrl } from './normalize/url.js';

/**
 * The most likely type name for a value, or undefined when nothing fits well (free text is never guessed as
 * "String"). Network forms may be defanged. Domains need a known TLD, and `name.ext` where ext is also a file
 * extension (install.sh, invoice.zip) is read as a Filename unless defanged.
 *
 * ```ts
 * detectIndicatorType('8.8.8.8');             // 'IP Address'
 * detectIndicatorType('hxxp://evil[.]test/'); // 'URL'
 * detectIndicatorType('report.pdf');          // 'Filename'
 * ```
 */
export function detectIndicatorType(value: string): string | undefined {
  if (typeof value !== 'string') return undefined;
  const raw = value.trim();
  if (raw === '' || raw.length > MAX_INDICATOR_VALUE_LENGTH) return undefined;
  const v = refang(raw);
  const defanged = v !== raw;

  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return normalizeUrl(v).ok ? 'URL' : undefined;
  if (/^[^\s@]+@[^\s@]+$/.test(v.replace(/^mailto:/i, ''))) return normalizeEmail(v).ok ? 'Email Address' : undefined;
  if (/^[\d.]+\/\d+$|^[0-9a-f:.]+\/\d+$/i.test(v)) return normalizeCidr(v).ok ? 'CIDR Block' : undefined;
  if (normalizeIpv4(v).ok) return 'IP Address';
  if (v.includes(':') && normalizeIpv6(v).ok) return 'IPv6 Address';
  if (/^[0-9a-f]+$/i.test(v)) {
    const hash = hashTypeForLength(v.length);
    if (hash) return hash;
  }
  if (/^cve/i.test(v) && normalizeCve(v).ok) return 'CVE';
  if (/[:.-]/.test(v) && normalizeMac(v).ok) return 'MAC Address';
  if (/^AS/i.test(v) && normalizeAsn(v).ok) return 'ASN';
  if (looksLikeDomain(v, defanged || isDefanged(raw))) return 'FQDN';
  if (/^[^/\s]+\.[^/\s]+\/\S*$/.test(v) && looksLikeDomain(v.slice(0, v.indexOf('/')), defanged)) {
    return normalizeUrl(v).ok ? 'URL' : undefined;
  }
  if (/^(?:HKEY_[A-Z_]+|HKLM|HKCU|HKCR|HKU|HKCC)(?:\\|$)/i.test(v)) return 'Registry Key';
  if (/^[a-z]:\\|^\\\\[^\\]|^%[a-z_]+%\\|^~?\/[^/\s]/i.test(v)) return 'File Path';
  if (/^Mozilla\/\d|^[\w.-]+\/\d[\w.]*\s+\(/.test(v)) return 'User-agent';
  if (/^[^\\/:*?"<>|\s][^\\/:*?"<>|\r\n]*\.[a-z][a-z0-9]{0,7}$/i.test(v)) return 'Filename';
  return undefined;
}

/** A syntactically valid FQDN with a delegated TLD that does not read as `file.ext`. */
export function looksLikeDomain(value: string, defanged: boolean): boolean {
  const fqdn = normalizeFqdn(value);
  if (!fqdn.ok) return false;
  const labels = fqdn.value.split('.');
  const tld = labels[labels.length - 1]!;
  if (!isKnownTld(tld)) return false;
  return defanged || labels.length > 2 || !FILE_EXTENSION_TLDS.has(tld);
}
