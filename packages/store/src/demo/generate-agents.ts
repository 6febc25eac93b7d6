/**
 * Turns the host table into agent rows: addresses, instance ids, EC2 tags, platform, health and report
 * times, plus the per-host facts the alert generator needs.
 * @module
 */

import type { AgentTag, NewAgent } from '../repos/agents-types.js';
import type { Random } from './prng.js';
import type { HostRole, HostSpec } from './hosts.js';
import type { Platform } from './platforms.js';
import { HOSTS } from './hosts.js';
import { CURRENT_AGENT_VERSION, OLDER_AGENT_VERSIONS, PLATFORMS } from './platforms.js';
import { linkLocalFromMac, prefixOf, randomHostIn, randomMac } from './network.js';
import { DAY_MS, HOUR_MS } from './time.js';
import { ec2Metadata } from './cloud-metadata.js';

/** A generated agent and what the alert generator needs to know about its host. */
export interface DemoHost {
  agent: NewAgent & { id: string; createdAt: number };
  role: HostRole;
  platform: Platform;
  /** primary private IPv4 address (no prefix) */
  ip: string;
  /** relative share of alerts (some hosts are noisier than others) */
  noise: number;
  /** the host table's entry it was generated from */
  spec: HostSpec;
}

const PUBLIC_RANGES = ['198.51.100.0/24', '203.0.113.0/24'];

/**
 * Generates one agent per entry of the host table.
 *
 * ```ts
 * const hosts = generateAgents(createRandom(1), orgId, Date.now());
 * hosts.filter((h) => h.agent.status === 'online').length; // 30
 * ```
 */
export function generateAgents(rng: Random, orgId: string, now: number): DemoHost[] {
  return HOSTS.map((spec) => {
    const id = rng.uuid();
    const platform: Platform = PLATFORMS[spec.platform];
    const ip = randomHostIn(rng, spec.subnet);
    const hostname = spec.hostname.replace('{ip}', ip.replaceAll('.', '-')).replace('{hex4}', rng.hex(4));
    const ec2 = spec.ec2 ?? true;
    const containers = spec.containers ?? false;

    const privateAddrs = [`${ip}/${prefixOf(spec.subnet)}`, '127.0.0.1/8', '::1/128'];
    if (containers) privateAddrs.push('172.17.0.1/16');
    const linkLocal = [linkLocalFromMac(randomMac(rng))];
    if (containers) linkLocal.push(linkLocalFromMac(randomMac(rng)));
    const publicAddrs = spec.public ? [`${randomHostIn(rng, rng.pick(PUBLIC_RANGES))}/32`] : [];

    const [minAge, maxAge] = spec.ageDays ?? [35, 200];
    const createdAt = now - Math.round((minAge + rng.next() * (maxAge - minAge)) * DAY_MS);
    const lastReportedAt = spec.offline
      ? Math.max(createdAt + DAY_MS, now - rng.int(2 * HOUR_MS, 9 * DAY_MS))
      : now - rng.int(0, 59_000);

    const shortName = hostname.split('.')[0]!;
    const tags: AgentTag[] = ec2
      ? [
          { source: 'ec2', key: 'Name', value: shortName },
          { source: 'ec2', key: 'Environment', value: spec.env },
          { source: 'ec2', key: 'Role', value: spec.role },
          ...(spec.role === 'k8s'
            ? [
                { source: 'ec2', key: 'kubernetes.io/cluster/prod-eks', value: 'owned' },
                { source: 'ec2', key: 'eks:nodegroup-name', value: 'general-purpose' },
              ]
            : []),
        ]
      : [];

    const health: Record<string, unknown> = {
      isHealthy: spec.unhealthy === undefined,
      dnsTracer: 'HEALTHY',
      networkTracer: 'HEALTHY',
      processSandbox: 'HEALTHY',
    };
    if (spec.unhealthy) health[spec.unhealthy] = 'UNHEALTHY';

    const agent: DemoHost['agent'] = {
      id,
      orgId,
      instanceId: ec2 ? `i-0${rng.hex(16)}` : null,
      status: spec.offline ? 'offline' : 'online',
      createdAt,
      lastReportedAt,
      version: spec.outdated ? rng.pick(OLDER_AGENT_VERSIONS) : CURRENT_AGENT_VERSION,
      name: shortName,
      description: spec.description ?? '',
      hostname,
      ipAddresses: { private: privateAddrs, link_local: linkLocal, public: publicAddrs },
      tags,
      agentType: spec.agentType ?? 'investigate',
      osVersion: platform.osVersion,
      kernel: rng.pick(platform.kernels),
      agentModuleHealth: health,
    };
    // Derived without the random stream, so the rest of the dataset stays what it was for a seed.
    if (agent.instanceId !== null) agent.cloud = ec2Metadata(agent.instanceId, spec, tags);
    return { agent, role: spec.role, platform, ip, noise: 0.4 + rng.next() * 1.6, spec };
  });
}
