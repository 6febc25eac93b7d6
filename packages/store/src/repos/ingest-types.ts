/**
 * Types of the ingest repository (`ingest.ts`).
 * @module
 */
import type { AgentType } from '../vocabulary.js';
import type { Agent, AgentTag, CloudMetadata, IpAddresses } from './agents-types.js';

/** What an agent tells the server about its host when it registers (hostname is required). */
export interface AgentRegistration {
  orgId: string;
  hostname: string;
  instanceId?: string | null;
  /** default: the hostname */
  name?: string;
  description?: string;
  version?: string;
  osVersion?: string;
  kernel?: string;
  /** default 'investigate' */
  agentType?: AgentType;
  ipAddresses?: IpAddresses;
  tags?: AgentTag[];
  agentModuleHealth?: Record<string, unknown>;
  /** the instance metadata service's answer; its instanceId is the default instanceId */
  cloud?: CloudMetadata | null;
  /** registration time (default now); also the first lastReportedAt */
  at?: number;
}

/**
 * Host facts an agent may refresh with a heartbeat; omitted fields keep their value. A `cloud` with an
 * instanceId also sets the agent's instanceId (what `GET /v2/agents?instanceId=` finds).
 */
export type AgentReport = Partial<
  Pick<Agent, 'hostname' | 'version' | 'osVersion' | 'kernel' | 'ipAddresses' | 'tags' | 'agentModuleHealth' | 'cloud'>
>;

/** What agent Hawk authentication needs, fetched in one query. */
export interface AgentCredentials {
  orgId: string;
  /** the decrypted Hawk key of the agent */
  secret: string;
  agent: Agent;
}

/** One event of a batch, validated by the caller; `data` is the object stored (and later matched). */
export interface IngestEvent {
  eventType: string;
  /** epoch ms */
  timestamp: number;
  data: Record<string, unknown>;
}

export interface StoredEvent extends IngestEvent {
  id: string;
  orgId: string;
  agentId: string;
  receivedAt: number;
}

export interface IngestRepo {
  /** creates the agent (online, lastReportedAt = at) and its Hawk secret in one transaction */
  registerAgent(input: AgentRegistration): Promise<{ agent: Agent; secret: string }>;
  /** the agent, its organization and decrypted secret; undefined for an unknown id or an agent without one */
  agentCredentials(agentId: string): Promise<AgentCredentials | undefined>;
  /** sets lastReportedAt = at, status online and the reported fields; false when the agent is not in the org */
  heartbeat(orgId: string, agentId: string, at: number, report?: AgentReport): Promise<boolean>;
  /**
   * In one transaction: records batch `batchId` of the agent, inserts its events and marks the agent online
   * (lastReportedAt = receivedAt). A batch id the agent used before stores nothing and returns duplicate.
   */
  storeBatch(
    orgId: string,
    agentId: string,
    batchId: string,
    events: IngestEvent[],
    receivedAt?: number,
  ): Promise<StoredBatch>;
  /**
   * Marks online agents that registered through the agent protocol and last reported before `olderThan`
   * offline; returns how many changed. Agents without a secret (imported, demo) are left alone.
   */
  markOffline(olderThan: number): Promise<number>;
  countEvents(orgId: string, agentId?: string): Promise<number>;
  /** the agent's newest events first (by timestamp, then id) */
  listEvents(orgId: string, agentId: string, limit: number): Promise<StoredEvent[]>;
  /**
   * The organization's events received in `[from, until)`, a stored batch at a time, newest batch first
   * (a rule's dry run); stop iterating to stop reading.
   */
  scanEvents(orgId: string, range: { from: number; until: number }): AsyncGenerator<StoredEvent[]>;
}

/** What `storeBatch` did: stored the events, or found the batch id already stored (and stored nothing). */
export type StoredBatch =
  | { duplicate: true; stored: 0 }
  | {
      duplicate: false;
      stored: number;
      /** the batch's event ids are this prefix and the position as 4 hex digits (`batchEventId`) */
      eventIdPrefix: string;
      receivedAt: number;
    };
