/**
 * REST v1 authenticates with the API key alone (`Authorization: <key>`), so a key must be found without
 * knowing its user. Keys are encrypted with a random IV, so equal keys never have equal ciphertexts; this
 * adds a keyed digest (HMAC-SHA256 under a key derived from the server secret) with a unique index.
 * @module
 */
import type { Kysely, Migration } from 'kysely';

/**
 * Adds `api_keys.key_digest` and its unique index. The migration does not know the server secret, so
 * existing rows stay NULL here; the API keys repository fills them in when the store opens.
 *
 * ```ts
 * await apiKeyDigest.up(db);
 * ```
 */
export const apiKeyDigest: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    // Nullable: SQLite cannot add a NOT NULL column without a default, and NULLs never collide in a
    // unique index on either database.
    await db.schema.alterTable('api_keys').addColumn('key_digest', 'text').execute();
    await db.schema.createIndex('api_keys_key_digest_idx').on('api_keys').column('key_digest').unique().execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropIndex('api_keys_key_digest_idx').execute();
    await db.schema.alterTable('api_keys').dropColumn('key_digest').execute();
  },
};
