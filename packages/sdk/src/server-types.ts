/**
 * Cloud instances (`GET /v2/aws/ec2`) as the API returns them: Threat Stack's EC2 server fields.
 * @module
 */
import type { Tag } from './types.js';

/** An agent on an instance: id and status always, the rest with `verbose: true`. */
export interface ServerAgent {
  id: string;
  status: 'online' | 'offline';
  createdAt?: string;
  lastReportedAt?: string | null;
  version?: string;
  name?: string;
  description?: string;
  hostname?: string;
  isContainerAgent?: boolean;
  kernel?: string;
  osVersion?: string;
}

/** A cloud instance: monitored (an agent reports it) or imported from your cloud account export. */
export interface Ec2Server {
  /** the instance id */
  id: string;
  kernelId: string | null;
  instanceType: string | null;
  privateDnsName: string | null;
  privateIpAddress: string | null;
  groups: Array<{ id: string; name: string | null }>;
  subnetId: string | null;
  keyName: string | null;
  region: string | null;
  launchTime: string | null;
  imageId: string | null;
  architecture: string | null;
  publicDnsName: string | null;
  publicIpAddress: string | null;
  vpcId: string | null;
  /** the AWS account id */
  awsProfile: string | null;
  monitored: boolean;
  tags: Tag[];
  state: string | null;
  stateCode: number | null;
  /** online first; empty when unmonitored */
  agents: ServerAgent[];
}

/** What an import did. */
export interface ServerImportResult {
  received: number;
  added: number;
  updated: number;
  unchanged: number;
  /** imported instances not in the file (a replace only) */
  removed: number;
  /** CSV header cells that name no instance field */
  ignoredColumns: string[];
}
