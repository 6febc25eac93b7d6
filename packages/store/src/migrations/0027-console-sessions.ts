/**
 * Console sessions (issue 20): one row per signed-in browser. Only a SHA-256 digest of the cookie value is
 * kept, so a copy of the database opens no session; the row names the organization the console is working
 * in (the organization switcher changes it) and the times that bound its life.
 * @module
 */
import type { Kysely, Migration } from 'kysely';

/**
 * Creates `console_sessions`.
 *
 * ```ts
 * await consoleSessions.up(db);
 * ```
 */
export const consoleSessions: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('console_sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('token_digest', 'text', (c) => c.notNull().unique())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      // The last request seen (updated at most once a minute): idle expiry counts from here.
      .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
      // The absolute end, fixed at sign-in whatever the activity.
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('console_sessions_user_idx').on('console_sessions').column('user_id').execute();
    await db.schema.createIndex('console_sessions_expires_idx').on('console_sessions').column('expires_at').execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('console_sessions').execute();
  },
};
