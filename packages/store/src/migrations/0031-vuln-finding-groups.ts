/**
 * The vulnerability list's filters as indexed columns. The list is grouped per (CVE, host, installed
 * package) and filters on the group's worst severity and on whether any of its advisories names a
 * security notice; as HAVING clauses after GROUP BY those read every finding of the organization
 * (0.5–1.1 s a page at 1,000 hosts). Each finding row now carries its group's values (kept by the
 * findings writes), and indexes that lead with each filter and go on in the list's order let a page
 * read only its own rows. The agent and package indexes go on in the list's order too.
 * @module
 */
import { sql, type Kysely, type Migration } from 'kysely';

const ORDER = ['cve', 'agent_id', 'package_name', 'arch', 'installed_version'];

/**
 * Adds `vuln_findings.group_rank` and `group_notices`, fills them, and replaces the filter indexes.
 *
 * ```ts
 * await vulnFindingGroups.up(db);
 * ```
 */
export const vulnFindingGroups: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    // The group's max(severity_rank) and max(has_notices) over its rows that are not `invalid` (those are
    // left out of the list); 0 when all are.
    await db.schema.alterTable('vuln_findings').addColumn('group_rank', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.alterTable('vuln_findings').addColumn('group_notices', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await sql`update vuln_findings set
      group_rank = coalesce((select max(g.severity_rank) from vuln_findings g where g.org_id = vuln_findings.org_id and g.cve = vuln_findings.cve
        and g.agent_id = vuln_findings.agent_id and g.package_name = vuln_findings.package_name and g.arch = vuln_findings.arch
        and g.installed_version = vuln_findings.installed_version and g.status <> 'invalid'), 0),
      group_notices = coalesce((select max(g.has_notices) from vuln_findings g where g.org_id = vuln_findings.org_id and g.cve = vuln_findings.cve
        and g.agent_id = vuln_findings.agent_id and g.package_name = vuln_findings.package_name and g.arch = vuln_findings.arch
        and g.installed_version = vuln_findings.installed_version and g.status <> 'invalid'), 0)`.execute(db);
    for (const name of ['vuln_findings_org_agent_idx', 'vuln_findings_org_package_idx', 'vuln_findings_org_source_idx', 'vuln_findings_org_severity_idx']) {
      await db.schema.dropIndex(name).execute();
    }
    const index = (name: string, lead: string[]) =>
      db.schema.createIndex(name).on('vuln_findings').columns(['org_id', ...lead, ...ORDER.filter((c) => !lead.includes(c))]).execute();
    await index('vuln_findings_org_group_rank_idx', ['group_rank']);
    await index('vuln_findings_org_group_notices_idx', ['group_notices']);
    await index('vuln_findings_org_agent_idx', ['agent_id']);
    await index('vuln_findings_org_package_idx', ['package_name']);
    await index('vuln_findings_org_source_idx', ['source_name']);
  },

  async down(db: Kysely<any>): Promise<void> {
    for (const name of ['vuln_findings_org_group_rank_idx', 'vuln_findings_org_group_notices_idx', 'vuln_findings_org_agent_idx', 'vuln_findings_org_package_idx', 'vuln_findings_org_source_idx']) {
      await db.schema.dropIndex(name).ifExists().execute();
    }
    await db.schema.createIndex('vuln_findings_org_agent_idx').on('vuln_findings').columns(['org_id', 'agent_id', 'cve']).execute();
    await db.schema.createIndex('vuln_findings_org_package_idx').on('vuln_findings').columns(['org_id', 'package_name']).execute();
    await db.schema.createIndex('vuln_findings_org_source_idx').on('vuln_findings').columns(['org_id', 'source_name']).execute();
    await db.schema.createIndex('vuln_findings_org_severity_idx').on('vuln_findings').columns(['org_id', 'severity', 'cve']).execute();
    await db.schema.alterTable('vuln_findings').dropColumn('group_notices').execute();
    await db.schema.alterTable('vuln_findings').dropColumn('group_rank').execute();
  },
};
