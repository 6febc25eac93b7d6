/**
 * What an agent reports about its host besides events: the packages installed on it (the current set per
 * agent, its digest, and the history of what was added, removed or changed version) and the cloud
 * instance metadata (`agents.cloud`), which the vulnerability and servers endpoints build on (issue 19).
 * @module
 */
import type { Kysely, Migration } from 'kysely';

/**
 * Adds `agents.cloud` and creates `agent_inventories`, `agent_packages` and `agent_package_changes`.
 *
 * ```ts
 * await agentInventory.up(db);
 * ```
 */
export const agentInventory: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    // JSON of the instance metadata service's answer (provider, instanceId, region, …); null off-cloud.
    await db.schema.alterTable('agents').addColumn('cloud', 'text').execute();

    // One row per agent that reported an inventory: the digest lets a diff name the state it applies to.
    await db.schema
      .createTable('agent_inventories')
      .addColumn('agent_id', 'text', (c) => c.primaryKey().references('agents.id').onDelete('cascade'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('ecosystem', 'text', (c) => c.notNull())
      .addColumn('manager', 'text', (c) => c.notNull())
      .addColumn('digest', 'text', (c) => c.notNull())
      .addColumn('package_count', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    // Version is part of the key: rpm keeps several versions of one name and arch installed (kernels).
    await db.schema
      .createTable('agent_packages')
      .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id').onDelete('cascade'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('arch', 'text', (c) => c.notNull())
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('source_name', 'text', (c) => c.notNull())
      .addColumn('source_version', 'text', (c) => c.notNull())
      .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('agent_packages_pk', ['agent_id', 'name', 'arch', 'version'])
      .execute();
    // Matching advisories looks packages up by source package across an organization's fleet.
    await db.schema.createIndex('agent_packages_source_idx').on('agent_packages').columns(['org_id', 'source_name']).execute();

    // History, like alerts: kept when the agent's current set changes, removed with the agent.
    await db.schema
      .createTable('agent_package_changes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id').onDelete('cascade'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('arch', 'text', (c) => c.notNull())
      .addColumn('from_version', 'text')
      .addColumn('to_version', 'text')
      .addColumn('source_name', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('agent_package_changes_agent_idx')
      .on('agent_package_changes')
      .columns(['agent_id', 'at', 'id'])
      .execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    for (const table of ['agent_package_changes', 'agent_packages', 'agent_inventories']) {
      await db.schema.dropTable(table).ifExists().execute();
    }
    await db.schema.alterTable('agents').dropColumn('cloud').execute();
  },
};
