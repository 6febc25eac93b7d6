/**
 * Free-text import: pulling indicators out of a pasted report, e-mail or chat message.
 * @module
 */
import { isIPv6 } from 'node:net';
import { looksLikeDomain } from './detect.js';
import { normalizeIndicatorValue } from './normalize.js';
import { isDefanged } from './refang.js';

export interface ExtractedIndicator {
  type: string;
  value: string;
}

// Defanged separators that reports use in place of "." and "@".
const DOT = String.raw`(?:\.|\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\{dot\})`;
const AT = String.raw`(?:@|\[@\]|\(@\)|\{@\}|\[at\]|\(at\)|\{at\})`;
const LABEL = String.raw`[\p{L}\p{N}](?:[\p{L}\p{N}_-]{0,61}[\p{L}\p{N}])?`;
const DOMAIN = String.raw`${LABEL}(?:${DOT}${LABEL})+`;
// Not inside a longer word, number, path or dotted name.
const START = String.raw`(?<![\p{L}\p{N}_.\-/\\@]|\[\.\]|\(\.\))`;
const OCTET = String.raw`\d{1,3}`;

interface Pattern {
  type: string;
  regex: RegExp;
  /** Turns the matched text into a candidate value, or undefined to drop the match. */
  accept(match: string): { type: string; value: string } | undefined;
}

const PATTERNS: readonly Pattern[] = [
  {
    type: 'URL',
    regex: new RegExp(
      String.raw`(?<![\p{L}\p{N}_])(?:https?|hxxps?|hxtps?|h\[xx\]ps?|h\[tt\]ps?|fxp|ftps?|sftp|wss?)(?::\/\/|\[:\]\/\/|\[:\/\/\]|\(:\/\/\))[^\s<>"'\x60“”‘’«»]+`,
      'giu',
    ),
    accept: (match) => candidate('URL', trimUrlTail(match)),
  },
  {
    type: 'Email Address',
    regex: new RegExp(String.raw`(?<![\p{L}\p{N}_.%+\-])[A-Za-z0-9_.%+\-]+${AT}${DOMAIN}(?![\p{L}\p{N}_\-]|${DOT}[\p{L}\p{N}])`, 'giu'),
    accept: (match) => {
      const found = candidate('Email Address', match);
      const domain = found?.value.slice(found.value.lastIndexOf('@') + 1);
      return domain !== undefined && looksLikeDomain(domain, true) ? found : undefined;
    },
  },
  {
    type: 'IP Address',
    regex: new RegExp(
      String.raw`(?<!\b(?:version|ver|v|build|release|rev)\.?\s?)${START}${OCTET}(?:${DOT}${OCTET}){3}(?:(?:\/|\[\/\])\d{1,3})?(?![\p{L}\p{N}_\-]|${DOT}\d)`,
      'giu',
    ),
    accept: (match) => (match.includes('/') ? candidate('CIDR Block', match.replace('[/]', '/')) : candidate('IP Address', match)),
  },
  {
    type: 'IPv6 Address',
    regex: /(?<![\p{L}\p{N}_:.])[0-9a-f:]{2,39}(?:(?<=:)\d{1,3}(?:\.\d{1,3}){3})?(?:\/\d{1,3})?(?![\p{L}\p{N}_])/giu,
    accept: (match) => {
      let text = match;
      if (!text.includes('/') && !isIPv6(text) && text.endsWith(':')) text = text.slice(0, -1);
      const address = text.split('/')[0]!;
      if (!isIPv6(address) || !looksLikeIpv6(address)) return undefined;
      return text.includes('/') ? candidate('CIDR Block', text) : candidate('IPv6 Address', text);
    },
  },
  {
    type: 'MD5',
    regex: /(?<![\p{L}\p{N}_])(?:[0-9a-f]{128}|[0-9a-f]{96}|[0-9a-f]{64}|[0-9a-f]{40}|[0-9a-f]{32})(?![\p{L}\p{N}_])/giu,
    accept: (match) => {
      // A real hash is almost never all digits or all letters; numbers and words of hex letters are.
      if (!/\d/.test(match) || !/[a-f]/i.test(match)) return undefined;
      const type = { 32: 'MD5', 40: 'SHA-1', 64: 'SHA-256', 96: 'SHA-384', 128: 'SHA-512' }[match.length]!;
      return candidate(type, match);
    },
  },
  {
    type: 'CVE',
    regex: /(?<![\p{L}\p{N}_-])CVE[\s\u2010-\u2015-]?\d{4}[\u2010-\u2015-]\d{4,19}(?![\p{L}\p{N}_])/giu,
    accept: (match) => candidate('CVE', match.replace(/^cve[\s\u2010-\u2015-]?/i, 'CVE-')),
  },
  {
    type: 'FQDN',
    regex: new RegExp(String.raw`${START}${DOMAIN}(?![\p{L}\p{N}_\-(]|${DOT}[\p{L}\p{N}])`, 'giu'),
    accept: (match) => {
      const defanged = isDefanged(match);
      // Code, not hosts: System.Net, Microsoft.Win32 (every label capitalized) unless defanged.
      if (!defanged && match.split('.').every((label) => /^\p{Lu}\p{Ll}/u.test(label))) return undefined;
      const found = candidate('FQDN', match);
      return found && looksLikeDomain(found.value, defanged) ? found : undefined;
    },
  },
];

/**
 * Finds IPv4/IPv6 addresses, CIDR blocks, domains, URLs, e-mail addresses, MD5/SHA hashes and CVE ids in
 * free text, defanged forms included. Values come back normalized (as normalizeIndicatorValue would store
 * them), de-duplicated, in order of first appearance. Where matches overlap the one starting first wins, then
 * the longer one, so a URL's host and an e-mail's domain are not reported again as FQDNs.
 *
 * To avoid false positives: domains need a delegated TLD (the IANA list from the `tlds` package, plus onion),
 * `name.ext` with a TLD that is also a file extension (install.sh, README.md, invoice.zip) is skipped unless
 * defanged, as are dotted code names with every label capitalized (System.Net) and names followed by `(`
 * (window.open()); dotted quads inside longer dotted numbers (1.2.3.4.5) or after "version"/"v" are skipped;
 * hex strings need both digits and letters to count as hashes.
 */
export function extractIndicators(text: string): ExtractedIndicator[] {
  if (typeof text !== 'string' || text === '') return [];
  const found: Array<{ start: number; end: number; type: string; value: string }> = [];
  for (const pattern of PATTERNS) {
    for (const match of text.matchAll(pattern.regex)) {
      const accepted = pattern.accept(match[0]);
      if (accepted) found.push({ start: match.index, end: match.index + match[0].length, ...accepted });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);

  const out: ExtractedIndicator[] = [];
  const seen = new Set<string>();
  let covered = 0;
  for (const item of found) {
    if (item.start < covered) continue;
    covered = item.end;
    const key = `${item.type}\n${item.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ type: item.type, value: item.value });
  }
  return out;
}

/**
 * Short forms such as `a::b` or `::1` are more often C++ scopes or emoticons than addresses: a candidate
 * needs three groups or a group of three or more hex digits (fe80::1 and 2001:db8::1 qualify).
 */
function looksLikeIpv6(address: string): boolean {
  const groups = address.split(':').filter((group) => group !== '');
  return groups.length >= 3 || groups.some((group) => group.length >= 3);
}

function candidate(type: string, text: string): { type: string; value: string } | undefined {
  const normalized = normalizeIndicatorValue(type, text);
  return normalized.ok ? { type, value: normalized.value } : undefined;
}

/** Drops sentence punctuation and unbalanced closing brackets that follow a URL in prose. */
function trimUrlTail(url: string): string {
  let out = url;
  for (;;) {
    const last = out[out.length - 1];
    if (last === undefined) return out;
    if ('.,;:!?*'.includes(last)) {
      out = out.slice(0, -1);
      continue;
    }
    const open = { ')': '(', ']': '[', '}': '{' }[last];
    if (open !== undefined && count(out, last) > count(out, open)) {
      out = out.slice(0, -1);
      continue;
    }
    return out;
  }
}

function count(text: string, char: string): number {
  let n = 0;
  for (const c of text) if (c === char) n++;
  return n;
}
