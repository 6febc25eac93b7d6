/**
 * Which top-level domains exist, for telling `evil.example.com` from `report.pdf` in free text.
 * @module
 */
import { createRequire } from 'node:module';
import { domainToASCII } from 'node:url';

// The `tlds` package is the IANA root zone list (refreshed with each release); it ships JSON, hence require.
const require = createRequire(import.meta.url);
const IANA_TLDS: readonly string[] = require('tlds');

// Special-use names that are not in the root zone but are real indicators in threat reports (RFC 7686).
const SPECIAL_USE_TLDS = ['onion'];

const KNOWN_TLDS: ReadonlySet<string> = new Set(
  [...IANA_TLDS, ...SPECIAL_USE_TLDS].flatMap((tld) => [tld.toLowerCase(), domainToASCII(tld)]).filter((tld) => tld !== ''),
);

/** Whether the label (Unicode or punycode, any case) is a delegated TLD or a special-use one such as onion. */
export function isKnownTld(label: string): boolean {
  return KNOWN_TLDS.has(label.toLowerCase());
}

/**
 * Real TLDs that are also everyday file extensions (install.sh, main.py, README.md, invoice.zip, notes.one).
 * A two-label name ending in one is read as a file name unless the author defanged it (`evil[.]sh`).
 */
export const FILE_EXTENSION_TLDS: ReadonlySet<string> = new Set([
  'zip', 'mov', 'py', 'sh', 'pl', 'rs', 'md', 'ps', 'so', 'one', 'pub', 'run',
].filter(isKnownTld));
