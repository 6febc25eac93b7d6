/**
 * Vulnerability read-model groups and suppressions → REST v2 JSON with Threat Stack's field names
 * (reference §3.4).
 * @module
 */
import type { VulnerabilityGroup, VulnSuppression } from '@vigil/store';
import { severityRank, type VulnSeverity } from '@vigil/vulns';
import { formatTime } from '../http/time.js';

const VECTORS: Readonly<Record<string, string>> = { N: 'network', A: 'adjacent', L: 'local', P: 'physical' };

/**
 * Threat Stack's `vectorType`: the attack vector (`AV:`) of a CVSS v2, v3 or v4 vector.
 *
 * ```ts
 * vectorType('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'); // 'network'
 * ```
 */
export function vectorType(cvssVector: string | null): string {
  const av = /(?:^|\/)AV:([NALP])(?:\/|$)/.exec(cvssVector ?? '')?.[1];
  return av === undefined ? 'unknown' : VECTORS[av]!;
}

const reported = (g: VulnerabilityGroup) => (g.sourceVersion === null ? g.sourceName : `${g.sourceName} ${g.sourceVersion}`);
const system = (g: VulnerabilityGroup) => `${g.packageName} ${g.installedVersion}`;

/**
 * One list item: one CVE on one installed package of one host, so `agents` holds exactly that host
 * (GetVulnerabilities reads `agents[0].agentId` and writes one row per host).
 *
 * ```ts
 * presentVulnerability(group) // {cveNumber, reportedPackage, systemPackage, vectorType, severity, isSuppressed, securityNotices, agents}
 * ```
 */
export function presentVulnerability(g: VulnerabilityGroup) {
  return {
    cveNumber: g.cve,
    reportedPackage: reported(g),
    systemPackage: system(g),
    vectorType: vectorType(g.cvssVector),
    severity: g.severity,
    isSuppressed: g.isSuppressed,
    securityNotices: g.securityNotices,
    agents: [{ agentId: g.agentId, hostname: g.hostname }],
  };
}

/**
 * The cve object of `GET /v2/vulnerabilities/{cve}`: every group of that CVE folded — packages listed
 * once each (comma-separated), worst severity and its vector, all notices, every affected host;
 * suppressed only when every finding is.
 *
 * ```ts
 * presentCve(groups) // {cveNumber, …, agents: [{agentId, hostname}, …]}
 * ```
 */
export function presentCve(groups: readonly VulnerabilityGroup[]) {
  const worst = groups.reduce((a, b) => (severityRank(b.severity) > severityRank(a.severity) ? b : a));
  const distinct = (values: string[]) => [...new Set(values)].join(', ');
  const agents = new Map(groups.map((g) => [g.agentId, g.hostname]));
  return {
    cveNumber: worst.cve,
    reportedPackage: distinct(groups.map(reported)),
    systemPackage: distinct(groups.map(system)),
    vectorType: vectorType(worst.cvssVector),
    severity: worst.severity as VulnSeverity,
    isSuppressed: groups.every((g) => g.isSuppressed),
    securityNotices: [...new Set(groups.flatMap((g) => g.securityNotices))].sort(),
    agents: [...agents].map(([agentId, hostname]) => ({ agentId, hostname })),
  };
}

/**
 * ```ts
 * presentSuppression(s, Date.now()) // {id, cve, package, agentId, tag, reason, expiresAt, isActive, …}
 * ```
 */
export function presentSuppression(s: VulnSuppression, now: number) {
  return {
    id: s.id,
    cve: s.cve,
    package: s.package,
    agentId: s.agentId,
    tag: s.tag,
    reason: s.reason,
    expiresAt: formatTime(s.expiresAt),
    isActive: s.expiresAt === null || s.expiresAt > now,
    createdBy: s.createdBy,
    createdAt: formatTime(s.createdAt),
    updatedAt: formatTime(s.updatedAt),
  };
}
