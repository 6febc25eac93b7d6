/**
 * Maps driver errors (better-sqlite3 `code` strings, PostgreSQL SQLSTATEs) to the store's error classes.
 * @module
 */
import { StoreConflictError, StoreNotFoundError, StoreValidationError } from '../errors.js';

const UNIQUE = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY', '23505']);
const FOREIGN_KEY = new Set(['SQLITE_CONSTRAINT_FOREIGNKEY', '23503']);
// 22021/22P05: text PostgreSQL cannot store (e.g. NUL characters), which SQLite would accept.
const CHECK = new Set(['SQLITE_CONSTRAINT_CHECK', 'SQLITE_CONSTRAINT_NOTNULL', '23514', '23502', '22021', '22P05']);

/**
 * Returns the store error for a constraint violation, or `err` unchanged. `what` names the thing being
 * written, for messages like "user already exists".
 *
 * ```ts
 * try { await insert(); } catch (err) { throw translateDbError(err, 'user'); }
 * ```
 */
export function translateDbError(err: unknown, what: string): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return err;
  if (UNIQUE.has(code)) return new StoreConflictError(`${what} already exists`, { cause: err });
  if (FOREIGN_KEY.has(code)) return new StoreNotFoundError(`${what} refers to a row that does not exist`, { cause: err });
  if (CHECK.has(code)) return new StoreValidationError(`invalid ${what}`, { cause: err });
  return err;
}

/**
 * Runs `fn`, translating constraint violations it throws.
 *
 * ```ts
 * return guard('organization', () => db.insertInto('organizations').values(row).execute());
 * ```
 */
export async function guard<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw translateDbError(err, what);
  }
}
