/**
 * Alpine package versions, `digits{.digits}{letter}{_suffix{digits}}{~hash}{-rN}`, validated and ordered
 * like apk-tools 3 (src/version.c: `apk_version_validate()`, `apk_version_compare()`); checked against
 * apk-tools' own test/unit/version.data.
 *
 * Suffixes sort `_alpha` < `_beta` < `_pre` < `_rc` < (none) < `_cvs` < `_svn` < `_git` < `_hg` < `_p`.
 * A dotted number with a leading zero compares as text (`1.05` < `1.5`), like Gentoo. apk keeps numbers
 * in 64 bits and silently wraps larger ones; those are refused here instead.
 * @module
 */
import { compareNumbers, defineScheme, type Ordering, type ParseResult, type VersionScheme } from './version-scheme.js';

/** Token types in apk's order: when one version runs out of tokens of the other's kind, this decides. */
const Token = { InitialDigits: 0, Digits: 1, Letter: 2, Suffix: 3, SuffixNumber: 4, CommitHash: 5, Revision: 6, End: 7 } as const;
type Token = (typeof Token)[keyof typeof Token];

/** Suffix ranks; below `NO_SUFFIX` is a pre-release. */
const SUFFIXES: ReadonlyMap<string, number> = new Map([
  ['alpha', 1],
  ['beta', 2],
  ['pre', 3],
  ['rc', 4],
  ['cvs', 6],
  ['svn', 7],
  ['git', 8],
  ['hg', 9],
  ['p', 10],
]);
const NO_SUFFIX = 5;

interface ApkToken {
  readonly type: Token;
  /** the token's text as written (without `.`, `_`, `~` or `-r`) */
  readonly raw: string;
  /** for numbers: the digits without leading zeros */
  readonly number: string;
  /** for a suffix: its rank */
  readonly suffix: number;
}

/** A valid apk version, parsed once for repeated comparison; its tokens end with one of type End. */
export interface ApkVersion {
  readonly text: string;
  readonly tokens: readonly ApkToken[];
}

const UINT64_MAX = '18446744073709551615';
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isLower = (c: string | undefined) => c !== undefined && c >= 'a' && c <= 'z';
const isHex = (c: string | undefined) => isDigit(c) || (c !== undefined && c >= 'a' && c <= 'f');

function token(type: Token, raw: string, suffix = 0): ApkToken {
  return { type, raw, number: raw.replace(/^0+/, ''), suffix };
}

/**
 * Parses an apk version.
 *
 * ```ts
 * parseApkVersion('1.2.3_rc1-r0'); // { ok: true, version: … }
 * parseApkVersion('1.0_foo');      // { ok: false, reason: 'unknown suffix "_foo" at 3' }
 * ```
 */
export function parseApkVersion(text: string): ParseResult<ApkVersion> {
  const tokens: ApkToken[] = [];
  let i = 0;
  const run = (accept: (c: string | undefined) => boolean) => {
    const start = i;
    while (accept(text[i])) i++;
    return text.slice(start, i);
  };
  const unexpected = (at: number) => ({ ok: false as const, reason: at >= text.length ? 'unexpected end' : `unexpected ${JSON.stringify(text[at])} at ${at}` });

  const first = run(isDigit);
  if (first === '') return { ok: false, reason: 'version does not start with a digit' };
  tokens.push(token(Token.InitialDigits, first));
  while (i < text.length) {
    const previous = tokens[tokens.length - 1]!.type;
    const at = i;
    const c = text[i];
    if (isLower(c)) {
      if (previous > Token.Digits) return unexpected(at);
      tokens.push(token(Token.Letter, c!));
      i++;
    } else if (c === '.' || isDigit(c)) {
      if (c === '.') {
        if (previous > Token.Digits) return unexpected(at);
        i++;
      }
      const type = previous <= Token.Digits ? Token.Digits : previous === Token.Suffix ? Token.SuffixNumber : undefined;
      if (type === undefined) return unexpected(at);
      const digits = run(isDigit);
      if (digits === '') return unexpected(i);
      tokens.push(token(type, digits));
    } else if (c === '_') {
      if (previous > Token.SuffixNumber) return unexpected(at);
      i++;
      const name = run(isLower);
      const rank = SUFFIXES.get(name);
      if (rank === undefined) return { ok: false, reason: `unknown suffix ${JSON.stringify(`_${name}`)} at ${at}` };
      tokens.push(token(Token.Suffix, name, rank));
    } else if (c === '~') {
      if (previous >= Token.CommitHash) return unexpected(at);
      i++;
      const hash = run(isHex);
      if (hash === '') return { ok: false, reason: `"~" at ${at} is not followed by a commit hash` };
      tokens.push(token(Token.CommitHash, hash));
    } else if (c === '-') {
      if (previous >= Token.Revision) return unexpected(at);
      if (text[i + 1] !== 'r') return { ok: false, reason: `"-" at ${at} is not followed by "r" and the revision number` };
      i += 2;
      const digits = run(isDigit);
      if (digits === '') return { ok: false, reason: `"-r" at ${at} is not followed by the revision number` };
      tokens.push(token(Token.Revision, digits));
    } else {
      return unexpected(at);
    }
  }
  const tooLarge = tokens.find((t) => t.type !== Token.Letter && t.type !== Token.Suffix && t.type !== Token.CommitHash && compareNumbers(t.number, UINT64_MAX) > 0);
  if (tooLarge) return { ok: false, reason: `number ${tooLarge.raw} is larger than apk's 64-bit numbers` };
  tokens.push(token(Token.End, ''));
  return { ok: true, version: { text, tokens } };
}

/** apk_blob_sort(): bytewise, then the shorter first. */
function compareText(a: string, b: string): Ordering {
  return a === b ? 0 : a < b ? -1 : 1;
}

/** apk's token_cmp() for two tokens of the same type. */
function compareTokens(a: ApkToken, b: ApkToken): Ordering {
  switch (a.type) {
    case Token.Digits:
      // A leading zero on either side makes it a text comparison (1.05 < 1.5), as in Gentoo.
      if (a.raw[0] === '0' || b.raw[0] === '0') return compareText(a.raw, b.raw);
      return compareNumbers(a.number, b.number);
    case Token.InitialDigits:
    case Token.SuffixNumber:
    case Token.Revision:
      return compareNumbers(a.number, b.number);
    case Token.Suffix:
      return a.suffix === b.suffix ? 0 : a.suffix < b.suffix ? -1 : 1;
    default:
      return compareText(a.raw, b.raw);
  }
}

/** Orders two parsed apk versions like apk_version_compare(). */
export function compareApkVersions(a: ApkVersion, b: ApkVersion): Ordering {
  let i = 0;
  for (; a.tokens[i]!.type === b.tokens[i]!.type && a.tokens[i]!.type !== Token.End; i++) {
    const order = compareTokens(a.tokens[i]!, b.tokens[i]!);
    if (order !== 0) return order;
  }
  const ta = a.tokens[i]!;
  const tb = b.tokens[i]!;
  if (ta.type === tb.type) return 0;
  // The longer version is newer, unless what it has more of is a pre-release suffix (1.0_rc1 < 1.0).
  if (ta.type === Token.Suffix && ta.suffix < NO_SUFFIX) return -1;
  if (tb.type === Token.Suffix && tb.suffix < NO_SUFFIX) return 1;
  return ta.type > tb.type ? -1 : 1;
}

/** Alpine (and Wolfi, Chainguard) package versions (apk). */
export const apkScheme: VersionScheme<ApkVersion> = defineScheme('apk', parseApkVersion, compareApkVersions);
