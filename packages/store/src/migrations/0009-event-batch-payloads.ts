/**
 * Stores a batch's events as one JSON document on its `event_batches` row instead of one `events` row each.
 * Ingest then writes one row per batch instead of a thousand rows and three index entries per event, and
 * detection reads a batch back with one lookup. Batches stored before this migration keep their rows in
 * `events` (read as before until retention removes them).
 * @module
 */
import type { Kysely, Migration } from 'kysely';

/**
 * Adds `event_batches.events_json` (null on batches stored before it).
 *
 * ```ts
 * await eventBatchPayloads.up(db);
 * ```
 */
export const eventBatchPayloads: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('event_batches').addColumn('events_json', 'text').execute();
    // countEvents/listEvents by agent, and retention by age, walk batches instead of events now.
    await db.schema.createIndex('event_batches_agent_received_idx').on('event_batches').columns(['org_id', 'agent_id', 'received_at']).execute();
    await db.schema.createIndex('event_batches_received_idx').on('event_batches').column('received_at').execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropIndex('event_batches_received_idx').ifExists().execute();
    await db.schema.dropIndex('event_batches_agent_received_idx').ifExists().execute();
    await db.schema.alterTable('event_batches').dropColumn('events_json').execute();
  },
};
