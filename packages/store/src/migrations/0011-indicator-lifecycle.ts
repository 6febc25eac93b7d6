/**
 * Indicator lifecycle (issue 7, part A): comments on indicators, per-source expiration policies
 * (`intel_sources.expiration_days`, null = never expire) and the organization's whitelist of values and
 * CIDR blocks that must never alert.
 * @module
 */
import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';

/**
 * Creates `indicator_comments`, `indicator_whitelist` and `intel_sources.expiration_days`.
 *
 * ```ts
 * await indicatorLifecycle.up(db);
 * ```
 */
export const indicatorLifecycle: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    const id = (c: any) => (postgres ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement());

    await db.schema.alterTable('intel_sources').addColumn('expiration_days', 'integer').execute();
    // Partial indexes: the expiry pass finds dated and expired indicators without scanning the table, and
    // the many indicators without dates cost bulk loads nothing.
    await db.schema.createIndex('indicators_expires_idx').on('indicators').column('expires_at').where(sql.ref('expires_at'), 'is not', null).execute();
    await db.schema.createIndex('indicators_expired_idx').on('indicators').column('expired_at').where(sql.ref('expired_at'), 'is not', null).execute();

    await db.schema
      .createTable('indicator_comments')
      .addColumn('id', 'integer', id)
      .addColumn('indicator_id', 'integer', (c) => c.notNull().references('indicators.id').onDelete('cascade'))
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('source_id', 'integer', (c) => c.references('intel_sources.id').onDelete('set null'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('indicator_comments_indicator_idx').on('indicator_comments').columns(['indicator_id']).execute();

    await db.schema
      .createTable('indicator_whitelist')
      .addColumn('id', 'integer', id)
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
      // 'value' (an exact normalized value) or 'cidr' (every IP address inside the block)
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('indicator_whitelist_uq', ['org_id', 'kind', 'value'])
      .execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropIndex('indicators_expired_idx').execute();
    await db.schema.dropIndex('indicators_expires_idx').execute();
    await db.schema.dropTable('indicator_whitelist').execute();
    await db.schema.dropTable('indicator_comments').execute();
    await db.schema.alterTable('intel_sources').dropColumn('expiration_days').execute();
  },
};
