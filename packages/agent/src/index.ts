/**
 * `@vigil/agent`: the host agent's building blocks. This entry exports the audit pipeline (records → events →
 * Vigil host events), the login source (authentication log → login, logout, sudo and su events) and what
 * ships them; the `vigil-agent` command is built on it.
 * @module
 */
export { parseAuditRecord, auditString, auditNumber, type AuditRecord } from './audit/record.js';
export { AuditAssembler, type AuditEvent, type AuditAssemblerOptions } from './audit/assembler.js';
export { execveArgs, proctitleArgs } from './audit/execve-args.js';
export { decodeSockaddr, type SocketAddress } from './audit/sockaddr.js';
export { syscallName } from './audit/syscalls.js';
export { toHostEvent, type HostEvent, type HostLookups, type ProcessFacts } from './audit/to-event.js';
export { procLookups, type ProcLookupsOptions } from './host/proc-lookups.js';
export { containerIdFromCgroup, readProcessFacts, readContainerId } from './host/proc-process.js';
export { decodeProcNetAddress, socketAddresses, type SocketEnds } from './host/socket-address.js';
export { parsePasswd, parsePasswdIds, UserNames } from './host/user-names.js';
export { auditRuleArgs, installAuditRules, removeAuditRules, type AuditctlRunner, type InstalledAuditRules } from './audit/audit-rules.js';
export { startAuditSource, systemAuditctl, type AuditSource, type AuditSourceOptions, type SourceState, type SourceStatus } from './audit/audit-source.js';
export { followLines, type LineFollower, type LineFollowerOptions } from './host/line-follower.js';
export { Spool, type SpoolOptions, type SpooledBatch, type SpoolStats } from './ship/spool.js';
export { Shipper, type EventSender, type ShipperOptions, type ShipperStats } from './ship/shipper.js';
export { runAgent, AgentStartError, type AgentRunOptions, type RunningAgent } from './run/run-agent.js';
export { moduleHealth } from './run/module-health.js';
export { readHostFacts, groupAddresses, osReleaseName, type HostFacts } from './host/host-facts.js';
export { AGENT_VERSION } from './run/agent-version.js';
export { startProcScanner, type ProcScanner, type ProcScannerOptions } from './proc-scan/proc-scanner.js';
export { type AuthEntry } from './logins/auth-entry.js';
export { parseSyslogLine } from './logins/syslog-line.js';
export { parseJournalEntry } from './logins/journal-entry.js';
export { parseAuthMessage, type AuthMessage } from './logins/auth-message.js';
export { LoginEvents, type LoginEventsOptions, type UserDirectory } from './logins/login-events.js';
export { followJournal, journalRestartDelayMs, type JournalFollower, type JournalFollowerOptions } from './logins/journal-follower.js';
export {
  startLoginSource,
  DEFAULT_AUTH_LOGS,
  LOGIN_SOURCE_MODES,
  type LoginSource,
  type LoginSourceMode,
  type LoginSourceOptions,
} from './logins/login-source.js';
export { parseDpkgStatus, DPKG_STATUS_PATH } from './inventory/dpkg-status.js';
export { parseRpmQuery, readRpmPackages, systemRpm, RPM_QUERY_FORMAT, type RpmRunner } from './inventory/rpm-query.js';
export { parseApkInstalled, APK_INSTALLED_PATH } from './inventory/apk-installed.js';
export { osvEcosystem, osReleaseFields } from './inventory/os-ecosystem.js';
export { findPackageDatabase, type InventoryPaths, type PackageDatabase } from './inventory/read-inventory.js';
export { startInventorySource, inventoryChanges, type InventorySource, type InventorySourceOptions, type InventorySender } from './inventory/inventory-source.js';
export { readCloudMetadata, METADATA_BASE_URL, type CloudMetadataOptions } from './host/cloud-metadata.js';
export { startFimSource, type FimSource, type FimSourceOptions } from './fim/fim-source.js';
export { watchPlan, type WatchPlan } from './fim/watch-plan.js';
export { startConfigPoller, pollWaitMs, type ConfigPoller, type ConfigPollerOptions, type ConfigSource } from './run/config-poller.js';
