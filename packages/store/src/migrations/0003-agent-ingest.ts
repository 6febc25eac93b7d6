/**
 * What the agent protocol needs: organization deploy keys (agents register with them), per-agent Hawk
 * secrets, the ids of accepted event batches (so a retried batch is stored once) and the events.
 * @module
 */
import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Creates `deploy_keys`, `agent_secrets`, `event_batches` and `events`.
 *
 * ```ts
 * await agentIngest.up(db);
 * ```
 */
export const agentIngest: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('deploy_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
      .addColumn('prefix', 'text', (c) => c.notNull())
      .addColumn('key_ciphertext', 'text', (c) => c.notNull())
      // sha256 hex of the key: registration finds the organization by it without decrypting every key,
      // and an index lookup on a digest leaks nothing about the key through timing.
      .addColumn('key_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('revoked_at', 'bigint')
      .execute();
    await db.schema.createIndex('deploy_keys_hash_unique').unique().on('deploy_keys').column('key_hash').execute();
    // At most one active deploy key per organization.
    await db.schema
      .createIndex('deploy_keys_active_unique')
      .unique()
      .on('deploy_keys')
      .column('org_id')
      .where(sql.ref('revoked_at'), 'is', null)
      .execute();

    await db.schema
      .createTable('agent_secrets')
      .addColumn('agent_id', 'text', (c) => c.primaryKey().references('agents.id').onDelete('cascade'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('secret_ciphertext', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();

    // No foreign keys from batches and events: like alerts they are history, and a per-row FK check would
    // cost on the hottest insert path.
    await db.schema
      .createTable('event_batches')
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('agent_id', 'text', (c) => c.notNull())
      .addColumn('batch_id', 'text', (c) => c.notNull())
      .addColumn('event_count', 'integer', (c) => c.notNull())
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('event_batches_pk', ['agent_id', 'batch_id'])
      .execute();

    await db.schema
      .createTable('events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('agent_id', 'text', (c) => c.notNull())
      .addColumn('event_type', 'text', (c) => c.notNull())
      .addColumn('timestamp', 'bigint', (c) => c.notNull())
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('events_agent_time_idx')
      .on('events')
      .columns(['org_id', 'agent_id', 'timestamp'])
      .execute();
    // Detection and retention walk events in arrival order.
    await db.schema.createIndex('events_received_idx').on('events').column('received_at').execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    for (const table of ['events', 'event_batches', 'agent_secrets', 'deploy_keys']) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};
