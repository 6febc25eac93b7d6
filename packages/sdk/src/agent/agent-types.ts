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
