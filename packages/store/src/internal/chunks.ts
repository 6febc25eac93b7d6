/**
 * Splitting bulk inserts so no statement exceeds the driver's bind-parameter limit.
 * @module
 */
import type { DialectName } from '../shared-types.js';

/** SQLITE_MAX_VARIABLE_NUMBER (default since 3.32) and PostgreSQL's 16-bit parameter count. */
const MAX_PARAMS: Record<DialectName, number> = { sqlite: 32766, postgres: 65535 };
/** Beyond this many rows a statement only gets longer to compile, not faster to run. */
const MAX_ROWS = 500;

/**
 * Splits `rows` into chunks whose `columns × rows` stays within the dialect's parameter limit.
 *
 * ```ts
 * for (const part of chunks(rows, 16, 'sqlite')) await trx.insertInto('alerts').values(part).execute();
 * ```
 */
export function chunks<T>(rows: readonly T[], columns: number, dialect: DialectName): T[][] {
  const size = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMS[dialect] / columns)));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
