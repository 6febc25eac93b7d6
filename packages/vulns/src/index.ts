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
export { cvssBaseScore, severityFromScore, type CvssResult, type CvssVersion } from './cvss-score.js';
export { highestSeverity, severityFromDatabaseWord, severityFromDebianUrgency, severityFromUbuntuPriority } from './vendor-severity.js';
export { cvesAmong, securityNoticesAmong } from './advisory-ids.js';
export { readOsvRecord, type RecordResult } from './osv/read-osv-record.js';
export { OsvRecordSchema, type OsvRecord } from './osv/osv-schema.js';
export { debianEcosystem } from './debian/debian-releases.js';
export { DEBIAN_TRACKER_MODIFIED, looksLikeDebianTracker, readDebianTracker, type TrackerEntryResult } from './debian/read-debian-tracker.js';
export type { FeedBatch, FeedError, FeedFormat, FeedReadOptions } from './feeds/feed-batch.js';
export { readOsvDirectory } from './feeds/osv-directory.js';
export { readOsvZip } from './feeds/osv-zip.js';
export { FeedFormatError, openAdvisoryFeed, type AdvisoryFeed } from './feeds/open-advisory-feed.js';
export { SAMPLE_FEED_DIR } from './sample-feed.js';
export { SAMPLE_RELEASES, sampleInventory, type SampleInventory, type SamplePackage, type SampleRole } from './sample-inventories.js';
