/**
 * The shape every version scheme shares: parse a version once, compare parsed versions many times.
 * @module
 */
import { InvalidVersionError } from './version-errors.js';

/** The result of a comparison: `a` sorts before (-1), equal to (0) or after (1) `b`. */
export type Ordering = -1 | 0 | 1;

/** A parsed version, or why the text is not a valid version in that scheme. Never throws. */
export type ParseResult<V> = { ok: true; version: V } | { ok: false; reason: string };

/** The schemes this package implements. */
export type SchemeName = 'dpkg' | 'rpm' | 'apk' | 'semver';

/**
 * One version scheme. `parse` checks validity the way the scheme's own tool does and returns a structure
 * that `compare` orders without parsing again, so a matcher can parse each version once and cache it
 * (issue #19: a fleet match compares millions of pairs).
 *
 * ```ts
 * const fixed = dpkgScheme.parse('2.36-9+deb12u4');
 * if (!fixed.ok) throw new Error(fixed.reason);
 * dpkgScheme.compare(installed, fixed.version) < 0; // installed is older than the fix
 * dpkgScheme.compareText('1.0~rc1', '1.0');         // -1, throws InvalidVersionError on bad input
 * ```
 */
export interface VersionScheme<V> {
  readonly name: SchemeName;
  parse(text: string): ParseResult<V>;
  compare(a: V, b: V): Ordering;
  /**
   * Parses both texts and compares them.
   * @throws {InvalidVersionError} when either text is not a valid version in this scheme
   */
  compareText(a: string, b: string): Ordering;
}

/** Builds a scheme from its parser and comparator, adding `compareText` the same way for all of them. */
export function defineScheme<V>(name: SchemeName, parse: (text: string) => ParseResult<V>, compare: (a: V, b: V) => Ordering): VersionScheme<V> {
  const parseOrThrow = (text: string): V => {
    const result = parse(text);
    if (!result.ok) throw new InvalidVersionError(name, text, result.reason);
    return result.version;
  };
  return { name, parse, compare, compareText: (a, b) => compare(parseOrThrow(a), parseOrThrow(b)) };
}

/** The sign of a number as an Ordering. */
export function sign(n: number): Ordering {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/** Digit strings without leading zeros, compared as the numbers they are, however long. */
export function compareNumbers(a: string, b: string): Ordering {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a === b ? 0 : a < b ? -1 : 1;
}
