/**
 * Simulated hosts: realistic hostnames, OS releases, kernels, addresses and tags for `vigil simulate`.
 * @module
 */
import type { CloudMetadata } from '@vigil/sdk';
import type { Rng } from './prng.js';

export interface SimulatedHost {
  hostname: string;
  /** what the host mostly runs, which shapes its benign activity */
  role: 'web' | 'db' | 'worker' | 'bastion';
  privateIp: string;
  registration: {
    hostname: string;
    instanceId: string;
    name: string;
    description: string;
    version: string;
    osVersion: string;
    kernel: string;
    agentType: 'monitor' | 'investigate';
    ipAddresses: { private: string[]; link_local: string[]; public: string[] };
    tags: { source: string; key: string; value: string }[];
    /** what an EC2 instance's metadata service would tell the agent */
    cloud: CloudMetadata;
  };
}

const ROLES = ['web', 'db', 'worker', 'bastion'] as const;
const PLATFORMS = [
  { os: 'Ubuntu 22.04.4 LTS', kernel: '5.15.0-1057-aws' },
  { os: 'Ubuntu 24.04.1 LTS', kernel: '6.8.0-1016-aws' },
  { os: 'Debian GNU/Linux 12 (bookworm)', kernel: '6.1.0-25-cloud-amd64' },
  { os: 'Amazon Linux 2023', kernel: '6.1.109-118.189.amzn2023.x86_64' },
  { os: 'Rocky Linux 9.4 (Blue Onyx)', kernel: '5.14.0-427.13.1.el9_4.x86_64' },
] as const;
const ENVIRONMENTS = ['production', 'production', 'staging'] as const;
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'] as const;
const INSTANCE_TYPES = { web: 't3.medium', db: 'r6i.large', worker: 'c6i.xlarge', bastion: 't3.micro' } as const;
/** One AWS account for the simulated fleet (the documentation's example account id). */
const ACCOUNT_ID = '123456789012';

/**
 * The `index`-th simulated host (0-based); the same seed gives the same hosts.
 * ```ts
 * const host = simulatedHost(createRng(1), 0); // e.g. web-prod-01.us-east-1.internal
 * ```
 */
export function simulatedHost(rng: Rng, index: number): SimulatedHost {
  const role = ROLES[index % ROLES.length]!;
  const platform = rng.pick(PLATFORMS);
  const env = rng.pick(ENVIRONMENTS);
  const region = rng.pick(REGIONS);
  const short = `${role}-${env === 'production' ? 'prod' : 'stg'}-${String(index + 1).padStart(2, '0')}`;
  const hostname = `${short}.${region}.internal`;
  const privateIp = `10.${rng.int(0, 3)}.${rng.int(1, 254)}.${rng.int(10, 250)}`;
  const instanceId = `i-${Array.from({ length: 17 }, () => rng.int(0, 15).toString(16)).join('')}`;
  return {
    hostname,
    role,
    privateIp,
    registration: {
      hostname,
      instanceId,
      name: short,
      description: `simulated ${role} server (vigil simulate)`,
      version: '3.4.0',
      osVersion: platform.os,
      kernel: platform.kernel,
      agentType: 'investigate',
      ipAddresses: { private: [`${privateIp}/24`], link_local: [], public: role === 'web' || role === 'bastion' ? [`203.0.113.${rng.int(2, 250)}`] : [] },
      tags: [
        { source: 'ec2', key: 'Environment', value: env },
        { source: 'ec2', key: 'Role', value: role },
        { source: 'ec2', key: 'Region', value: region },
        { source: 'vigil', key: 'simulated', value: 'true' },
      ],
      // Derived from values already drawn, so the hosts a seed gives stay the same as before.
      cloud: {
        provider: 'aws',
        instanceId,
        region,
        availabilityZone: `${region}${'abc'[index % 3]}`,
        accountId: ACCOUNT_ID,
        instanceType: INSTANCE_TYPES[role],
        tags: { Name: short, Environment: env, Role: role },
      },
    },
  };
}
