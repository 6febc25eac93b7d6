/**
 * The cloud instances a user imports from an export of their cloud account (`vigil servers import`):
 * Vigil makes no calls to cloud providers, so an instance without an agent is known only this way. An
 * imported instance whose id an AWS agent also reports is a monitored server (issue 19).
 * @module
 */
import type { Kysely, Migration } from 'kysely';

/**
 * Creates `imported_servers` and an index of agents by instance id.
 *
 * ```ts
 * await importedServers.up(db);
 * ```
 */
export const importedServers: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    // One row per instance and organization; `data` is the instance's fields as JSON (REST v2 §3.7 names).
    await db.schema
      .createTable('imported_servers')
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
      .addColumn('instance_id', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('imported_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('imported_servers_pk', ['org_id', 'instance_id'])
      .execute();
    // The servers list pages by instance id over both agents and imported instances.
    await db.schema.createIndex('agents_instance_idx').on('agents').columns(['org_id', 'instance_id']).execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropIndex('agents_instance_idx').ifExists().execute();
    await db.schema.dropTable('imported_servers').ifExists().execute();
  },
};
