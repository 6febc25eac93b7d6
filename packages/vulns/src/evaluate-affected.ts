/**
 * Whether one version of a package is affected by an advisory, exactly as the OSV schema's "Evaluation"
 * pseudocode says (IsVulnerable, IncludedInVersions, IncludedInRanges, BeforeLimits), over entries compiled
 * once (compiled-affected.ts), and which fixed version takes it out.
 * @module
 */
import { compareBound, type CompiledAffected, type CompiledRange } from './compiled-affected.js';
import type { OpaqueScheme, VersionCache } from './version-cache.js';

/**
 * - `clear`: no range and no listed version covers the version: no finding.
 * - `vulnerable`: `fixed` is the lowest `fixed` event of the advisory above the version that the advisory
 *   does not cover itself, or null when there is none (unfixed, or only `last_affected` known).
 * - `invalid`: the version, or a version of the advisory, is not valid in the scheme that must order it.
 */
export type Verdict = { kind: 'clear' } | { kind: 'vulnerable'; fixed: string | null } | { kind: 'invalid'; reason: string };

const CLEAR: Verdict = { kind: 'clear' };

class Unparseable extends Error {}

/**
 * `text` parsed in whichever scheme asks (from the cache, and the last answer kept at hand: an advisory's
 * ranges nearly always share one scheme), or Unparseable with the scheme's reason.
 */
function parserOf(text: string, cache: VersionCache): (scheme: OpaqueScheme) => unknown {
  let last: OpaqueScheme | undefined;
  let value: unknown;
  return (scheme) => {
    if (scheme !== last) {
      const result = cache.parse(scheme, text);
      if (!result.ok) throw new Unparseable(`installed version ${JSON.stringify(text)} is not a valid ${scheme.name} version: ${result.reason}`);
      [last, value] = [scheme, result.version];
    }
    return value;
  };
}

/** OSV BeforeLimits: no limit events means an implicit `limit: "*"`. */
function beforeLimits(range: CompiledRange, v: unknown): boolean {
  if (range.limits.length === 0) return true;
  return range.limits.some((limit) => compareBound(range.scheme, v, limit.version) < 0);
}

/** OSV IncludedInRanges for one range: walk the sorted events as a timeline. */
function inRange(range: CompiledRange, v: unknown): boolean {
  if (!beforeLimits(range, v)) return false;
  let vulnerable = false;
  for (const event of range.events) {
    if (event.kind === 'introduced') {
      if (compareBound(range.scheme, v, event.version) >= 0) vulnerable = true;
    } else if (event.kind === 'fixed') {
      if (compareBound(range.scheme, v, event.version) >= 0) vulnerable = false;
    } else if (event.kind === 'last_affected') {
      if (compareBound(range.scheme, v, event.version) > 0) vulnerable = false;
    }
  }
  return vulnerable;
}

/** OSV IsVulnerable over the entries that name this package. Throws Unparseable for an invalid version. */
function isVulnerable(entries: readonly CompiledAffected[], text: string, cache: VersionCache): boolean {
  const parsed = parserOf(text, cache);
  for (const entry of entries) {
    if (entry.versions.length > 0) {
      const v = parsed(entry.scheme);
      if (entry.versions.some((listed) => entry.scheme.compare(v, listed) === 0)) return true;
    }
    for (const range of entry.ranges) {
      if (inRange(range, parsed(range.scheme))) return true;
    }
  }
  return false;
}

/** The lowest `fixed` version above `text` that the advisory does not cover, or null. */
function lowestFix(entries: readonly CompiledAffected[], text: string, cache: VersionCache): string | null {
  let best: { scheme: OpaqueScheme; version: unknown; text: string } | null = null;
  const parsed = parserOf(text, cache);
  for (const entry of entries) {
    for (const range of entry.ranges) {
      const v = parsed(range.scheme);
      for (const event of range.events) {
        if (event.kind !== 'fixed' || range.scheme.compare(event.version, v) <= 0) continue;
        // A fix from another scheme (a SEMVER range beside ECOSYSTEM ones) cannot be ordered against the
        // best so far; the first scheme's fixes win.
        if (best !== null && (best.scheme !== range.scheme || range.scheme.compare(event.version, best.version) >= 0)) continue;
        let coveredToo: boolean;
        try {
          coveredToo = isVulnerable(entries, event.text, cache);
        } catch (err) {
          if (!(err instanceof Unparseable)) throw err;
          coveredToo = true; // not shown to be out of the advisory: not offered as the fix
        }
        if (!coveredToo) best = { scheme: range.scheme, version: event.version, text: event.text };
      }
    }
  }
  return best?.text ?? null;
}

/**
 * Evaluates `installed` against the entries of one advisory that name its package.
 *
 * ```ts
 * evaluateAffected([entry], '3.0.11-1~deb12u2', cache); // { kind: 'vulnerable', fixed: '3.0.13-1~deb12u1' }
 * ```
 */
export function evaluateAffected(entries: readonly CompiledAffected[], installed: string, cache: VersionCache): Verdict {
  const broken = entries.find((e) => e.error !== null);
  if (broken) return { kind: 'invalid', reason: broken.error! };
  try {
    if (!isVulnerable(entries, installed, cache)) return CLEAR;
    return { kind: 'vulnerable', fixed: lowestFix(entries, installed, cache) };
  } catch (err) {
    if (err instanceof Unparseable) return { kind: 'invalid', reason: err.message };
    throw err;
  }
}
