/**
 * User passwords for the console and the ThreatQ-compatible password grant. Hashes are scrypt strings
 * `scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>` (parameters stored per hash, so they can be raised later without
 * invalidating old ones); verification compares in constant time and costs one scrypt even for unknown
 * emails, so neither answers nor timings tell which accounts exist.
 * @module
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Kysely } from 'kysely';
import { StoreNotFoundError, StoreValidationError } from '../errors.js';
import type { Database, UserPasswordsTable } from '../schema.js';
import type { PasswordsRepo } from './passwords-types.js';
import { normalizeEmail, toUser, USER_COLUMNS } from './users.js';

const PARAMS = { N: 16384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
/** bytes, not characters: the bound keeps one login from costing unbounded hashing input */
const MAX_PASSWORD_BYTES = 1024;
const MIN_PASSWORD_LENGTH = 8;

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/**
 * Hashes a password with a fresh 16-byte salt.
 * ```ts
 * const stored = await hashPassword('correct horse battery staple'); // 'scrypt$16384$8$1$…$…'
 * ```
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/**
 * Checks a password against a stored hash string; false for malformed hashes.
 * ```ts
 * await verifyPassword('correct horse battery staple', stored); // true
 * ```
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 1 << 20) return false;
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  const actual = await derive(password, salt, { N, r, p });
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Hashed once per process; verified against when the email is unknown so both paths cost the same. */
let dummyHash: Promise<string> | undefined;

function checkPassword(password: unknown): asserts password is string {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH) {
    throw new StoreValidationError(`password must be a string of at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (Buffer.byteLength(password) > MAX_PASSWORD_BYTES) {
    throw new StoreValidationError(`password must be at most ${MAX_PASSWORD_BYTES} bytes`);
  }
}

/**
 * Creates the passwords repository.
 * ```ts
 * const passwords = createPasswordsRepo(db);
 * await passwords.set(userId, secretFromStdin);
 * const user = await passwords.verify('ann@example.com', attempt);
 * ```
 * `onSessionsRevoked` runs after a password change has revoked the user's tokens (the store clears its
 * access-token cache there).
 */
export function createPasswordsRepo(database: Kysely<Database>, onSessionsRevoked: () => void = () => {}): PasswordsRepo {
  const db = database as unknown as Kysely<Omit<Database, 'users'> & { users: UserPasswordsTable }>;
  return {
    async set(userId, password) {
      checkPassword(password);
      const hash = await hashPassword(password);
      await db.transaction().execute(async (trx) => {
        const result = await trx.updateTable('users').set({ password_hash: hash }).where('id', '=', userId).executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) throw new StoreNotFoundError(`user ${userId} not found`);
        // A changed password ends every session signed in with the old one.
        await trx
          .updateTable('oauth_tokens')
          .set({ revoked_at: Date.now() })
          .where('user_id', '=', userId)
          .where('revoked_at', 'is', null)
          .execute();
        await trx.deleteFrom('console_sessions').where('user_id', '=', userId).execute();
      });
      onSessionsRevoked();
    },

    async verify(email, password) {
      if (typeof email !== 'string' || typeof password !== 'string') return undefined;
      const tooLong = Buffer.byteLength(password) > MAX_PASSWORD_BYTES || email.length > 320;
      const row = tooLong
        ? undefined
        : await db
            .selectFrom('users')
            .select([...USER_COLUMNS, 'users.password_hash'])
            .where('email_norm', '=', normalizeEmail(email))
            .executeTakeFirst();
      const stored = row?.password_hash ?? (await (dummyHash ??= hashPassword(randomBytes(16).toString('hex'))));
      const ok = await verifyPassword(tooLong ? '' : password, stored);
      if (!ok || !row?.password_hash || row.enabled !== 1) return undefined;
      return toUser(row);
    },

    async has(userId) {
      const row = await db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst();
      return typeof row?.password_hash === 'string';
    },
  };
}
