/**
 * RPM versions, `[epoch:]version[-release]`, ordered like rpm's `rpmvercmp()` (rpmio/rpmvercmp.cc) per part
 * and like `rpm.labelCompare()` / `rpmverCmp()` (rpmio/rpmver.cc) across parts: a missing epoch is 0, a
 * missing release sorts before any release. `~` sorts before everything, even the end of the version
 * (pre-releases: `1.0~rc1` < `1.0`); `^` sorts after the end but before anything else (snapshots after a
 * release: `1.0` < `1.0^git1` < `1.0.1`).
 *
 * rpmvercmp() compares any two strings; validity here is what rpmbuild accepts in a Version, Release or
 * versioned dependency (build/parsePreamble.cc `rpmCharCheck`, build/parseReqs.cc `checkSep`, `checkEpoch`):
 * ASCII letters and digits and `._+~^`, no `..`, at most one `:` after an all-digit epoch and at most one
 * `-` before the release. rpmbuild only warns about `%{}` (an unexpanded macro); they are refused here.
 * @module
 */
import { compareNumbers, defineScheme, type Ordering, type ParseResult, type VersionScheme } from './version-scheme.js';

/**
 * The kinds of segment in the order rpmvercmp() gives them at the same position; END pads the shorter
 * version. Two letter runs or two digit runs compare by their text.
 */
const Kind = { Tilde: 0, End: 1, Caret: 2, Letters: 3, Digits: 4 } as const;
type Kind = (typeof Kind)[keyof typeof Kind];

interface RpmSegment {
  readonly kind: Kind;
  /** letters as written; digits without their leading zeros */
  readonly text: string;
}

/** A valid RPM EVR, parsed once for repeated comparison. */
export interface RpmVersion {
  /** digits without leading zeros (`''` is epoch 0) */
  readonly epoch: string;
  readonly version: string;
  /** `null` when the EVR has no `-release` */
  readonly release: string | null;
  readonly versionSegments: readonly RpmSegment[];
  readonly releaseSegments: readonly RpmSegment[] | null;
}

const isDigit = (c: string) => c >= '0' && c <= '9';
const isAlpha = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

function segments(text: string): RpmSegment[] {
  const out: RpmSegment[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '~' || c === '^') {
      out.push({ kind: c === '~' ? Kind.Tilde : Kind.Caret, text: c });
      i++;
    } else if (isDigit(c)) {
      while (text[i] === '0') i++;
      const start = i;
      while (i < text.length && isDigit(text[i]!)) i++;
      out.push({ kind: Kind.Digits, text: text.slice(start, i) });
    } else if (isAlpha(c)) {
      const start = i;
      while (i < text.length && isAlpha(text[i]!)) i++;
      out.push({ kind: Kind.Letters, text: text.slice(start, i) });
    } else {
      i++; // a separator: `.`, `_`, `+` only separate segments
    }
  }
  return out;
}

function badCharacter(text: string): string | undefined {
  for (const c of text) {
    if (isDigit(c) || isAlpha(c) || '._+~^:-'.includes(c)) continue;
    if ('%{}'.includes(c)) return `unexpanded macro character '${c}'`;
    return `illegal char ${JSON.stringify(c)} (0x${c.codePointAt(0)!.toString(16)})`;
  }
  return undefined;
}

/**
 * Parses an RPM `[epoch:]version[-release]`.
 *
 * ```ts
 * parseRpmVersion('1:2.4.57-5.el9'); // { ok: true, version: { epoch: '1', version: '2.4.57', release: '5.el9', … } }
 * parseRpmVersion('1.0-1-2');        // { ok: false, reason: "double separator '-'" }
 * ```
 */
export function parseRpmVersion(text: string): ParseResult<RpmVersion> {
  if (text === '') return { ok: false, reason: 'version is empty' };
  const bad = badCharacter(text);
  if (bad !== undefined) return { ok: false, reason: bad };
  if (text.includes('..')) return { ok: false, reason: 'illegal sequence ".."' };
  for (const separator of [':', '-']) {
    if (text.indexOf(separator) !== text.lastIndexOf(separator)) return { ok: false, reason: `double separator '${separator}'` };
  }
  const colon = text.indexOf(':');
  const epochText = colon >= 0 ? text.slice(0, colon) : '';
  if (![...epochText].every(isDigit)) return { ok: false, reason: 'epoch must be unsigned integer' };
  const hyphen = text.indexOf('-'); // after the colon: an epoch is all digits
  const version = text.slice(colon + 1, hyphen >= 0 ? hyphen : text.length);
  const release = hyphen >= 0 ? text.slice(hyphen + 1) : null;
  if (version === '') return { ok: false, reason: 'version is empty' };
  if (release === '') return { ok: false, reason: 'release is empty' };
  return {
    ok: true,
    version: {
      epoch: epochText.replace(/^0+/, ''),
      version,
      release,
      versionSegments: segments(version),
      releaseSegments: release === null ? null : segments(release),
    },
  };
}

const END: RpmSegment = { kind: Kind.End, text: '' };

/** rpmvercmp() over pre-split segments. */
function compareSegments(a: readonly RpmSegment[], b: readonly RpmSegment[]): Ordering {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const sa = a[i] ?? END;
    const sb = b[i] ?? END;
    if (sa.kind !== sb.kind) return sa.kind < sb.kind ? -1 : 1;
    const byText = sa.kind === Kind.Digits ? compareNumbers(sa.text, sb.text) : sa.text === sb.text ? 0 : sa.text < sb.text ? -1 : 1;
    if (byText !== 0) return byText;
  }
  return 0;
}

/** Orders two parsed RPM versions like `rpm.labelCompare()`: epoch, version, then release. */
export function compareRpmVersions(a: RpmVersion, b: RpmVersion): Ordering {
  const byEpochAndVersion = compareNumbers(a.epoch, b.epoch) || compareSegments(a.versionSegments, b.versionSegments);
  if (byEpochAndVersion !== 0) return byEpochAndVersion;
  if (a.releaseSegments === null || b.releaseSegments === null) {
    return a.releaseSegments === b.releaseSegments ? 0 : a.releaseSegments === null ? -1 : 1;
  }
  return compareSegments(a.releaseSegments, b.releaseSegments);
}

/** RPM versions (Red Hat, Rocky Linux, AlmaLinux, SUSE, …). */
export const rpmScheme: VersionScheme<RpmVersion> = defineScheme('rpm', parseRpmVersion, compareRpmVersions);
