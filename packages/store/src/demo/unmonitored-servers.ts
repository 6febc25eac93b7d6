/**
 * EC2 instances of the demo account that run no agent, as the user's import of `aws ec2
 * describe-instances` would list them: the unmonitored half of `/v2/aws/ec2`.
 * @module
 */

import type { AgentTag } from '../repos/agents-types.js';
import type { Ec2Instance } from '../repos/servers-types.js';
import type { Random } from './prng.js';
import { DEMO_AWS_ACCOUNT, imageIdOf } from './cloud-metadata.js';
import { randomHostIn } from './network.js';
import { DAY_MS } from './time.js';

interface UnmonitoredSpec {
  name: string;
  role: string;
  instanceType: string;
  platform: string;
  subnet: string;
  region: string;
  state: 'running' | 'stopped';
  ageDays: number;
  architecture?: string;
}

// Instances nobody installed the agent on: the usual gaps a fleet audit turns up.
const UNMONITORED: readonly UnmonitoredSpec[] = [
  { name: 'nat-legacy-01', role: 'nat', instanceType: 't3.micro', platform: 'al2', subnet: '10.0.0.0/24', region: 'us-east-1', state: 'running', ageDays: 900 },
  { name: 'jenkins-old', role: 'ci', instanceType: 'm5.large', platform: 'ubuntu2004', subnet: '10.8.0.0/24', region: 'us-east-1', state: 'stopped', ageDays: 700 },
  { name: 'emr-core-01', role: 'analytics', instanceType: 'r6g.xlarge', platform: 'al2023', subnet: '10.0.4.0/24', region: 'us-east-1', state: 'running', ageDays: 12, architecture: 'arm64' },
  { name: 'win-ad-01', role: 'directory', instanceType: 'm6i.large', platform: 'windows2022', subnet: '10.0.6.0/24', region: 'us-east-1', state: 'running', ageDays: 400 },
  { name: 'dr-sftp-01', role: 'sftp', instanceType: 't3.medium', platform: 'debian12', subnet: '10.20.0.0/24', region: 'us-west-2', state: 'running', ageDays: 150 },
];

/**
 * The unmonitored instances, with ids, addresses and launch times drawn from `rng` (a stream of its own,
 * so the agents and alerts of a seed do not move).
 *
 * ```ts
 * generateUnmonitoredServers(createRandom(1), Date.now()).length; // 5
 * ```
 */
export function generateUnmonitoredServers(rng: Random, now: number): Ec2Instance[] {
  return UNMONITORED.map((spec) => {
    const ip = randomHostIn(rng, spec.subnet);
    const running = spec.state === 'running';
    const tags: AgentTag[] = [
      { source: 'ec2', key: 'Name', value: spec.name },
      { source: 'ec2', key: 'Role', value: spec.role },
    ];
    const vpc = spec.region === 'us-west-2' ? 'vpc-0b7e2f1c9d4a3e561' : 'vpc-0a1b2c3d4e5f60718';
    return {
      id: `i-0${rng.hex(16)}`,
      kernelId: null,
      instanceType: spec.instanceType,
      privateDnsName: `ip-${ip.replaceAll('.', '-')}.${spec.region === 'us-east-1' ? 'ec2.internal' : `${spec.region}.compute.internal`}`,
      privateIpAddress: ip,
      groups: [{ id: `sg-0${rng.hex(16)}`, name: `${spec.role}-sg` }],
      subnetId: `subnet-0${rng.hex(16)}`,
      keyName: spec.state === 'stopped' ? 'ops-2023' : 'ops-2025',
      region: spec.region,
      launchTime: new Date(now - spec.ageDays * DAY_MS).toISOString().replace(/\.\d{3}Z$/, '.000Z'),
      imageId: imageIdOf(spec.platform, spec.region),
      architecture: spec.architecture ?? 'x86_64',
      publicDnsName: null,
      publicIpAddress: null,
      vpcId: vpc,
      awsProfile: DEMO_AWS_ACCOUNT,
      tags,
      state: spec.state,
      stateCode: running ? 16 : 80,
    };
  });
}
