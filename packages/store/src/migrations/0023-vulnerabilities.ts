/**
 * Vulnerability data (issue 19): the advisories imported from OSV and the Debian security tracker (global,
 * like a package mirror: every organization matches against the same feed), the findings the matcher
 * writes per organization and agent, and each organization's suppressions of them.
 * @module
 */
import type { Kysely, Migration } from 'kysely';

/**
 * Creates `advisories`, `advisory_packages`, `vuln_findings` and `vuln_suppressions`, and indexes
 * `agent_packages` by source name alone (a new advisory is matched against every organization's hosts).
 *
 * ```ts
 * await vulnerabilities.up(db);
 * ```
 */
export const vulnerabilities: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('advisories')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('source', 'text', (c) => c.notNull())
      // JSON array of CVE ids, sorted; the normalized record below is what the matcher reads.
      .addColumn('cves', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('cvss_vector', 'text')
      .addColumn('cvss_score', 'double precision')
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('published', 'text')
      .addColumn('modified', 'text', (c) => c.notNull())
      .addColumn('withdrawn', 'text')
      // JSON array of DSA/DLA/USN… ids: Threat Stack's securityNotices, read by lists without the record.
      .addColumn('security_notices', 'text', (c) => c.notNull())
      // sha256 of the canonical JSON of the record: a re-import of the same content writes nothing.
      .addColumn('digest', 'text', (c) => c.notNull())
      .addColumn('record', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('advisory_packages')
      .addColumn('advisory_id', 'text', (c) => c.notNull().references('advisories.id').onDelete('cascade'))
      .addColumn('ecosystem', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('advisory_packages_pk', ['advisory_id', 'ecosystem', 'name'])
      .execute();
    await db.schema.createIndex('advisory_packages_name_idx').on('advisory_packages').columns(['name', 'ecosystem']).execute();

    // One row per (agent, advisory, CVE, installed package): an advisory about several CVEs is listed under
    // each, as Threat Stack's API is keyed by CVE. Severity and notices are copied from the advisory when
    // the finding is written so list queries filter without a join.
    await db.schema
      .createTable('vuln_findings')
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id').onDelete('cascade'))
      .addColumn('advisory_id', 'text', (c) => c.notNull())
      .addColumn('cve', 'text', (c) => c.notNull())
      .addColumn('package_name', 'text', (c) => c.notNull())
      .addColumn('arch', 'text', (c) => c.notNull())
      .addColumn('installed_version', 'text', (c) => c.notNull())
      .addColumn('source_name', 'text', (c) => c.notNull())
      .addColumn('ecosystem', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('fixed_version', 'text')
      .addColumn('reason', 'text')
      .addColumn('severity', 'text', (c) => c.notNull())
      // severityRank(): lets a group take its worst severity with max().
      .addColumn('severity_rank', 'integer', (c) => c.notNull())
      .addColumn('has_notices', 'integer', (c) => c.notNull())
      .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('vuln_findings_pk', ['agent_id', 'advisory_id', 'cve', 'package_name', 'arch', 'installed_version'])
      .execute();
    // The list is grouped by (cve, agent, package) and paged in that order.
    await db.schema
      .createIndex('vuln_findings_org_cve_idx')
      .on('vuln_findings')
      .columns(['org_id', 'cve', 'agent_id', 'package_name', 'arch', 'installed_version'])
      .execute();
    await db.schema.createIndex('vuln_findings_org_agent_idx').on('vuln_findings').columns(['org_id', 'agent_id', 'cve']).execute();
    await db.schema.createIndex('vuln_findings_org_package_idx').on('vuln_findings').columns(['org_id', 'package_name']).execute();
    await db.schema.createIndex('vuln_findings_org_source_idx').on('vuln_findings').columns(['org_id', 'source_name']).execute();
    await db.schema.createIndex('vuln_findings_org_severity_idx').on('vuln_findings').columns(['org_id', 'severity', 'cve']).execute();
    await db.schema.createIndex('vuln_findings_advisory_idx').on('vuln_findings').columns(['advisory_id']).execute();

    // Every criterion that is set must hold; at least one is set (the repository checks).
    await db.schema
      .createTable('vuln_suppressions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
      .addColumn('cve', 'text')
      .addColumn('package', 'text')
      .addColumn('agent_id', 'text')
      .addColumn('tag_source', 'text')
      .addColumn('tag_key', 'text')
      .addColumn('tag_value', 'text')
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint')
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('vuln_suppressions_org_idx').on('vuln_suppressions').columns(['org_id', 'created_at', 'id']).execute();

    await db.schema.createIndex('agent_packages_source_name_idx').on('agent_packages').columns(['source_name']).execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropIndex('agent_packages_source_name_idx').ifExists().execute();
    for (const table of ['vuln_suppressions', 'vuln_findings', 'advisory_packages', 'advisories']) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};
