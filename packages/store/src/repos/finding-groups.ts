/**
 * Keeps each finding row's copy of its group's values (0031: `group_rank`, `group_notices`, the group
 * being the list's unit: CVE, agent, installed package) in step after a write, so the list filters on
 * them through an index instead of aggregating every finding first.
 * @module
 */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../schema.js';

/** A row written or deleted: its group's values may have changed. */
export interface GroupRef {
  org_id: string;
  agent_id: string;
  cve: string;
}

/** Lists per statement (two IN lists, well inside both databases' parameter limits). */
const CHUNK = 500;

/**
 * Recomputes the group values of every group of the agents and CVEs of `rows` (per organization), and
 * writes the rows whose copies differ.
 *
 * ```ts
 * await refreshGroups(trx, [{ org_id, agent_id, cve: 'CVE-2024-6387' }]);
 * ```
 */
export async function refreshGroups(trx: Transaction<Database>, rows: readonly GroupRef[]): Promise<void> {
  const byOrg = new Map<string, { agents: Set<string>; cves: Set<string> }>();
  for (const r of rows) {
    let org = byOrg.get(r.org_id);
    if (org === undefined) byOrg.set(r.org_id, (org = { agents: new Set(), cves: new Set() }));
    org.agents.add(r.agent_id);
    org.cves.add(r.cve);
  }
  for (const [orgId, { agents, cves }] of byOrg) {
    const [agentList, cveList] = [[...agents], [...cves]];
    for (let a = 0; a < agentList.length; a += CHUNK) {
      for (let c = 0; c < cveList.length; c += CHUNK) {
        const inAgents = sql.join(agentList.slice(a, a + CHUNK));
        const inCves = sql.join(cveList.slice(c, c + CHUNK));
        // Rows left out of the list (`invalid`) do not count; a group of only those gets 0.
        await sql`update vuln_findings set group_rank = g.r, group_notices = g.n
          from (select agent_id, cve, package_name, arch, installed_version,
              coalesce(max(case when status <> 'invalid' then severity_rank end), 0) as r,
              coalesce(max(case when status <> 'invalid' then has_notices end), 0) as n
            from vuln_findings where org_id = ${orgId} and agent_id in (${inAgents}) and cve in (${inCves})
            group by agent_id, cve, package_name, arch, installed_version) g
          where vuln_findings.org_id = ${orgId} and vuln_findings.cve = g.cve and vuln_findings.agent_id = g.agent_id
            and vuln_findings.package_name = g.package_name and vuln_findings.arch = g.arch and vuln_findings.installed_version = g.installed_version
            and (vuln_findings.group_rank <> g.r or vuln_findings.group_notices <> g.n)`.execute(trx);
      }
    }
  }
}
