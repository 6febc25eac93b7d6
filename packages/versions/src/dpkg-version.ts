/**
 * Debian package versions, `[epoch:]upstream_version[-debian_revision]`, validated like dpkg's
 * `parseversion()` (lib/dpkg/parsehelp.c) and ordered like its `verrevcmp()` (lib/dpkg/version.c);
 * Debian Policy §5.6.12. dpkg only warns about some malformed versions and compares them anyway; here a
 * warning is a refusal too, as dpkg itself does when it reads its database in strict mode.
 * @module
 */
import { compareNumbers, defineScheme, sign, type Ordering, type ParseResult, type VersionScheme } from './version-scheme.js';

/**
 * One run of non-digits followed by one run of digits: `1.2~rc3` is `("", "1") (".", "2") ("~rc", "3")`.
 * `weights` holds the sort weight of each non-digit (see {@link weight}); `digits` has its leading zeros
 * removed, so `007` and `7` are the same number and `0` is the empty run.
 */
interface DpkgPart {
  readonly weights: readonly number[];
  readonly digits: string;
}

/** A valid Debian version, parsed once for repeated comparison. */
export interface DpkgVersion {
  readonly epoch: number;
  readonly upstream: string;
  /** `''` when the version has no `-revision` (which sorts like revision `0`). */
  readonly revision: string;
  readonly upstreamParts: readonly DpkgPart[];
  readonly revisionParts: readonly DpkgPart[];
}

const INT_MAX = 2147483647;

const isDigit = (c: string) => c >= '0' && c <= '9';
const isAlpha = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isBlank = (c: string) => c === ' ' || c === '\t';
// C's isspace(), which strtol() skips before the epoch's digits.
const isSpace = (c: string) => c === ' ' || (c >= '\t' && c <= '\r');

/** dpkg's `order()`: `~` before the end of a part, which is before letters, which are before other marks. */
function weight(c: string): number {
  if (isAlpha(c)) return c.charCodeAt(0);
  if (c === '~') return -1;
  return c.charCodeAt(0) + 256;
}

function splitParts(text: string): DpkgPart[] {
  const parts: DpkgPart[] = [];
  let i = 0;
  while (i < text.length) {
    const weights: number[] = [];
    while (i < text.length && !isDigit(text[i]!)) weights.push(weight(text[i++]!));
    while (i < text.length && text[i] === '0') i++;
    const start = i;
    while (i < text.length && isDigit(text[i]!)) i++;
    parts.push({ weights, digits: text.slice(start, i) });
  }
  return parts;
}

/** The epoch before `:` the way dpkg reads it, with strtol(): leading white space and a sign are accepted. */
function parseEpoch(text: string, colon: number): { ok: true; epoch: number } | { ok: false; reason: string } {
  let i = 0;
  while (i < colon && isSpace(text[i]!)) i++;
  const negative = text[i] === '-';
  if (text[i] === '-' || text[i] === '+') i++;
  const start = i;
  while (i < text.length && isDigit(text[i]!)) i++;
  if (i === start) return { ok: false, reason: 'epoch in version is empty' };
  if (i !== colon) return { ok: false, reason: 'epoch in version is not number' };
  const value = BigInt(text.slice(start, i));
  if (negative && value !== 0n) return { ok: false, reason: 'epoch in version is negative' };
  // (a value past LONG_MAX, strtol's ERANGE, is over INT_MAX too)
  if (value > BigInt(INT_MAX)) return { ok: false, reason: 'epoch in version is too big' };
  return { ok: true, epoch: Number(value) };
}

/**
 * Parses a Debian version; the reasons are dpkg's own messages.
 *
 * ```ts
 * parseDpkgVersion('1:2.30-1+deb12u1'); // { ok: true, version: { epoch: 1, upstream: '2.30', revision: '1+deb12u1', … } }
 * parseDpkgVersion('a1.0');             // { ok: false, reason: 'version number does not start with digit' }
 * ```
 */
export function parseDpkgVersion(input: string): ParseResult<DpkgVersion> {
  if (input.includes('\0')) return { ok: false, reason: 'version string contains a NUL character' };
  let begin = 0;
  while (begin < input.length && isBlank(input[begin]!)) begin++;
  if (begin === input.length) return { ok: false, reason: 'version string is empty' };
  let end = begin;
  while (end < input.length && !isBlank(input[end]!)) end++;
  for (let i = end; i < input.length; i++) {
    if (!isBlank(input[i]!)) return { ok: false, reason: 'version string has embedded spaces' };
  }
  let text = input.slice(begin, end);

  let epoch = 0;
  const colon = text.indexOf(':');
  if (colon >= 0) {
    const parsed = parseEpoch(text, colon);
    if (!parsed.ok) return parsed;
    // dpkg looks past the colon before it cuts trailing blanks: `1: ` has an empty version, not nothing.
    if (begin + colon + 1 === input.length) return { ok: false, reason: 'nothing after colon in version number' };
    epoch = parsed.epoch;
    text = text.slice(colon + 1);
  }

  const hyphen = text.lastIndexOf('-');
  const upstream = hyphen >= 0 ? text.slice(0, hyphen) : text;
  const revision = hyphen >= 0 ? text.slice(hyphen + 1) : '';
  if (hyphen >= 0 && revision === '') return { ok: false, reason: 'revision number is empty' };
  if (upstream === '') return { ok: false, reason: 'version number is empty' };
  if (!isDigit(upstream[0]!)) return { ok: false, reason: 'version number does not start with digit' };
  for (const c of upstream) {
    if (!isDigit(c) && !isAlpha(c) && !'.-+~:'.includes(c)) return { ok: false, reason: 'invalid character in version number' };
  }
  for (const c of revision) {
    if (!isDigit(c) && !isAlpha(c) && !'.+~'.includes(c)) return { ok: false, reason: 'invalid character in revision number' };
  }
  return {
    ok: true,
    version: { epoch, upstream, revision, upstreamParts: splitParts(upstream), revisionParts: splitParts(revision) },
  };
}

const EMPTY_PART: DpkgPart = { weights: [], digits: '' };

/** dpkg's verrevcmp() over pre-split parts: a missing part is an empty one, a missing mark weighs 0. */
function compareParts(a: readonly DpkgPart[], b: readonly DpkgPart[]): Ordering {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const pa = a[i] ?? EMPTY_PART;
    const pb = b[i] ?? EMPTY_PART;
    const m = Math.max(pa.weights.length, pb.weights.length);
    for (let j = 0; j < m; j++) {
      const wa = pa.weights[j] ?? 0;
      const wb = pb.weights[j] ?? 0;
      if (wa !== wb) return sign(wa - wb);
    }
    const byNumber = compareNumbers(pa.digits, pb.digits);
    if (byNumber !== 0) return byNumber;
  }
  return 0;
}

/** Orders two parsed Debian versions: epoch, then upstream version, then revision. */
export function compareDpkgVersions(a: DpkgVersion, b: DpkgVersion): Ordering {
  if (a.epoch !== b.epoch) return a.epoch < b.epoch ? -1 : 1;
  return compareParts(a.upstreamParts, b.upstreamParts) || compareParts(a.revisionParts, b.revisionParts);
}

/** Debian and Ubuntu package versions (dpkg). */
export const dpkgScheme: VersionScheme<DpkgVersion> = defineScheme('dpkg', parseDpkgVersion, compareDpkgVersions);
