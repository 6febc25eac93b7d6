/**
 * The shapes of the agent protocol (`/agent/v1`, see the server's OpenAPI "Agent protocol" tag).
 * @module
 */
import type { Tag } from '../types.js';

/** Addresses of a host, by kind. */
export interface AgentIpAddresses {
  private?: string[];
  link_local?: string[];
  public?: string[];
}

/** What a cloud's instance metadata service says about the host's instance. */
export interface CloudMetadata {
  provider: 'aws' | 'gcp' | 'azure';
  instanceId: string;
  region?: string;
  availabilityZone?: string;
  /** AWS account id, GCP project id, Azure subscription id */
  accountId?: string;
  instanceType?: string;
  imageId?: string;
  /** where the instance may read them (AWS: instance metadata tags enabled) */
  tags?: Record<string, string>;
}

/** Facts about the host, sent once at registration; unknown fields are ignored by the server. */
export interface AgentRegistration {
  /** the host's name; stamped on every event */
  hostname: string;
  /** cloud instance id, e.g. i-0abc… */
  instanceId?: string | null;
  /** display name (default: the hostname) */
  name?: string;
  description?: string;
  /** agent version */
  version?: string;
  osVersion?: string;
  kernel?: string;
  /** default 'investigate' */
  agentType?: 'monitor' | 'investigate';
  ipAddresses?: AgentIpAddresses;
  tags?: Tag[];
  /** its instanceId is the default instanceId */
  cloud?: CloudMetadata | null;
}

/** What a heartbeat may refresh; fields sent replace the stored ones, omitted fields are kept. */
export interface HeartbeatReport {
  hostname?: string;
  version?: string;
  osVersion?: string;
  kernel?: string;
  ipAddresses?: AgentIpAddresses;
  tags?: Tag[];
  /** e.g. `{ isHealthy: true, dnsTracer: 'HEALTHY' }` */
  agentModuleHealth?: Record<string, unknown>;
  /** null: not a cloud instance */
  cloud?: CloudMetadata | null;
}

/** The identity an agent receives at registration, once; keep the secret as safely as a password. */
export interface AgentCredentials {
  agentId: string;
  /** the agent's Hawk key */
  secret: string;
  organizationId: string;
}

/** The answer to a heartbeat. */
export interface HeartbeatAnswer {
  status: 'online';
  /** the server's clock, to notice a skewed local one */
  serverTime: string;
  /** digest of the agent's package inventory as the server holds it (null: none); another than the agent's asks for the full list */
  inventoryDigest: string | null;
}

/** One installed package as the agent reads it from dpkg, rpm or apk. */
export interface InstalledPackage {
  name: string;
  /** as the package manager spells it: dpkg `1:2.3-4`, rpm `[epoch:]version-release`, apk `1.2.3-r4` */
  version: string;
  arch: string;
  /** the source package advisories name (default: name) */
  sourceName?: string;
  /** default: version */
  sourceVersion?: string;
}

/** The full package list of a host. */
export interface InventorySnapshot {
  /** OSV ecosystem: `Debian:12`, `Ubuntu:22.04:LTS`, `Alpine:v3.19`, `Rocky Linux:9`, … */
  ecosystem: string;
  manager: 'dpkg' | 'rpm' | 'apk';
  packages: InstalledPackage[];
}

/** What changed since the inventory whose digest the server answered. */
export interface InventoryChanges {
  baseDigest: string;
  added: InstalledPackage[];
  removed: Pick<InstalledPackage, 'name' | 'arch' | 'version'>[];
}

/** What the server did with an inventory. */
export interface InventoryResult {
  /** digest of the inventory the server now holds: the base of the next changes */
  digest: string;
  added: number;
  removed: number;
  changed: number;
  packageCount: number;
}

/** A host event in Threat Stack vocabulary; the server stamps agentId, hostname and organizationId. */
export interface AgentEvent {
  /** e.g. audit, file, connect, host */
  event_type: string;
  /** epoch milliseconds or ISO-8601 */
  timestamp: number | string;
  [field: string]: unknown;
}

/** The answer to an event batch. */
export interface BatchResult {
  /** events stored by this request (0 for a duplicate) */
  accepted: number;
  /** true when this batch id was already stored (a retry of a batch that did arrive) */
  duplicate: boolean;
}

/** The `file` event types an agent reports (`type` of a `file` event, what File rules monitor). */
export type FileAction = 'open' | 'modify' | 'delete' | 'attrib';

/** One watched path of an applying File rule. */
export interface WatchedPath {
  /** absolute, normalised (no trailing slash) */
  path: string;
  /** false: the path itself and, for a directory, its direct children only */
  recursive: boolean;
  /** exact paths, or globs: `*` within one path segment, `**` across */
  ignoreFiles: string[];
  eventsToMonitor: FileAction[];
}

/** What `GET /agent/v1/config` tells an agent to run with. */
export interface AgentConfig {
  heartbeatSeconds: number;
  configPollSeconds: number;
  procScanSeconds: number;
  /** e.g. `['audit', 'procScanner', 'fim', 'logins', 'inventory']` */
  sources: string[];
  fileIntegrity: { paths: WatchedPath[] };
}

/** The answer to a configuration read: the configuration and its ETag, or `notModified` for the ETag sent. */
export type AgentConfigAnswer = { notModified: false; etag: string | undefined; config: AgentConfig } | { notModified: true; etag: string };
