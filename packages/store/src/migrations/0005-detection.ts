/**
 * What the detection worker needs to process every stored event batch exactly once: each batch records
 * the id prefix its events share (to find them without a batch column on `events`) and when detection
 * processed it. Marking a batch happens in the same transaction as the alerts it produced.
 * @module
 */
import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Adds `event_batches.event_id_prefix` and `event_batches.detected_at` and the index of pending batches.
 * Batches stored before this migration are marked processed (0): their events predate detection.
 *
 * ```ts
 * await detection.up(db);
 * ```
 */
export const detection: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    // One column per statement: SQLite's ALTER TABLE adds a single column at a time.
    await db.schema.alterTable('event_batches').addColumn('event_id_prefix', 'text').execute();
    await db.schema.alterTable('event_batches').addColumn('detected_at', 'bigint').execute();
    await db.updateTable('event_batches').set({ detected_at: 0 }).execute();
    // Partial: processed batches (nearly all of them) cost the index nothing.
    await db.schema
      .createIndex('event_batches_pending_idx')
      .on('event_batches')
      .columns(['received_at', 'agent_id', 'batch_id'])
      .where(sql.ref('detected_at'), 'is', null)
      .execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropIndex('event_batches_pending_idx').ifExists().execute();
    await db.schema.alterTable('event_batches').dropColumn('detected_at').execute();
    await db.schema.alterTable('event_batches').dropColumn('event_id_prefix').execute();
  },
};
