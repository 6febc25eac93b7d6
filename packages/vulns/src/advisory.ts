/**
 * The one shape every advisory feed is read into (OSV's model, which the Debian tracker also fits), and
 * that the store keeps and the matcher evaluates. Feeds differ; nothing past the importers sees that.
 * @module
 */
import type { VulnSeverity } from './severity.js';

/** One event of an OSV range; exactly one key is set. `introduced: "0"` is before every version. */
export type RangeEvent = { introduced: string } | { fixed: string } | { last_affected: string } | { limit: string };

/**
 * A range as OSV writes it. `ECOSYSTEM` ranges are ordered by the ecosystem's package manager (dpkg, rpm,
 * apk); `SEMVER` ranges by semantic versioning. GIT ranges name commits and never match an installed
 * package, so importers drop them.
 */
export interface AffectedRange {
  type: 'ECOSYSTEM' | 'SEMVER';
  events: RangeEvent[];
}

/** Which versions of one package in one ecosystem an advisory covers. */
export interface AffectedPackage {
  /** OSV ecosystem: `Debian:12`, `Ubuntu:22.04:LTS`, `Alpine:v3.19`, `Red Hat:enterprise_linux:9`, `npm`, … */
  ecosystem: string;
  /** For Debian, Ubuntu and Alpine the *source* package (OSV and the Debian tracker both name sources). */
  name: string;
  ranges: AffectedRange[];
  /** Versions listed one by one (OSV `versions[]`); affected whatever the ranges say. */
  versions: string[];
}

/** An advisory after import: the unit that is stored, re-imported idempotently and matched. */
export interface Advisory {
  /** The feed's id: OSV `id` (`DSA-5678-1`, `DEBIAN-CVE-2024-1234`, `CVE-2024-1234`, `GHSA-…`), or for
   *  the Debian tracker `DEBIAN-TRACKER-<CVE>-<source package>` (one per pair; distinct from OSV's own
   *  `DEBIAN-CVE-…` records). Unique across feeds. */
  id: string;
  /** CVE ids this advisory is about (OSV `aliases` and `upstream`, filtered to `CVE-`), sorted, no repeats;
   *  a record whose own id is a CVE lists it here too. Threat Stack's API is keyed by CVE. */
  cves: string[];
  /** Other ids it is known by (OSV `aliases`, `related` stay out). */
  aliases: string[];
  /** `osv` or `debian-tracker`. */
  source: AdvisorySource;
  summary: string;
  details: string;
  severity: VulnSeverity;
  /** The CVSS vector the severity came from (v3.x or v4.0 preferred over v2), or null. */
  cvssVector: string | null;
  /** CVSS base score from that vector, or null. */
  cvssScore: number | null;
  /** ISO-8601 instants, as the feed states them. */
  published: string | null;
  modified: string;
  /** When set the advisory is withdrawn: it matches nothing and its findings go. */
  withdrawn: string | null;
  /** Security notices (DSA/DLA/USN/RHSA… ids) that announced fixes; Threat Stack's `securityNotices`. */
  securityNotices: string[];
  references: string[];
  affected: AffectedPackage[];
}

export type AdvisorySource = 'osv' | 'debian-tracker';
