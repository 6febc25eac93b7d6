/**
 * `oauth_tokens.family_id`: every pair issued by one login and the refreshes that descend from it share a
 * family, so a spent refresh token presented again (it was stolen, or the thief refreshed first) revokes the
 * whole family, the live pair included (OAuth 2.0 Security BCP, refresh token rotation). Rows from before
 * this migration each become a family of their own.
 * @module
 */
import type { Kysely, Migration } from 'kysely';

/**
 * ```ts
 * await oauthTokenFamilies.up(db);
 * ```
 */
export const oauthTokenFamilies: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('oauth_tokens').addColumn('family_id', 'text').execute();
    await db.updateTable('oauth_tokens').set((eb) => ({ family_id: eb.ref('id') })).execute();
    await db.schema.createIndex('oauth_tokens_family_idx').on('oauth_tokens').column('family_id').execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropIndex('oauth_tokens_family_idx').execute();
    await db.schema.alterTable('oauth_tokens').dropColumn('family_id').execute();
  },
};
