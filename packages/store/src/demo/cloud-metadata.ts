/**
 * The instance metadata a demo host's agent would have read from EC2 (region, zone, account, type, image,
 * tags), so the demo's hosts show up as monitored servers under `/v2/aws/ec2`.
 * @module
 */

import { createHash } from 'node:crypto';
import type { AgentTag, CloudMetadata } from '../repos/agents-types.js';
import type { HostRole, HostSpec } from './hosts.js';

/** AWS's documentation account id: never a real account. */
export const DEMO_AWS_ACCOUNT = '111122223333';

const INSTANCE_TYPES: Record<HostRole, string> = {
  web: 'c6i.large',
  api: 'c6i.xlarge',
  worker: 'm6i.large',
  db: 'r6i.2xlarge',
  cache: 'r6g.large',
  k8s: 'm6i.2xlarge',
  bastion: 't3.small',
  ci: 'c6i.2xlarge',
  vpn: 't3.small',
  monitoring: 'm6i.large',
  directory: 'm6i.large',
};

/** The region a host of the table lives in: the us-west-2 subnets are the disaster-recovery site. */
export function regionOf(spec: HostSpec): string {
  return spec.subnet.startsWith('10.20.') || spec.hostname.includes('us-west-2') ? 'us-west-2' : 'us-east-1';
}

/** A stable, made-up AMI id per platform and region (the same image across a role's hosts, as in a real fleet). */
export function imageIdOf(platform: string, region: string): string {
  return `ami-0${createHash('sha256').update(`${platform} ${region}`).digest('hex').slice(0, 16)}`;
}

/**
 * EC2 instance metadata for a demo host.
 *
 * ```ts
 * ec2Metadata('i-0123456789abcdef0', spec, tags).region; // 'us-east-1'
 * ```
 */
export function ec2Metadata(instanceId: string, spec: HostSpec, tags: readonly AgentTag[]): CloudMetadata {
  const region = regionOf(spec);
  // Spread over three zones by the instance id, which is random per host but fixed per seed.
  const zone = 'abc'[Number.parseInt(instanceId.slice(-2), 16) % 3]!;
  return {
    provider: 'aws',
    instanceId,
    region,
    availabilityZone: `${region}${zone}`,
    accountId: DEMO_AWS_ACCOUNT,
    instanceType: INSTANCE_TYPES[spec.role],
    imageId: imageIdOf(spec.platform, region),
    tags: Object.fromEntries(tags.filter((t) => t.source === 'ec2').map((t) => [t.key, t.value])),
  };
}
