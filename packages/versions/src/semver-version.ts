/**
 * Semantic versions for language ecosystems, through the `semver` package (node-semver, npm's own), in its
 * strict mode: `MAJOR.MINOR.PATCH[-prerelease][+build]`, build metadata ignored in the order (SemVer 2.0.0
 * §11). node-semver accepts a leading `v` and surrounding white space, as npm does. Numeric pre-release
 * identifiers past 2^53-1 would compare as floating-point numbers there (two different ones equal), so they
 * are refused.
 * @module
 */
import { SemVer } from 'semver';
import { defineScheme, type Ordering, type ParseResult, type VersionScheme } from './version-scheme.js';

/** A valid semantic version, parsed once for repeated comparison. */
export type SemverVersion = SemVer;

/**
 * Parses a semantic version.
 *
 * ```ts
 * parseSemverVersion('1.2.3-rc.1'); // { ok: true, version: SemVer }
 * parseSemverVersion('1.2');        // { ok: false, reason: 'not MAJOR.MINOR.PATCH[-prerelease][+build]' }
 * ```
 */
export function parseSemverVersion(text: string): ParseResult<SemverVersion> {
  let version: SemVer;
  try {
    version = new SemVer(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, reason: message.startsWith('Invalid Version') ? 'not MAJOR.MINOR.PATCH[-prerelease][+build]' : message };
  }
  // node-semver keeps such an identifier as text but still compares it as a floating-point number.
  const huge = version.prerelease.find((id) => typeof id === 'string' && /^[0-9]+$/.test(id) && BigInt(id) > BigInt(Number.MAX_SAFE_INTEGER));
  if (huge !== undefined) return { ok: false, reason: `numeric pre-release identifier ${huge} is larger than 2^53-1 and cannot be compared exactly` };
  return { ok: true, version };
}

/** Orders two parsed semantic versions by SemVer precedence. */
export function compareSemverVersions(a: SemverVersion, b: SemverVersion): Ordering {
  return a.compare(b);
}

/** Semantic versions (npm, crates.io, Go). */
export const semverScheme: VersionScheme<SemverVersion> = defineScheme('semver', parseSemverVersion, compareSemverVersions);
