/**
 * TAXII 2.1 collections: saved searches over an organization's indicators (optional type and status),
 * served read-only under /taxii2/.
 * @module
 */
import type { Kysely, Migration } from 'kysely';

/**
 * Creates `taxii_collections`.
 * ```ts
 * await taxiiCollections.up(db);
 * ```
 */
export const taxiiCollections: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('taxii_collections')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('type_id', 'integer')
      .addColumn('status_id', 'integer')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('taxii_collections_org_idx').on('taxii_collections').columns(['org_id']).execute();
    // Collections page through indicators by updated_at (TAXII's date_added), then id.
    await db.schema.createIndex('indicators_org_updated_idx').on('indicators').columns(['org_id', 'updated_at', 'id']).execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropIndex('indicators_org_updated_idx').execute();
    await db.schema.dropTable('taxii_collections').execute();
  },
};
