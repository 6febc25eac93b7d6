/**
 * Types of the servers repository (`servers.ts`): cloud instances, monitored (an AWS agent reports the
 * instance) or not (known only from an import of the user's cloud account export).
 * @module
 */
import type { Page, PageRequest } from '../shared-types.js';
import type { Agent, AgentTag } from './agents-types.js';

/** A security group of an instance. */
export interface InstanceGroup {
  id: string;
  name: string | null;
}

/**
 * One EC2 instance with Threat Stack's field names (reference §3.7); what is unknown is null.
 * Imports fill it from `aws ec2 describe-instances` (or a CSV); an agent adds what its instance metadata says.
 */
export interface Ec2Instance {
  /** the instance id, `i-…` */
  id: string;
  kernelId: string | null;
  instanceType: string | null;
  privateDnsName: string | null;
  privateIpAddress: string | null;
  groups: InstanceGroup[];
  subnetId: string | null;
  keyName: string | null;
  region: string | null;
  /** ISO-8601 */
  launchTime: string | null;
  imageId: string | null;
  architecture: string | null;
  publicDnsName: string | null;
  publicIpAddress: string | null;
  vpcId: string | null;
  /** the AWS account id the instance belongs to (Vigil holds no AWS credentials or profiles) */
  awsProfile: string | null;
  /** `{source: 'ec2', key, value}` like agent tags */
  tags: AgentTag[];
  /** `pending`, `running`, `stopping`, `stopped`, `shutting-down`, `terminated` */
  state: string | null;
  /** AWS's state code: 0 pending, 16 running, 32 shutting-down, 48 terminated, 64 stopping, 80 stopped */
  stateCode: number | null;
}

/** A server as the servers list answers it. */
export interface Server {
  instance: Ec2Instance;
  /** an AWS agent reports this instance */
  monitored: boolean;
  /** the agents on this instance: online ones first, then the most recently reported; empty when unmonitored */
  agents: Agent[];
  /** when the instance was last imported (epoch ms); null when only an agent knows it */
  importedAt: number | null;
}

export interface ServerFilter {
  /** true: monitored only; false: unmonitored only; undefined: both */
  monitored?: boolean;
}

/** What an import did. */
export interface ServerImportResult {
  /** instances in the import */
  received: number;
  added: number;
  updated: number;
  unchanged: number;
  /** instances no longer in the organization's imported set (a replace only) */
  removed: number;
}

export interface ServersRepo {
  /**
   * Makes `instances` the organization's imported set in one transaction: new ones added, changed ones
   * updated, ones not in it removed; the same set again changes nothing. Ids must be unique.
   */
  replaceImports(orgId: string, instances: Ec2Instance[], at?: number): Promise<ServerImportResult>;
  /** adds and updates `instances`, keeping the other imported ones (several accounts imported one by one) */
  mergeImports(orgId: string, instances: Ec2Instance[], at?: number): Promise<ServerImportResult>;
  /** ordered by instance id; the cursor's number is unused (0) and its string is the last instance id */
  list(orgId: string, filter: ServerFilter, page: PageRequest): Promise<Page<Server>>;
}
