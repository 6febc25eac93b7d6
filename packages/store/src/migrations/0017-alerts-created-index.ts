/**
 * An index on `alerts(created_at)` alone: the retention pass deletes old alerts across every organization
 * (`created_at < cut-off`), which no per-organization index serves, so each chunk scanned the whole table.
 * @module
 */
import type { Kysely, Migration } from 'kysely';

/**
 * ```ts
 * await alertsCreatedIndex.up(db);
 * ```
 */
export const alertsCreatedIndex: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema.createIndex('alerts_created_idx').on('alerts').column('created_at').execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropIndex('alerts_created_idx').execute();
  },
};
