/**
 * E-mail addresses (indicator type "Email Address").
 * @module
 */
import { fail, ok, quote, type Normalized } from '../normalized.js';
import { normalizeDomainName } from './domain-name.js';

const MAX_LOCAL_PART = 64;

/**
 * `local@domain`. The domain follows the FQDN rules (lower case, punycode); the local part is kept as sent,
 * because RFC 5321 lets the receiving server treat it case-sensitively. A `mailto:` prefix and angle brackets
 * (`<a@b.example>`) are removed. Quoted local parts and address literals (`user@[192.0.2.1]`) are not accepted.
 */
export function normalizeEmail(value: string): Normalized {
  let address = value.replace(/^mailto:/i, '');
  if (address.startsWith('<') && address.endsWith('>')) address = address.slice(1, -1);
  const at = address.lastIndexOf('@');
  if (at < 0) return fail(`${quote(value)} is not an e-mail address: it has no @`);
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local === '') return fail(`${quote(value)} is not an e-mail address: nothing before the @`);
  if (domain === '') return fail(`${quote(value)} is not an e-mail address: nothing after the @`);
  if (local.length > MAX_LOCAL_PART) return fail(`${quote(value)} is not an e-mail address: the part before the @ is longer than ${MAX_LOCAL_PART} characters`);
  if (/[\s\x00-\x1f\x7f@"(),:;<>[\]\\]/.test(local)) {
    return fail(`${quote(value)} is not an e-mail address: the part before the @ contains a character that needs quoting`);
  }
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    return fail(`${quote(value)} is not an e-mail address: the part before the @ has a misplaced dot`);
  }
  const normalizedDomain = normalizeDomainName(domain, { requireTld: true });
  if (!normalizedDomain.ok) return fail(`${quote(value)} is not an e-mail address: ${normalizedDomain.reason}`);
  return ok(`${local}@${normalizedDomain.value}`);
}
