/**
 * Domain-name rules shared by FQDN, URL hosts and e-mail domains.
 * @module
 */
import { domainToASCII } from 'node:url';
import { fail, ok, quote, type Normalized } from '../normalized.js';

const MAX_NAME_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;
// Letters, digits, hyphens, and underscores (seen in real hostnames such as _dmarc.example.com); no hyphen at
// either end of a label.
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/;
// A top-level domain is alphabetic or an IDN (xn--); this is also what keeps 1.2.3.4 out.
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

export interface DomainNameOptions {
  /** FQDNs and e-mail domains need a dot and a real-looking TLD; URL hosts may be one label (`localhost`). */
  requireTld: boolean;
}

/**
 * Lower-cases, drops one trailing dot, converts IDN labels to punycode (IDNA via `node:url`'s
 * `domainToASCII`), then checks RFC 1035 lengths and label characters.
 *
 * ```ts
 * normalizeDomainName('Bücher.Example.', { requireTld: true }); // { ok: true, value: 'xn--bcher-kva.example' }
 * ```
 */
export function normalizeDomainName(value: string, options: DomainNameOptions): Normalized {
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  if (name === '') return fail('the domain name is empty');
  const badChar = /[\x00-\x2c\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]/.exec(name);
  if (badChar) return fail(`${quote(value)} is not a valid domain name: it contains ${describeChar(badChar[0])}`);
  if (name.includes('..')) return fail(`${quote(value)} is not a valid domain name: it has an empty label`);
  if (/^[\d.]+$/.test(name)) return fail(`${quote(value)} is an IP address, not a domain name; use the type "IP Address"`);

  const ascii = domainToASCII(name);
  if (ascii === '') return fail(`${quote(value)} is not a valid domain name: its international labels cannot be converted to punycode`);
  if (ascii.length > MAX_NAME_LENGTH) return fail(`${quote(value)} is longer than the ${MAX_NAME_LENGTH} characters a domain name may have`);
  const labels = ascii.split('.');
  for (const label of labels) {
    if (label === '') return fail(`${quote(value)} is not a valid domain name: it has an empty label`);
    if (label.length > MAX_LABEL_LENGTH) return fail(`${quote(value)} has a label longer than ${MAX_LABEL_LENGTH} characters`);
    if (!LABEL.test(label)) return fail(`${quote(value)} is not a valid domain name: the label ${quote(label)} starts or ends with a hyphen`);
  }
  if (options.requireTld) {
    if (labels.length < 2) return fail(`${quote(value)} is a single label; a fully qualified domain name needs at least two (e.g. example.com)`);
    if (!TLD.test(labels[labels.length - 1]!)) {
      return fail(`${quote(value)} is not a valid domain name: the top-level domain ${quote(labels[labels.length - 1]!)} must be two or more letters or an xn-- label`);
    }
  }
  return ok(ascii);
}

function describeChar(c: string): string {
  if (c === ' ') return 'a space';
  if (/\s/.test(c)) return 'whitespace';
  if (c < ' ' || c === '\x7f') return 'a control character';
  return `the character ${quote(c)}`;
}
