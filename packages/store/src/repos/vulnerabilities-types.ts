/**
 * Types of the vulnerabilities read model (`vulnerabilities.ts`): findings grouped the way Threat Stack's
 * REST API lists them, with suppressions applied.
 * @module
 */
import type { FindingStatus, VulnSeverity } from '@vigil/vulns';
import type { Page, PageRequest } from '../shared-types.js';

/** `active`: not suppressed; `suppressed`: hidden by a suppression in force; `all`: both. */
export const VULNERABILITY_STATUSES = Object.freeze(['active', 'suppressed', 'all'] as const);
export type VulnerabilityStatus = (typeof VULNERABILITY_STATUSES)[number];

export interface VulnerabilityFilter {
  status: VulnerabilityStatus;
  cve?: string;
  agentId?: string;
  /** binary or source package name */
  package?: string;
  /** the group's worst severity */
  severity?: VulnSeverity;
  /** true: some advisory of the group names a security notice; false: none does */
  hasSecurityNotices?: boolean;
  /** when suppressions are judged (default Date.now()) */
  now?: number;
}

/**
 * One CVE on one installed package of one host: the unit Threat Stack listed (`GetVulnerabilities` writes
 * one CSV row per host from `agents[0]`). Several advisories about the same CVE and package (a DSA and
 * the Debian tracker's CVE record) fold into one: worst severity, all notices.
 */
export interface VulnerabilityGroup {
  cve: string;
  agentId: string;
  hostname: string;
  packageName: string;
  arch: string;
  installedVersion: string;
  sourceName: string;
  /** from the agent's inventory; null when the package left it since the finding was written */
  sourceVersion: string | null;
  ecosystem: string;
  severity: VulnSeverity;
  /** CVSS vector of the most severe advisory, or null */
  cvssVector: string | null;
  securityNotices: string[];
  /** `fixable` when any advisory names a fix above the installed version, else `affected` */
  status: Exclude<FindingStatus, 'invalid'>;
  /** the lowest fixed version the advisories name, in the ecosystem's version order, or null */
  fixedVersion: string | null;
  advisoryIds: string[];
  isSuppressed: boolean;
  firstSeenAt: number;
}

/** A host affected by a CVE. */
export interface AffectedServer {
  agentId: string;
  hostname: string;
}

export interface VulnerabilitiesRepo {
  /**
   * Groups in (cve, agentId, packageName, arch, installedVersion) order. Findings whose installed version
   * could not be compared (`invalid`) are not vulnerabilities and are left out. The cursor's number is
   * unused (0); its string names the last group.
   */
  list(orgId: string, filter: VulnerabilityFilter, page: PageRequest): Promise<Page<VulnerabilityGroup>>;
  /** hosts with a finding of `cve` matching the filter, by agent id; the cursor's string is the last agent id */
  servers(orgId: string, cve: string, filter: Pick<VulnerabilityFilter, 'status' | 'now'>, page: PageRequest): Promise<Page<AffectedServer>>;
}
