/**
 * The path hot reads take. Kysely's executor costs more than the indexed SELECT it runs (a connection
 * mutex and several promise hops per query), so on SQLite the per-request reads (credentials, single
 * objects, list pages) run on a second, query-only connection with cached statements. WAL gives that
 * connection a consistent committed snapshot per statement, and it never waits behind a write
 * transaction that is open on the main connection. PostgreSQL reads go through Kysely's pool as usual.
 * @module
 */
import Database from 'better-sqlite3';
import { CompiledQuery, type Kysely } from 'kysely';
import { ARRAY_ROWS_MARKER } from './array-rows.js';

export interface ReadPath {
  /** Runs one read-only SELECT; with `arrays` each row is an array of the selected columns in order. */
  select(sql: string, parameters: readonly unknown[], arrays: boolean): Promise<unknown[]>;
  close(): void;
}

const STATEMENT_CACHE_SIZE = 500;
/** page cache of the read connection (KiB); counts toward RSS only as it fills */
const READ_CACHE_KIB = 32 * 1024;

/**
 * Reads through Kysely (PostgreSQL, and SQLite in memory, which a second connection cannot share).
 * ```ts
 * const read = kyselyReadPath(db);
 * ```
 */
export function kyselyReadPath(db: Kysely<any>): ReadPath {
  return {
    async select(sql, parameters, arrays) {
      const result = await db.executeQuery(CompiledQuery.raw(arrays ? ARRAY_ROWS_MARKER + sql : sql, [...parameters]));
      return result.rows as unknown[];
    },
    close() {},
  };
}

/**
 * Reads through a query-only better-sqlite3 connection to the same file.
 * ```ts
 * const read = sqliteReadPath('./data/vigil.db');
 * ```
 */
export function sqliteReadPath(path: string): ReadPath {
  const conn = new Database(path, { fileMustExist: true });
  conn.pragma('busy_timeout = 5000');
  conn.pragma('query_only = 1');
  // SQLite's default page cache is 2 MiB; the indexes hot reads walk (indicator values at a million
  // indicators, alerts by time) are tens of MiB, and every page missed costs a read from the OS cache.
  conn.pragma(`cache_size = -${READ_CACHE_KIB}`);
  const statements = new Map<string, Database.Statement>();
  return {
    select(sql, parameters, arrays) {
      const key = (arrays ? 'a:' : 'o:') + sql;
      let stmt = statements.get(key);
      if (stmt === undefined) {
        stmt = conn.prepare(sql);
        if (arrays) stmt.raw(true);
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
        statements.set(key, stmt);
      }
      try {
        return Promise.resolve(stmt.all(...parameters) as unknown[]);
      } catch (err) {
        return Promise.reject(err);
      }
    },
    close() {
      statements.clear();
      conn.close();
    },
  };
}
