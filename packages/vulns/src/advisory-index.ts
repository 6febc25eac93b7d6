/**
 * The matcher: advisories filed by release key and package name (ecosystem-keys.ts), so a host's package
 * finds the few advisories that name it with one map lookup, and each distinct (package, version) is
 * evaluated once per advisory set: every host that runs `openssl 3.0.11-1~deb12u2` on Debian 12 gets the
 * verdicts computed for the first one.
 *
 * Which version is compared: the *source* version. Debian, Ubuntu and Alpine advisories name source
 * packages and the source versions that fix them, and a binary's own version can differ from its source's:
 * a binNMU rebuilds source `1.2-3` as binary `1.2-3+b1`, and some sources build binaries with versions of
 * their own (`gcc-defaults` 1.203 builds `gcc` 4:12.2.0-3, whose epoch puts it above any fix of the source).
 * So the agent's `sourceVersion` (dpkg's `${source:Version}`, the apk origin's version, the source rpm's
 * version) is compared with the advisory's versions, falling back to the
 * binary version when a package has no separate source. The finding still shows the installed binary and
 * its version, and the fixed version the advisory names (a source version).
 * @module
 */
import type { Advisory } from './advisory.js';
import { compileAffected, EXACT_ORDERS, type CompiledAffected, type VersionOrders } from './compiled-affected.js';
import { advisoriesNameBinaries, hostLookupKeys, releaseKey } from './ecosystem-keys.js';
import { evaluateAffected, type Verdict } from './evaluate-affected.js';
import type { Finding, FindingStatus } from './finding.js';
import { VersionCache } from './version-cache.js';

/** A package installed on a host, as inventories carry it. */
export interface HostPackage {
  name: string;
  arch: string;
  version: string;
  /** the source package (advisories name these); default: name */
  sourceName?: string;
  /** the source package's version (compared); default: version */
  sourceVersion?: string;
}

/** What an advisory names, for finding the hosts a new advisory can touch. */
export interface AdvisoryTarget {
  /** release key (ecosystem-keys.ts): `Debian:12`, `Ubuntu:22.04`, `Red Hat:enterprise_linux:9` */
  releaseKey: string;
  /** the package name as the advisory writes it (a source package, or for Red Hat maybe a binary) */
  name: string;
}

/** What an advisory concludes about a version, in the fields a finding carries (the package's are added per host). */
type Conclusion = Pick<Finding, 'advisoryId' | 'status' | 'fixedVersion' | 'reason'>;

interface Bucket {
  byAdvisory: Map<string, CompiledAffected[]>;
  /** version text → the advisories of this bucket that cover it, concluded once for every host that runs it */
  verdicts: Map<string, Conclusion[]>;
}

/** The finding fields of a verdict that is not `clear`, or undefined for `clear`. */
function conclude(advisoryId: string, verdict: Verdict): Conclusion | undefined {
  if (verdict.kind === 'clear') return undefined;
  const status: FindingStatus = verdict.kind === 'invalid' ? 'invalid' : verdict.fixed === null ? 'affected' : 'fixable';
  return { advisoryId, status, fixedVersion: verdict.kind === 'vulnerable' ? verdict.fixed : null, reason: verdict.kind === 'invalid' ? verdict.reason : null };
}

// One object literal of one shape: a full match makes millions of them.
function toFinding(c: Conclusion, p: HostPackage, sourceName: string, ecosystem: string): Finding {
  return {
    advisoryId: c.advisoryId,
    packageName: p.name,
    arch: p.arch,
    installedVersion: p.version,
    sourceName,
    ecosystem,
    status: c.status,
    fixedVersion: c.fixedVersion,
    reason: c.reason,
  };
}

/**
 * ```ts
 * const index = new AdvisoryIndex();
 * for (const advisory of advisories) index.upsert(advisory);
 * const findings = index.matchHost('Debian:12', packages);        // every advisory
 * const fresh = index.matchHost('Debian:12', packages, 'DSA-5678-1'); // one advisory only
 * ```
 */
export class AdvisoryIndex {
  /** release key → package name → bucket (two lookups, no key strings built per installed package) */
  readonly #buckets = new Map<string, Map<string, Bucket>>();
  readonly #keysOf = new Map<string, AdvisoryTarget[]>();
  readonly #cache = new VersionCache();
  readonly #orders: VersionOrders;

  /** `orders`: the version orders to compare with; the packaging tools' exact ones unless a benchmark says otherwise. */
  constructor(options: { orders?: VersionOrders } = {}) {
    this.#orders = options.orders ?? EXACT_ORDERS;
  }

  /** Files the advisory (replacing its previous version); a withdrawn one is removed. */
  upsert(advisory: Advisory): void {
    this.remove(advisory.id);
    if (advisory.withdrawn) return;
    const targets: AdvisoryTarget[] = [];
    for (const affected of advisory.affected) {
      const entry = compileAffected(advisory.id, affected, this.#cache, this.#orders);
      if (entry === undefined) continue;
      const target = { releaseKey: releaseKey(affected.ecosystem), name: affected.name };
      let names = this.#buckets.get(target.releaseKey);
      if (names === undefined) this.#buckets.set(target.releaseKey, (names = new Map()));
      let bucket = names.get(target.name);
      if (bucket === undefined) names.set(target.name, (bucket = { byAdvisory: new Map(), verdicts: new Map() }));
      const entries = bucket.byAdvisory.get(advisory.id);
      if (entries) entries.push(entry);
      else bucket.byAdvisory.set(advisory.id, [entry]);
      bucket.verdicts.clear();
      if (!targets.some((t) => t.releaseKey === target.releaseKey && t.name === target.name)) targets.push(target);
    }
    if (targets.length > 0) this.#keysOf.set(advisory.id, targets);
  }

  /** Forgets the advisory; nothing it named matches any more. */
  remove(advisoryId: string): void {
    for (const { releaseKey: release, name } of this.#keysOf.get(advisoryId) ?? []) {
      const names = this.#buckets.get(release)!;
      const bucket = names.get(name)!;
      bucket.byAdvisory.delete(advisoryId);
      bucket.verdicts.clear();
      if (bucket.byAdvisory.size === 0) names.delete(name);
      if (names.size === 0) this.#buckets.delete(release);
    }
    this.#keysOf.delete(advisoryId);
  }

  /** How many advisories are filed (withdrawn ones and those of unsupported ecosystems are not). */
  get size(): number {
    return this.#keysOf.size;
  }

  /** The release keys and names an advisory is filed under (empty when it is not filed). */
  targetsOf(advisoryId: string): AdvisoryTarget[] {
    return (this.#keysOf.get(advisoryId) ?? []).map((t) => ({ ...t }));
  }

  /**
   * The findings for one host's packages: every advisory, or only `advisoryId`. Not affected packages
   * give nothing; an invalid version gives an `invalid` finding with the reason.
   */
  matchHost(ecosystem: string, packages: readonly HostPackage[], advisoryId?: string): Finding[] {
    const releases = hostLookupKeys(ecosystem).flatMap((key) => this.#buckets.get(key) ?? []);
    const binaries = advisoriesNameBinaries(ecosystem);
    const findings: Finding[] = [];
    const hits: Bucket[] = [];
    for (const p of packages) {
      const source = p.sourceName ?? p.name;
      hits.length = 0;
      for (const names of releases) {
        const bucket = names.get(source);
        if (bucket) hits.push(bucket);
        if (binaries && p.name !== source) {
          const byBinary = names.get(p.name);
          if (byBinary) hits.push(byBinary);
        }
      }
      if (hits.length === 0) continue;
      const version = p.sourceVersion ?? p.version;
      if (hits.length === 1) {
        const conclusions = this.#bucketVerdicts(hits[0]!, version);
        for (let i = 0; i < conclusions.length; i++) {
          const c = conclusions[i]!;
          if (advisoryId === undefined || c.advisoryId === advisoryId) findings.push(toFinding(c, p, source, ecosystem));
        }
        continue;
      }
      // Named under more than one key (a release-less advisory, a Red Hat binary name): each advisory is
      // evaluated over all its entries that name the package, as OSV's IsVulnerable does.
      const merged = new Map<string, CompiledAffected[]>();
      for (const bucket of hits) {
        for (const [id, entries] of bucket.byAdvisory) {
          if (advisoryId === undefined || id === advisoryId) merged.set(id, [...(merged.get(id) ?? []), ...entries]);
        }
      }
      for (const [id, entries] of merged) {
        const c = conclude(id, evaluateAffected(entries, version, this.#cache));
        if (c !== undefined) findings.push(toFinding(c, p, source, ecosystem));
      }
    }
    return findings;
  }

  #bucketVerdicts(bucket: Bucket, version: string): Conclusion[] {
    let verdicts = bucket.verdicts.get(version);
    if (verdicts === undefined) {
      verdicts = [];
      // Advisories whose one entry has the same ranges share one compiled copy of them (compiled-affected.ts),
      // and so one verdict: a package with thousands of records has a few dozen distinct fixes.
      const byRanges = new Map<unknown, Verdict>();
      for (const [id, entries] of bucket.byAdvisory) {
        const shared = entries.length === 1 && entries[0]!.error === null ? entries[0]!.ranges : undefined;
        let verdict = shared && byRanges.get(shared);
        if (verdict === undefined) {
          verdict = evaluateAffected(entries, version, this.#cache);
          if (shared) byRanges.set(shared, verdict);
        }
        const c = conclude(id, verdict);
        if (c !== undefined) verdicts.push(c);
      }
      bucket.verdicts.set(version, verdicts);
    }
    return verdicts;
  }
}
