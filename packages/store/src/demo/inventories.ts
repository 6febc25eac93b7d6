/**
 * The packages installed on the demo hosts, from the sample package lists that ship with the sample
 * advisory feed (@vigil/vulns), so a new user sees findings at once. Hosts the table marks as behind on
 * updates carry older, vulnerable versions.
 * @module
 */

import { sampleInventory, type SampleRole } from '@vigil/vulns';
import type { InventorySnapshot } from '../repos/inventory-types.js';
import type { DemoHost } from './generate-agents.js';
import type { HostRole } from './hosts.js';

/** Which sample package set a demo host's role installs. */
const SAMPLE_ROLE: Record<HostRole, SampleRole> = {
  web: 'web',
  api: 'web',
  worker: 'worker',
  db: 'db',
  cache: 'db',
  k8s: 'worker',
  bastion: 'bastion',
  ci: 'worker',
  vpn: 'bastion',
  monitoring: 'worker',
  directory: 'bastion',
};

/** One host's package list, as its agent would have sent it. */
export interface DemoInventory {
  agentId: string;
  snapshot: InventorySnapshot;
}

/**
 * Package lists for the hosts whose release has a sample list (Debian 12, Ubuntu 22.04, Amazon Linux 2023).
 *
 * ```ts
 * generateInventories(hosts).length; // hosts of those releases
 * ```
 */
export function generateInventories(hosts: readonly DemoHost[]): DemoInventory[] {
  return hosts.flatMap((host) => {
    const snapshot = sampleInventory(host.platform.osVersion, SAMPLE_ROLE[host.role], { behind: host.spec.behindOnUpdates === true });
    return snapshot ? [{ agentId: host.agent.id, snapshot }] : [];
  });
}
