/**
 * Types of the vulnerability suppressions repository (`vuln-suppressions.ts`).
 * @module
 */
import type { Page, PageRequest } from '../shared-types.js';

/** An agent tag as Threat Stack writes them (`{source, key, value}`); a null source matches any source. */
export interface SuppressionTag {
  source: string | null;
  key: string;
  value: string;
}

/**
 * Hides matching findings from the active vulnerability list. Every criterion that is set must hold
 * (at least one is): the CVE, the package (binary or source name), the agent, an agent tag.
 */
export interface VulnSuppression {
  id: string;
  orgId: string;
  cve: string | null;
  package: string | null;
  agentId: string | null;
  tag: SuppressionTag | null;
  reason: string;
  /** epoch ms; null never expires. An expired suppression no longer hides anything but stays listed. */
  expiresAt: number | null;
  createdBy: string | null;
  createdAt: number;
  updatedAt: number;
}

/** What a suppression says; a create or an update takes all of it (an update replaces every field). */
export interface VulnSuppressionInput {
  cve?: string | null;
  package?: string | null;
  agentId?: string | null;
  tag?: { source?: string | null; key: string; value: string } | null;
  reason: string;
  expiresAt?: number | null;
}

export interface VulnSuppressionFilter {
  /** true: in force at `now`; false: expired; undefined: all */
  active?: boolean;
  /** default Date.now() */
  now?: number;
}

export interface VulnSuppressionsRepo {
  /** StoreValidationError when no criterion is set or a field is malformed; an agent of another organization is StoreNotFoundError */
  create(orgId: string, input: VulnSuppressionInput, createdBy: string | null, at?: number): Promise<VulnSuppression>;
  get(orgId: string, id: string): Promise<VulnSuppression | undefined>;
  /** replaces the suppression's fields; undefined when no such suppression in this organization */
  update(orgId: string, id: string, input: VulnSuppressionInput, at?: number): Promise<VulnSuppression | undefined>;
  /** false when no such suppression in this organization */
  delete(orgId: string, id: string): Promise<boolean>;
  /** newest first, by (createdAt, id) */
  list(orgId: string, filter: VulnSuppressionFilter, page: PageRequest): Promise<Page<VulnSuppression>>;
}
