/**
 * Webhook delivery log additions: test sends are logged as deliveries marked `is_test` (never queued,
 * never retried), and the log pages newest first on (created_at, id).
 * @module
 */
import type { Kysely, Migration } from 'kysely';

/**
 * Adds `webhook_deliveries.is_test` and the paging index.
 *
 * ```ts
 * await webhookTestDeliveries.up(db);
 * ```
 */
export const webhookTestDeliveries: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .alterTable('webhook_deliveries')
      .addColumn('is_test', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    // The delivery log's keyset order; replaces the (endpoint_id, created_at) index it extends.
    await db.schema
      .createIndex('webhook_deliveries_log_idx')
      .on('webhook_deliveries')
      .columns(['endpoint_id', 'created_at', 'id'])
      .execute();
    await db.schema.dropIndex('webhook_deliveries_endpoint_idx').execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema
      .createIndex('webhook_deliveries_endpoint_idx')
      .on('webhook_deliveries')
      .columns(['endpoint_id', 'created_at'])
      .execute();
    await db.schema.dropIndex('webhook_deliveries_log_idx').execute();
    await db.schema.alterTable('webhook_deliveries').dropColumn('is_test').execute();
  },
};
