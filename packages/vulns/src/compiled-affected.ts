/**
 * An advisory's `affected[]` entry made ready for evaluation: every event version parsed once in the
 * range's scheme (ECOSYSTEM: the ecosystem's package manager; SEMVER: semantic versions) and the events
 * sorted, so matching a host only compares. An entry holding a version its scheme refuses is kept with the
 * reason: packages it covers get an `invalid` finding rather than a comparison against a guess.
 * @module
 */
import { schemeForEcosystem, semverScheme } from '@vigil/versions';
import type { AffectedPackage, RangeEvent } from './advisory.js';
import { opaque, type OpaqueScheme, type VersionCache } from './version-cache.js';

export type EventKind = 'introduced' | 'fixed' | 'last_affected' | 'limit';

/** Before every version (`introduced: "0"`) and after every version (`limit: "*"`). */
export const BEFORE_ALL = Symbol('before all versions');
export const AFTER_ALL = Symbol('after all versions');

export interface CompiledEvent {
  kind: EventKind;
  /** the version as the advisory wrote it */
  text: string;
  version: unknown;
}

export interface CompiledRange {
  scheme: OpaqueScheme;
  /** sorted by version; at equal versions `introduced` first, so a range introduced and fixed at one
   *  version is empty rather than open */
  events: CompiledEvent[];
  /** the `limit` events (none means an implicit `limit: "*"`) */
  limits: CompiledEvent[];
}

export interface CompiledAffected {
  advisoryId: string;
  /** the advisory's ecosystem, as written */
  ecosystem: string;
  name: string;
  /** the ecosystem's scheme, which orders `versions[]` */
  scheme: OpaqueScheme;
  /** shared by the entries compiled with one cache whose scheme, ranges and versions are equal, and only by them */
  ranges: CompiledRange[];
  versions: unknown[];
  /** set when a version of the entry is invalid: every package it covers is reported invalid with it */
  error: string | null;
}

const KINDS: readonly EventKind[] = ['introduced', 'fixed', 'last_affected', 'limit'];
const KIND_ORDER: Record<EventKind, number> = { introduced: 0, last_affected: 1, fixed: 2, limit: 3 };

function kindOf(event: RangeEvent): EventKind {
  const kind = KINDS.find((k) => k in event);
  if (kind === undefined) throw new TypeError(`range event ${JSON.stringify(event)} has none of ${KINDS.join(', ')}`);
  return kind;
}

/**
 * Orders a parsed version (or a sentinel) against another.
 *
 * ```ts
 * compareBound(scheme, BEFORE_ALL, parsed); // -1
 * ```
 */
export function compareBound(scheme: OpaqueScheme, a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === BEFORE_ALL || b === AFTER_ALL) return -1;
  if (a === AFTER_ALL || b === BEFORE_ALL) return 1;
  return scheme.compare(a, b);
}

class InvalidEntryVersion extends Error {}

function parseIn(scheme: OpaqueScheme, cache: VersionCache, text: string, what: string): unknown {
  const parsed = cache.parse(scheme, text);
  if (!parsed.ok) throw new InvalidEntryVersion(`${what} ${JSON.stringify(text)} is not a valid ${scheme.name} version: ${parsed.reason}`);
  return parsed.version;
}

/**
 * The version order of an ecosystem's ECOSYSTEM ranges and of SEMVER ranges, or undefined when the
 * ecosystem's order is not implemented. The default is @vigil/versions; the benchmark's baseline swaps in
 * plain text order to show what exact version order costs.
 */
export interface VersionOrders {
  forEcosystem(ecosystem: string): OpaqueScheme | undefined;
  semver: OpaqueScheme;
}

/** The packaging tools' exact orders (@vigil/versions). */
export const EXACT_ORDERS: VersionOrders = {
  forEcosystem: (ecosystem) => {
    const scheme = schemeForEcosystem(ecosystem);
    return scheme && opaque(scheme);
  },
  semver: opaque(semverScheme),
};

function compileRange(range: AffectedPackage['ranges'][number], ecosystemScheme: OpaqueScheme, orders: VersionOrders, cache: VersionCache): CompiledRange {
  const scheme = range.type === 'SEMVER' ? orders.semver : ecosystemScheme;
  const events = range.events.map((event): CompiledEvent => {
    const kind = kindOf(event);
    const text = (event as Record<EventKind, string>)[kind];
    if (kind === 'introduced' && text === '0') return { kind, text, version: BEFORE_ALL };
    if (kind === 'limit' && text.includes('*')) return { kind, text, version: AFTER_ALL };
    return { kind, text, version: parseIn(scheme, cache, text, `${kind} version`) };
  });
  events.sort((a, b) => compareBound(scheme, a.version, b.version) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
  return { scheme, events, limits: events.filter((e) => e.kind === 'limit') };
}

/**
 * Compiles one `affected[]` entry, or returns `undefined` when its ecosystem's version order is not
 * implemented (no host of such an ecosystem can be matched exactly, so none is matched at all).
 *
 * ```ts
 * const entry = compileAffected('DSA-5678-1', advisory.affected[0], cache);
 * ```
 */
export function compileAffected(advisoryId: string, affected: AffectedPackage, cache: VersionCache, orders: VersionOrders = EXACT_ORDERS): CompiledAffected | undefined {
  const scheme = orders.forEcosystem(affected.ecosystem);
  if (scheme === undefined) return undefined;
  // Records of one package repeat their ranges (every CVE fixed by one security update names the same
  // fix): entries with equal ranges and versions share one compiled copy, compiled once, and an index of
  // 100,000 advisories holds a fraction of the objects (which the garbage collector copies while they are young).
  const key = `${scheme.name}\u0000${orders.semver.name}\u0000${JSON.stringify(affected.ranges)}\u0000${JSON.stringify(affected.versions)}`;
  let shared = cache.compiled.get(key) as Pick<CompiledAffected, 'ranges' | 'versions'> | InvalidEntryVersion | undefined;
  if (shared === undefined) {
    try {
      shared = {
        ranges: affected.ranges.map((r) => compileRange(r, scheme, orders, cache)),
        versions: affected.versions.map((v) => parseIn(scheme, cache, v, 'listed version')),
      };
    } catch (err) {
      if (!(err instanceof InvalidEntryVersion)) throw err;
      shared = err;
    }
    cache.compiled.set(key, shared);
  }
  // Literals of one shape rather than a spread of a shared base: one is built per advisory entry.
  const { ecosystem, name } = affected;
  if (shared instanceof InvalidEntryVersion) return { advisoryId, ecosystem, name, scheme, ranges: [], versions: [], error: `advisory ${advisoryId}: ${shared.message}` };
  return { advisoryId, ecosystem, name, scheme, ranges: shared.ranges, versions: shared.versions, error: null };
}
