/**
 * The row-level diff of findings: the rows a set of findings stands for (one per CVE of its advisory,
 * severity and notices copied from the advisory) and the write of the difference from the stored rows
 * (changed rows deleted and re-inserted with their first sighting kept).
 * @module
 */
import { sql, type Insertable, type Selectable, type Transaction } from 'kysely';
import { severityRank, type Finding, type FindingStatus, type VulnSeverity } from '@vigil/vulns';
import { chunks } from '../internal/chunks.js';
import type { Database, VulnFindingsTable } from '../schema.js';
import type { DialectName } from '../shared-types.js';
import type { AdvisoryFacts } from './advisory-facts.js';
import { refreshGroups } from './finding-groups.js';
import type { FindingsChange, StoredFinding } from './findings-types.js';

export type Row = Insertable<VulnFindingsTable> & Selectable<VulnFindingsTable>;

/** Key columns besides org: a finding's identity. */
const keyOf = (r: Pick<Row, 'agent_id' | 'advisory_id' | 'cve' | 'package_name' | 'arch' | 'installed_version'>): string =>
  `${r.agent_id}\t${r.advisory_id}\t${r.cve}\t${r.package_name}\t${r.arch}\t${r.installed_version}`;

/** The columns a re-match may change without the finding being new. */
const sameFacts = (a: Row, b: Row): boolean =>
  a.source_name === b.source_name &&
  a.ecosystem === b.ecosystem &&
  a.status === b.status &&
  a.fixed_version === b.fixed_version &&
  a.reason === b.reason &&
  a.severity === b.severity &&
  Number(a.has_notices) === Number(b.has_notices);

/**
 * Converts a stored row to the domain shape.
 *
 * ```ts
 * const finding = toStoredFinding(row);
 * ```
 */
export function toStoredFinding(r: Selectable<VulnFindingsTable>): StoredFinding {
  return {
    orgId: r.org_id,
    agentId: r.agent_id,
    advisoryId: r.advisory_id,
    cve: r.cve,
    packageName: r.package_name,
    arch: r.arch,
    installedVersion: r.installed_version,
    sourceName: r.source_name,
    ecosystem: r.ecosystem,
    status: r.status as FindingStatus,
    fixedVersion: r.fixed_version,
    reason: r.reason,
    severity: r.severity as VulnSeverity,
    firstSeenAt: Number(r.first_seen_at),
  };
}

/**
 * The rows `findings` stand for: one per CVE of the advisory; findings of withdrawn advisories are dropped.
 *
 * ```ts
 * const rows = rowsOf(orgId, agentId, findings, await facts.get(trx, ids), Date.now());
 * ```
 */
export function rowsOf(orgId: string, agentId: string, findings: readonly Finding[], facts: Map<string, AdvisoryFacts>, at: number): Row[] {
  const out: Row[] = [];
  for (const f of findings) {
    const a = facts.get(f.advisoryId)!;
    if (a.withdrawn) continue;
    for (const cve of a.cves) {
      out.push({
        org_id: orgId,
        agent_id: agentId,
        advisory_id: f.advisoryId,
        cve,
        package_name: f.packageName,
        arch: f.arch,
        installed_version: f.installedVersion,
        source_name: f.sourceName,
        ecosystem: f.ecosystem,
        status: f.status,
        fixed_version: f.fixedVersion ?? null,
        reason: f.reason ?? null,
        severity: a.severity,
        severity_rank: severityRank(a.severity),
        has_notices: a.hasNotices ? 1 : 0,
        // The row's own values; refreshGroups() brings a group of several rows to its max.
        group_rank: f.status === 'invalid' ? 0 : severityRank(a.severity),
        group_notices: f.status !== 'invalid' && a.hasNotices ? 1 : 0,
        first_seen_at: at,
        updated_at: at,
      });
    }
  }
  return out;
}

/**
 * Writes the difference between `stored` and `next` (deleting and re-inserting changed rows, keeping
 * first_seen_at); `touched` holds every row deleted or written.
 *
 * ```ts
 * const { change } = await applyRows(trx, 'sqlite', storedRows, rowsOf(orgId, agentId, findings, facts, Date.now()));
 * ```
 */
export async function applyRows(trx: Transaction<Database>, dialect: DialectName, stored: Row[], next: Row[]): Promise<{ change: FindingsChange; touched: Row[] }> {
  const before = new Map(stored.map((r) => [keyOf(r), r]));
  const wanted = new Map(next.map((r) => [keyOf(r), r]));
  const added: Row[] = [];
  const removed: Row[] = [];
  const gone: Row[] = [];
  const write: Row[] = [];
  for (const [key, r] of wanted) {
    const was = before.get(key);
    if (!was) {
      added.push(r);
      write.push(r);
    } else if (!sameFacts(was, r)) {
      gone.push(was);
      write.push({ ...r, first_seen_at: Number(was.first_seen_at) });
    }
  }
  for (const [key, r] of before) {
    if (!wanted.has(key)) {
      removed.push(r);
      gone.push(r);
    }
  }
  // A list of keys joined by the database (an OR of a hundred six-column terms cost PostgreSQL's planner
  // more than the delete: it weighs every index of the table for every term).
  for (let i = 0; i < gone.length; i += 100) {
    const keys = gone.slice(i, i + 100).map((r) => sql`(${r.agent_id}, ${r.advisory_id}, ${r.cve}, ${r.package_name}, ${r.arch}, ${r.installed_version})`);
    await sql`delete from vuln_findings where (agent_id, advisory_id, cve, package_name, arch, installed_version) in (values ${sql.join(keys)})`.execute(trx);
  }
  for (const part of chunks(write, 19, dialect)) await trx.insertInto('vuln_findings').values(part).execute();
  // Written with their own values; a group of several rows is brought to its max here.
  await refreshGroups(trx, [...gone, ...write]);
  return { change: { added: added.map(toStoredFinding), removed: removed.map(toStoredFinding) }, touched: [...gone, ...write] };
}

