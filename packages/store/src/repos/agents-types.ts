/**
 * Types of the agents repository (`agents.ts`).
 * @module
 */
import type { OffsetPage, Page, PageRequest, TimeRange } from '../shared-types.js';
import type { AgentStatus, AgentType } from '../vocabulary.js';

export interface AgentTag {
  source: string;
  key: string;
  value: string;
}

export interface IpAddresses {
  private: string[];
  link_local: string[];
  public: string[];
}

/** What a cloud's instance metadata service told the agent about its instance (AWS, GCP or Azure). */
export interface CloudMetadata {
  provider: 'aws' | 'gcp' | 'azure';
  instanceId: string;
  region?: string;
  availabilityZone?: string;
  /** AWS account id, GCP project id, Azure subscription id */
  accountId?: string;
  instanceType?: string;
  imageId?: string;
  /** instance tags where the provider lets the instance read them (AWS: instance metadata tags enabled) */
  tags?: Record<string, string>;
}

export interface Agent {
  id: string;
  orgId: string;
  instanceId: string | null;
  status: AgentStatus;
  createdAt: number;
  lastReportedAt: number | null;
  version: string;
  name: string;
  description: string;
  hostname: string;
  ipAddresses: IpAddresses;
  tags: AgentTag[];
  agentType: AgentType;
  osVersion: string;
  kernel: string;
  /** e.g. {isHealthy: true, dnsTracer: 'HEALTHY', …} */
  agentModuleHealth: Record<string, unknown>;
  /** null when the host is not a cloud instance, or the agent has not said */
  cloud: CloudMetadata | null;
}

export type NewAgent = Omit<Agent, 'id' | 'createdAt' | 'cloud'> & { id?: string; createdAt?: number; cloud?: CloudMetadata | null };

export interface AgentFilter extends TimeRange {
  status: AgentStatus;
  agentType?: AgentType;
  hostname?: string;
  instanceId?: string;
}

export interface AgentsRepo {
  create(agent: NewAgent): Promise<Agent>;
  /** inserts many in one transaction */
  createMany(agents: NewAgent[]): Promise<Agent[]>;
  get(orgId: string, id: string): Promise<Agent | undefined>;
  /** ordered by (createdAt DESC, id DESC); from/until apply to createdAt */
  list(orgId: string, filter: AgentFilter, page: PageRequest): Promise<Page<Agent>>;
  /** every agent (online and offline), ordered like list, by offset (REST v1) */
  listByOffset(orgId: string, range: TimeRange, page: OffsetPage): Promise<Agent[]>;
  count(orgId: string): Promise<number>;
}
