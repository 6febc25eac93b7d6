/**
 * API keys, stored encrypted. The plaintext leaves the store only from `issue` (once, to hand to the
 * user) and `credentials` (to verify Hawk MACs); it is never logged or put into error messages. Active
 * keys also carry a keyed digest so REST v1, which sends the bare key, can find them (`findByKey`).
 * @module
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { SecretBox } from '../crypto/secret-box.js';
import { StoreNotFoundError, StoreValidationError } from '../errors.js';
import { cachedOpener } from '../crypto/cached-opener.js';
import { guard } from '../internal/db-errors.js';
import type { QueryTemplates } from '../internal/query-templates.js';
import type { CredentialsCache } from '../internal/credentials-cache.js';
import type { ApiKeysTable, Database } from '../schema.js';
import type { ApiKeyInfo, ApiKeysRepo } from './api-keys-types.js';
import type { DialectName } from '../shared-types.js';
import type { Role } from '../vocabulary.js';
import { USER_COLUMNS, toUser } from './users.js';

const MIN_KEY_LENGTH = 32;
const MAX_KEY_LENGTH = 1024;
const PREFIX_LENGTH = 4;
/** Decrypted keys kept in memory; one per recently active user is plenty. */
const DECRYPTED_CACHE_SIZE = 1024;

type CredentialsRow = Parameters<typeof toUser>[0] & { key_ciphertext: string; role: string | null };

const INFO_COLUMNS = ['id', 'user_id', 'prefix', 'created_at', 'revoked_at'] as const;

function toInfo(row: Omit<Selectable<ApiKeysTable>, 'key_ciphertext' | 'key_digest'>): ApiKeyInfo {
  return {
    id: row.id,
    userId: row.user_id,
    prefix: row.prefix,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

/**
 * Creates the API keys repository; `box` encrypts keys at rest.
 *
 * ```ts
 * const apiKeys = createApiKeysRepo(db, 'sqlite', createSecretBox(secret));
 * const { key } = await apiKeys.issue(user.id);
 * ```
 */
export function createApiKeysRepo(
  db: Kysely<Database>,
  dialect: DialectName,
  box: SecretBox,
  templates: QueryTemplates,
  cache: CredentialsCache,
  digestOf: (key: string) => string,
  /** the `findByKey` cache, keyed by (digest, orgId); cleared with `cache` */
  byKeyCache: CredentialsCache,
): ApiKeysRepo {
  const open = cachedOpener(box, 'API key', DECRYPTED_CACHE_SIZE);

  return {
    async issue(userId, given) {
      if (given !== undefined) {
        if (typeof given !== 'string' || given.length < MIN_KEY_LENGTH || given.length > MAX_KEY_LENGTH) {
          throw new StoreValidationError(`API key must be ${MIN_KEY_LENGTH}-${MAX_KEY_LENGTH} characters`);
        }
      }
      const key = given ?? randomBytes(32).toString('base64url');
      const now = Date.now();
      const row = {
        id: randomUUID(),
        user_id: userId,
        prefix: key.slice(0, PREFIX_LENGTH),
        key_ciphertext: box.seal(key),
        created_at: now,
        revoked_at: null,
        key_digest: digestOf(key),
      };
      await guard('API key', () =>
        db.transaction().execute(async (trx) => {
          // On PostgreSQL the row lock serializes concurrent issues for one user, so the second waits and
          // revokes the first's key instead of tripping the one-active-key index. SQLite has a single
          // writer (and no FOR UPDATE) anyway.
          let exists = trx.selectFrom('users').select('id').where('id', '=', userId);
          if (dialect === 'postgres') exists = exists.forUpdate();
          if ((await exists.executeTakeFirst()) === undefined) throw new StoreNotFoundError('user not found');
          await trx
            .updateTable('api_keys')
            // The digest goes with the revocation: a revoked key can then never be found by value, and
            // the same key may be issued again without tripping the unique index.
            .set({ revoked_at: now, key_digest: null })
            .where('user_id', '=', userId)
            .where('revoked_at', 'is', null)
            .execute();
          await trx.insertInto('api_keys').values(row).execute();
        }),
      );
      cache.clear();
      byKeyCache.clear();
      return { key, info: toInfo(row) };
    },

    async list(userId) {
      let q = db.selectFrom('api_keys').select(INFO_COLUMNS);
      if (userId !== undefined) q = q.where('user_id', '=', userId);
      const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
      return rows.map(toInfo);
    },

    async credentials(userId, orgId) {
      // Both come straight from a client's Hawk header. No stored id contains NUL, and PostgreSQL would
      // reject the parameter with an error instead of simply finding nothing.
      if (userId.includes('\0') || orgId.includes('\0')) return undefined;
      const cached = cache.get(userId, orgId);
      if (cached !== undefined) return cached;
      const generation = cache.generation();
      const [row] = await templates.objects<CredentialsRow>('apiKeys.credentials', [userId, orgId], (v) =>
        db
          .selectFrom('users')
          .innerJoin('api_keys', (join) =>
            join.onRef('api_keys.user_id', '=', 'users.id').on('api_keys.revoked_at', 'is', null),
          )
          .leftJoin('memberships', (join) =>
            join.onRef('memberships.user_id', '=', 'users.id').on('memberships.org_id', '=', v[1]),
          )
          .select([...USER_COLUMNS, 'api_keys.key_ciphertext', 'memberships.role'])
          .where('users.id', '=', v[0]),
      );
      if (row === undefined) return undefined;
      const found = { user: toUser(row), key: open(row.key_ciphertext), role: (row.role ?? null) as Role | null };
      cache.set(userId, orgId, found, generation);
      return found;
    },

    async findByKey(key, orgId) {
      if (typeof key !== 'string' || key.length < MIN_KEY_LENGTH || key.length > MAX_KEY_LENGTH) return undefined;
      if (orgId.includes('\0')) return undefined;
      const digest = digestOf(key);
      const cached = byKeyCache.get(digest, orgId);
      if (cached !== undefined) return cached;
      const generation = byKeyCache.generation();
      const row = await db
        .selectFrom('api_keys')
        .innerJoin('users', 'users.id', 'api_keys.user_id')
        .leftJoin('memberships', (join) =>
          join.onRef('memberships.user_id', '=', 'users.id').on('memberships.org_id', '=', orgId),
        )
        .select([...USER_COLUMNS, 'api_keys.key_ciphertext', 'memberships.role'])
        .where('api_keys.key_digest', '=', digest)
        .where('api_keys.revoked_at', 'is', null)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      // The digest found the row; the stored key itself must still equal what was sent (constant time).
      const stored = Buffer.from(open(row.key_ciphertext), 'utf8');
      const given = Buffer.from(key, 'utf8');
      if (stored.length !== given.length || !timingSafeEqual(stored, given)) return undefined;
      const found = { user: toUser(row), key, role: (row.role ?? null) as Role | null };
      byKeyCache.set(digest, orgId, found, generation);
      return found;
    },

    async backfillDigests() {
      const rows = await db
        .selectFrom('api_keys')
        .select(['id', 'key_ciphertext'])
        .where('key_digest', 'is', null)
        .where('revoked_at', 'is', null)
        .execute();
      let filled = 0;
      for (const row of rows) {
        let key: string;
        try {
          key = box.open(row.key_ciphertext);
        } catch {
          continue; // sealed under another secret: unusable for Hawk too, so nothing to find by value
        }
        const res = await db
          .updateTable('api_keys')
          .set({ key_digest: digestOf(key) })
          .where('id', '=', row.id)
          .where('key_digest', 'is', null)
          .executeTakeFirst();
        filled += Number(res.numUpdatedRows);
      }
      if (filled > 0) byKeyCache.clear();
      return filled;
    },

    async sealedWithThisSecret() {
      // A few of the newest: one key sealed under an old secret (restored from a backup) is not proof.
      const rows = await db
        .selectFrom('api_keys')
        .select('key_ciphertext')
        .where('revoked_at', 'is', null)
        .orderBy('created_at', 'desc')
        .limit(5)
        .execute();
      return (
        rows.length === 0 ||
        rows.some((row) => {
          try {
            box.open(row.key_ciphertext);
            return true;
          } catch {
            return false;
          }
        })
      );
    },
  };
}
