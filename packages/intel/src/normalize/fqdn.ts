/**
 * Fully qualified domain names (indicator type "FQDN").
 * @module
 */
import { fail, quote, type Normalized } from '../normalized.js';
import { normalizeDomainName } from './domain-name.js';

/** See domain-name.ts; also points users who pasted a URL or an e-mail address at the right type. */
export function normalizeFqdn(value: string): Normalized {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return fail(`${quote(value)} is a URL, not a domain name; use the type "URL"`);
  if (value.includes('@')) return fail(`${quote(value)} is an e-mail address, not a domain name; use the type "Email Address"`);
  return normalizeDomainName(value, { requireTld: true });
}
