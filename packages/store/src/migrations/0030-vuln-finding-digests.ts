/**
 * Per installed package of a host, a digest of the findings last written for it (the matcher's findings
 * and the records of the advisories they name), so re-matching a host whose inventory changed in a
 * hundred of its 1,500 packages rewrites those and leaves the others unread. An empty digest matches
 * nothing: the package is diffed in full next time (a write by advisory, and the rows found here).
 * @module
 */
import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Creates `vuln_finding_digests`, with an empty digest for every (agent, installed package) that has findings.
 *
 * ```ts
 * await vulnFindingDigests.up(db);
 * ```
 */
export const vulnFindingDigests: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('vuln_finding_digests')
      .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id').onDelete('cascade'))
      .addColumn('package_name', 'text', (c) => c.notNull())
      .addColumn('arch', 'text', (c) => c.notNull())
      .addColumn('installed_version', 'text', (c) => c.notNull())
      .addColumn('digest', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('vuln_finding_digests_pk', ['agent_id', 'package_name', 'arch', 'installed_version'])
      .execute();
    await sql`insert into vuln_finding_digests (agent_id, package_name, arch, installed_version, digest)
      select distinct agent_id, package_name, arch, installed_version, '' from vuln_findings`.execute(db);
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('vuln_finding_digests').ifExists().execute();
  },
};
