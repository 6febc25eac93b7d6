/**
 * Positional (array) result rows for the hot list queries.
 *
 * better-sqlite3 spends most of a 100-row page building row objects (it re-creates every property key for
 * every cell); in raw mode the same page costs about half. The dialect wrappers return arrays instead
 * of objects for any SQL that starts with {@link ARRAY_ROWS_MARKER}, a comment both databases ignore.
 * @module
 */
import { CompiledQuery, type Compilable, type Kysely } from 'kysely';

/** SQL prefix that asks the dialect wrappers for array rows. */
export const ARRAY_ROWS_MARKER = '/* vigil:array-rows */ ';

/**
 * Runs a Kysely-built SELECT through Kysely's executor (so it shares the connection/transaction handling)
 * and returns each row as an array of the selected columns, in select order.
 *
 * ```ts
 * const rows = await selectArrays(db, db.selectFrom('alerts').select(['id', 'title']).limit(101));
 * const [id, title] = rows[0]!;
 * ```
 */
export async function selectArrays(db: Kysely<any>, query: Compilable<unknown>): Promise<unknown[][]> {
  const compiled = query.compile();
  const result = await db.executeQuery<unknown[]>(
    CompiledQuery.raw(ARRAY_ROWS_MARKER + compiled.sql, [...compiled.parameters]),
  );
  return result.rows;
}
