/**
 * TAXII 2.1 writes: `taxii_collections.can_write`, the status resources of POST objects (kept per
 * organization for a bounded time, see repos/taxii-status.ts) and which threat-library indicators each
 * submitted STIX id became, so clients can read and delete objects by the id they sent.
 * @module
 */
import type { Kysely, Migration } from 'kysely';

/**
 * Adds `taxii_collections.can_write`, `taxii_status` and `taxii_object_ids`.
 * ```ts
 * await taxiiStatus.up(db);
 * ```
 */
export const taxiiStatus: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    // INTEGER 0/1 like every boolean of the schema (0001).
    await db.schema.alterTable('taxii_collections').addColumn('can_write', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema
      .createTable('taxii_status')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
      .addColumn('collection_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      // the status resource as served (JSON): written once, read whole
      .addColumn('document', 'text', (c) => c.notNull())
      .execute();
    // Pruning deletes an organization's oldest rows.
    await db.schema.createIndex('taxii_status_org_created_idx').on('taxii_status').columns(['org_id', 'created_at']).execute();
    await db.schema
      .createTable('taxii_object_ids')
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
      .addColumn('stix_id', 'text', (c) => c.notNull())
      .addColumn('indicator_id', 'integer', (c) => c.notNull().references('indicators.id').onDelete('cascade'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('taxii_object_ids_pk', ['org_id', 'stix_id', 'indicator_id'])
      .execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('taxii_object_ids').execute();
    await db.schema.dropTable('taxii_status').execute();
    await db.schema.alterTable('taxii_collections').dropColumn('can_write').execute();
  },
};
