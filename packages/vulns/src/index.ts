/**
 * Vulnerability data: advisories read from OSV and the Debian security tracker into one shape, and the
 * matcher that decides, with the packaging tools' exact version order (@vigil/versions), which installed
 * packages they affect (issue #19).
 * @module
 */
export type { Advisory, AdvisorySource, AffectedPackage, AffectedRange, RangeEvent } from './advisory.js';
export type { Finding, FindingStatus } from './finding.js';
export { VULN_SEVERITIES, severityRank, type VulnSeverity } from './severity.js';
export { AdvisoryIndex, type AdvisoryTarget, type HostPackage } from './advisory-index.js';
export { advisoriesNameBinaries, hostLookupKeys, releaseKey } from './ecosystem-keys.js';
export { evaluateAffected, type Verdict } from './evaluate-affected.js';
export { compileAffected, EXACT_ORDERS, type CompiledAffected, type VersionOrders } from './compiled-affected.js';
export type { OpaqueScheme } from './version-cache.js';
export { VersionCache } from './version-cache.js';
