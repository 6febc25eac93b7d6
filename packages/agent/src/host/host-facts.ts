/**
 * Facts about the host the agent reports at registration and refreshes with heartbeats: its name, OS release,
 * kernel and addresses (as Threat Stack listed them: CIDR strings grouped as private, link-local and public).
 * @module
 */
import { readFileSync } from 'node:fs';
import { hostname, networkInterfaces, release } from 'node:os';
import ipaddr from 'ipaddr.js';
import type { AgentIpAddresses } from '@vigil/sdk';

export interface HostFacts {
  hostname: string;
  osVersion?: string;
  kernel: string;
  ipAddresses: AgentIpAddresses;
}

/** `PRETTY_NAME` of an os-release file (`Debian GNU/Linux 12 (bookworm)`). */
export function osReleaseName(text: string): string | undefined {
  const match = /^PRETTY_NAME=(?:"([^"]*)"|(\S*))$/m.exec(text);
  return match ? (match[1] ?? match[2]) : undefined;
}

const PRIVATE_RANGES = new Set(['private', 'loopback', 'uniqueLocal', 'carrierGradeNat']);
const LINK_LOCAL_RANGES = new Set(['linkLocal']);

/** Groups interface addresses (`10.0.1.17/24`) by kind. */
export function groupAddresses(cidrs: readonly string[]): AgentIpAddresses {
  const groups: Required<AgentIpAddresses> = { private: [], link_local: [], public: [] };
  for (const cidr of cidrs) {
    const [address] = cidr.split('/');
    if (!address || !ipaddr.isValid(address)) continue;
    const range = ipaddr.parse(address).range();
    if (LINK_LOCAL_RANGES.has(range)) groups.link_local.push(cidr);
    else if (PRIVATE_RANGES.has(range)) groups.private.push(cidr);
    else groups.public.push(cidr);
  }
  return groups;
}

/**
 * ```ts
 * readHostFacts(); // { hostname: 'web-1', osVersion: 'Debian GNU/Linux 12 (bookworm)', kernel: '6.1.0-…', ipAddresses: {…} }
 * ```
 */
export function readHostFacts(osReleasePath = '/etc/os-release'): HostFacts {
  let osVersion: string | undefined;
  try {
    osVersion = osReleaseName(readFileSync(osReleasePath, 'utf8'));
  } catch {
    // not every system has one
  }
  const cidrs = Object.values(networkInterfaces())
    .flat()
    .flatMap((info) => (info?.cidr ? [info.cidr] : []));
  return { hostname: hostname(), ...(osVersion === undefined ? {} : { osVersion }), kernel: release(), ipAddresses: groupAddresses(cidrs) };
}
