/**
 * Types of the inventory repository (`inventory.ts`): the packages installed on each agent's host.
 * @module
 */
import type { Page, PageRequest } from '../shared-types.js';
import type { PackageChangeKind, PackageManager } from '../vocabulary.js';

/** One installed package as an agent reports it. */
export interface InstalledPackage {
  name: string;
  /** as the package manager spells it: dpkg `1:2.3-4`, rpm `[epoch:]version-release`, apk `1.2.3-r4` */
  version: string;
  /** `amd64`, `x86_64`, `all`, `noarch`, … */
  arch: string;
  /** the source package advisories name (dpkg `Source:`, rpm source rpm, apk origin); default: name */
  sourceName?: string;
  /** default: version */
  sourceVersion?: string;
}

/** What identifies a package in a host's set: several versions of one name and arch may be installed (rpm kernels). */
export type PackageKey = Pick<InstalledPackage, 'name' | 'arch' | 'version'>;

/** An agent's full package list. */
export interface InventorySnapshot {
  /** OSV ecosystem of the host's release: `Debian:12`, `Ubuntu:22.04:LTS`, `Alpine:v3.19`, `Rocky Linux:9`, … */
  ecosystem: string;
  manager: PackageManager;
  packages: InstalledPackage[];
}

/** What changed since the state whose digest is `baseDigest`. */
export interface InventoryDiff {
  baseDigest: string;
  added: InstalledPackage[];
  removed: PackageKey[];
}

export interface InventoryState {
  agentId: string;
  ecosystem: string;
  manager: PackageManager;
  /** sha256 (hex) of the current set; a diff must name it */
  digest: string;
  packageCount: number;
  updatedAt: number;
}

/** What a snapshot or diff did. */
export interface InventoryResult {
  digest: string;
  added: number;
  removed: number;
  /** same name and arch, another version */
  changed: number;
  packageCount: number;
}

/** A diff whose base is not the stored state (or that adds what is there, or removes what is not): nothing stored. */
export interface InventoryConflict {
  conflict: true;
  /** the stored digest; null when the agent has no inventory yet */
  digest: string | null;
  reason: string;
}

export interface StoredPackage extends Required<InstalledPackage> {
  ecosystem: string;
  manager: PackageManager;
  /** when this version of the package first appeared in the agent's inventory (epoch ms) */
  firstSeenAt: number;
}

export interface PackageChange {
  id: string;
  agentId: string;
  at: number;
  kind: PackageChangeKind;
  name: string;
  arch: string;
  /** null for added */
  fromVersion: string | null;
  /** null for removed */
  toVersion: string | null;
  sourceName: string;
}

/** An agent's current package set with its ecosystem (for the matcher). */
export interface AgentInventory {
  orgId: string;
  agentId: string;
  ecosystem: string;
  manager: PackageManager;
  packages: Required<InstalledPackage>[];
}

/** One installed package and the agent and organization it is on (for matching one advisory fleet-wide). */
export interface FleetPackage extends Required<InstalledPackage> {
  orgId: string;
  agentId: string;
  ecosystem: string;
  manager: PackageManager;
}

/** An agent's inventory state with its organization (fleet-wide listing). */
export interface FleetInventoryState extends InventoryState {
  orgId: string;
}

export interface InventoryRepo {
  /**
   * Makes `snapshot` the agent's current set in one transaction, recording what was added, removed or changed;
   * the same snapshot again changes nothing.
   */
  replace(orgId: string, agentId: string, snapshot: InventorySnapshot, at?: number): Promise<InventoryResult>;
  /** applies a diff to the state it names; anything else is a conflict and changes nothing */
  applyDiff(orgId: string, agentId: string, diff: InventoryDiff, at?: number): Promise<InventoryResult | InventoryConflict>;
  state(orgId: string, agentId: string): Promise<InventoryState | undefined>;
  /** ordered by (name, arch, version); the cursor's number is unused (0) and its string names the last package */
  listPackages(orgId: string, agentId: string, page: PageRequest): Promise<Page<StoredPackage>>;
  /** the agent's current packages, or undefined when it reported none (or is another organization's) */
  current(orgId: string, agentId: string): Promise<AgentInventory | undefined>;
  /** every installed package whose source name is one of `sourceNames`, across all organizations */
  packagesBySourceNames(sourceNames: readonly string[]): Promise<FleetPackage[]>;
  /** every agent that reported an inventory, across organizations, ordered by agent id (`after`: the last id) */
  listStates(page: PageRequest<string>): Promise<Page<FleetInventoryState, string>>;
  /** newest first, by (at, id) */
  listChanges(orgId: string, agentId: string, page: PageRequest): Promise<Page<PackageChange>>;
}
