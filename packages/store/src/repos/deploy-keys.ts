/**
 * Organization deploy keys: the shared secret an agent presents once, to register. Stored encrypted (as API
 * keys are, so an owner-facing page can show it again) and as a sha256 digest (so registration finds the
 * organization in one indexed lookup). The plaintext leaves the store only from `issue`.
 * @module
 */
import { hash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { SecretBox } from '../crypto/secret-box.js';
import { StoreNotFoundError, StoreValidationError } from '../errors.js';
import { guard } from '../internal/db-errors.js';
import type { Database, DeployKeysTable } from '../schema.js';
import type { DeployKeyInfo, DeployKeysRepo } from './deploy-keys-types.js';
import type { DialectName } from '../shared-types.js';

/** Recognisable in logs and by secret scanners, like `ghp_` or `xoxb-`. */
const KEY_PREFIX = 'vdk_';
const MIN_KEY_LENGTH = 32;
const MAX_KEY_LENGTH = 1024;
const PREFIX_LENGTH = 8;

const INFO_COLUMNS = ['id', 'org_id', 'prefix', 'created_at', 'revoked_at'] as const;

function toInfo(row: Omit<Selectable<DeployKeysTable>, 'key_ciphertext' | 'key_hash'>): DeployKeyInfo {
  return { id: row.id, orgId: row.org_id, prefix: row.prefix, createdAt: row.created_at, revokedAt: row.revoked_at };
}

/**
 * sha256 hex of a deploy key, the value it is looked up by.
 *
 * ```ts
 * deployKeyHash('vdk_…'); // '9f86d0…' (64 hex digits)
 * ```
 */
export function deployKeyHash(key: string): string {
  return hash('sha256', key, 'hex');
}

/**
 * Creates the deploy keys repository; `box` encrypts keys at rest.
 *
 * ```ts
 * const deployKeys = createDeployKeysRepo(db, 'sqlite', createSecretBox(secret));
 * const { key } = await deployKeys.issue(orgId);
 * await deployKeys.findOrg(key); // orgId
 * ```
 */
export function createDeployKeysRepo(db: Kysely<Database>, dialect: DialectName, box: SecretBox): DeployKeysRepo {
  return {
    async issue(orgId, given) {
      if (given !== undefined) {
        if (typeof given !== 'string' || given.length < MIN_KEY_LENGTH || given.length > MAX_KEY_LENGTH) {
          throw new StoreValidationError(`deploy key must be ${MIN_KEY_LENGTH}-${MAX_KEY_LENGTH} characters`);
        }
      }
      const key = given ?? KEY_PREFIX + randomBytes(32).toString('base64url');
      const now = Date.now();
      const row: Selectable<DeployKeysTable> = {
        id: randomUUID(),
        org_id: orgId,
        prefix: key.slice(0, PREFIX_LENGTH),
        key_ciphertext: box.seal(key),
        key_hash: deployKeyHash(key),
        created_at: now,
        revoked_at: null,
      };
      await guard('deploy key', () =>
        db.transaction().execute(async (trx) => {
          // The organization row lock serializes concurrent rotations on PostgreSQL (the second revokes the
          // first's key instead of tripping the one-active-key index); SQLite has a single writer anyway.
          let exists = trx.selectFrom('organizations').select('id').where('id', '=', orgId);
          if (dialect === 'postgres') exists = exists.forUpdate();
          if ((await exists.executeTakeFirst()) === undefined) throw new StoreNotFoundError('organization not found');
          await trx
            .updateTable('deploy_keys')
            .set({ revoked_at: now })
            .where('org_id', '=', orgId)
            .where('revoked_at', 'is', null)
            .execute();
          await trx.insertInto('deploy_keys').values(row).execute();
        }),
      );
      return { key, info: toInfo(row) };
    },

    async findOrg(key) {
      if (typeof key !== 'string' || key.length < MIN_KEY_LENGTH || key.length > MAX_KEY_LENGTH) return undefined;
      const row = await db
        .selectFrom('deploy_keys')
        .select('org_id')
        .where('key_hash', '=', deployKeyHash(key))
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return row?.org_id;
    },

    async list(orgId) {
      const rows = await db
        .selectFrom('deploy_keys')
        .select(INFO_COLUMNS)
        .where('org_id', '=', orgId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      return rows.map(toInfo);
    },

    async revoke(orgId) {
      const result = await db
        .updateTable('deploy_keys')
        .set({ revoked_at: Date.now() })
        .where('org_id', '=', orgId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}
