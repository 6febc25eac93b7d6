/**
 * Types of the findings repository (`findings.ts`): what the matcher concluded per organization and agent.
 * @module
 */
import type { Finding, VulnSeverity } from '@vigil/vulns';

/**
 * A finding as stored: listed once per CVE of its advisory (an advisory without CVEs is listed under its
 * own id), with the advisory's severity at the time it was written.
 */
export interface StoredFinding extends Finding {
  orgId: string;
  agentId: string;
  /** `CVE-…`, or the advisory id when the advisory names no CVE */
  cve: string;
  severity: VulnSeverity;
  /** when this (advisory, CVE, installed package) was first found on the agent (epoch ms) */
  firstSeenAt: number;
}

/** What a replace did: findings that are new (alerts raise on these) and findings that went away. */
export interface FindingsChange {
  added: StoredFinding[];
  removed: StoredFinding[];
}

/** One agent's findings of one advisory, for `replaceForAdvisory`. */
export interface AgentFindings {
  orgId: string;
  agentId: string;
  findings: readonly Finding[];
}

export interface FindingsRepo {
  /**
   * Makes `findings` the agent's complete set in one transaction. A finding already stored (same
   * advisory, CVE, package, arch and installed version) keeps its `firstSeenAt`; its status, fixed
   * version, reason and severity are brought up to date. Every advisory named must be stored; an agent
   * of another organization is StoreNotFoundError.
   */
  replaceForAgent(orgId: string, agentId: string, findings: readonly Finding[], at?: number): Promise<FindingsChange>;
  /**
   * Makes `rows` the complete set of findings of one advisory across every organization: agents not in
   * `rows` lose their findings of it. Every finding must name `advisoryId`.
   */
  replaceForAdvisory(advisoryId: string, rows: readonly AgentFindings[], at?: number): Promise<FindingsChange>;
  /** an agent's stored findings, ordered by (cve, package, arch, version, advisory) */
  listForAgent(orgId: string, agentId: string): Promise<StoredFinding[]>;
  /** findings stored across the fleet (for the matcher's and the benchmark's checks) */
  count(orgId?: string): Promise<number>;
}
