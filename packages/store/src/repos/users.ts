/**
 * Users. Emails are unique case-insensitively through the `email_norm` column.
 * @module
 */
import type { Kysely, Selectable } from 'kysely';
import { StoreValidationError } from '../errors.js';
import { guard } from '../internal/db-errors.js';
import { epochMs } from '../internal/epoch-ms.js';
import { idOrNew } from '../internal/ids.js';
import type { Database, UsersTable } from '../schema.js';
import type { User, UsersRepo } from './users-types.js';

/** The user columns every user-returning query selects (qualified so joins can reuse them). */
export const USER_COLUMNS = [
  'users.id',
  'users.email',
  'users.display_name',
  'users.enabled',
  'users.sso_enabled',
  'users.mfa_enabled',
  'users.created_at',
  'users.last_authenticated_at',
] as const;

type UserRow = Omit<Selectable<UsersTable>, 'email_norm'>;

/**
 * Maps a users row (or a join row containing the user columns) to a `User`.
 *
 * ```ts
 * const user = toUser(await db.selectFrom('users').select(USER_COLUMNS).executeTakeFirstOrThrow());
 * ```
 */
export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    enabled: row.enabled === 1,
    ssoEnabled: row.sso_enabled === 1,
    mfaEnabled: row.mfa_enabled === 1,
    createdAt: row.created_at,
    lastAuthenticatedAt: row.last_authenticated_at,
  };
}

/**
 * The comparison form of an email: trimmed and lowercased.
 *
 * ```ts
 * normalizeEmail(' Ann@Example.COM '); // 'ann@example.com'
 * ```
 */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Creates the users repository.
 *
 * ```ts
 * const users = createUsersRepo(db);
 * await users.create({ email: 'ann@example.com', displayName: 'Ann' });
 * ```
 */
export function createUsersRepo(db: Kysely<Database>): UsersRepo {
  return {
    async create(input) {
      const id = idOrNew(input.id, 'user');
      if (typeof input.email !== 'string' || normalizeEmail(input.email) === '' || input.email.length > 320) {
        throw new StoreValidationError('user email must be a non-empty string of at most 320 characters');
      }
      if (typeof input.displayName !== 'string') throw new StoreValidationError('user displayName must be a string');
      const email = input.email.trim();
      const row = {
        id,
        email,
        email_norm: normalizeEmail(email),
        display_name: input.displayName,
        enabled: 1,
        sso_enabled: 0,
        mfa_enabled: 0,
        created_at: Date.now(),
        last_authenticated_at: null,
      };
      await guard('user', () => db.insertInto('users').values(row).execute());
      return toUser(row);
    },

    async get(id) {
      const row = await db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst();
      return row && toUser(row);
    },

    async getByEmail(email) {
      const row = await db
        .selectFrom('users')
        .select(USER_COLUMNS)
        .where('email_norm', '=', normalizeEmail(email))
        .executeTakeFirst();
      return row && toUser(row);
    },

    async list() {
      const rows = await db.selectFrom('users').select(USER_COLUMNS).orderBy('email_norm').orderBy('id').execute();
      return rows.map(toUser);
    },

    async touchAuthenticated(id, at) {
      await db.updateTable('users').set({ last_authenticated_at: epochMs(at, 'authentication time') }).where('id', '=', id).execute();
    },
  };
}
