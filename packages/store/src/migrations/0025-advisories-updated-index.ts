/**
 * Indexes advisories by when they were last written: the vulnerability matcher of every process polls for
 * the advisories written since its last look (`advisories.changedSince`), which without the index would
 * read every stored record.
 * @module
 */
import type { Kysely, Migration } from 'kysely';

/**
 * ```ts
 * await advisoriesUpdatedIndex.up(db);
 * ```
 */
export const advisoriesUpdatedIndex: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema.createIndex('advisories_updated_idx').on('advisories').columns(['updated_at']).execute();
  },
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropIndex('advisories_updated_idx').ifExists().execute();
  },
};
