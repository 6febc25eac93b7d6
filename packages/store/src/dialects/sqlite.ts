/**
 * SQLite through better-sqlite3 and Kysely's SqliteDialect.
 * @module
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteAdapter, SqliteDialect, type DialectAdapter, type SqliteDatabase, type SqliteStatement } from 'kysely';
import { ARRAY_ROWS_MARKER } from '../internal/array-rows.js';
import { startCheckpointer, type Checkpointer } from './sqlite-checkpointer.js';

/** Prepared statements kept per connection; the store issues a few dozen distinct SQL strings. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Opens (creating parent directories and the file as needed) a better-sqlite3 database configured for a
 * server workload and wraps it in a Kysely dialect. `path` may be `:memory:`. A file gets a WAL checkpoint
 * worker (sqlite-checkpointer.ts) unless `checkpointWorker` is false.
 *
 * ```ts
 * const db = new Kysely<Database>({ dialect: createSqliteDialect('./data/vigil.db') });
 * ```
 */
export function createSqliteDialect(path: string, options: { checkpointWorker?: boolean } = {}): SqliteDialect {
  const file = path !== ':memory:' && path !== '';
  if (file) mkdirSync(dirname(path), { recursive: true });
  const raw = new Database(path);
  try {
    // WAL lets readers proceed during writes; NORMAL is durable in WAL mode except for the last commits
    // on power loss; foreign keys are off by default in SQLite; busy_timeout absorbs other processes' locks.
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.pragma('foreign_keys = ON');
    raw.pragma('busy_timeout = 5000');
    // Temporary files in memory. Above all the statement journal: every multi-row upsert inside a
    // transaction saves the pages it changes there (to undo just that statement), and on disk that was one
    // pwrite per page, a quarter of a bulk indicator load's time. It lives for one statement (a few MB).
    raw.pragma('temp_store = MEMORY');
  } catch (err) {
    raw.close();
    throw err;
  }
  const checkpointer = file && options.checkpointWorker !== false ? startCheckpointer(raw, path) : undefined;
  return new TransactionalDdlSqliteDialect({ database: cachingDatabase(raw, checkpointer) });
}

/**
 * Kysely's SQLite adapter reports no transactional DDL, so its Migrator would run migrations outside a
 * transaction: a failure leaves a half-applied schema, and two processes migrating a fresh file at once
 * both run the DDL. SQLite does support transactional DDL; saying so makes every migration atomic and,
 * with BEGIN IMMEDIATE (see cachingDatabase), serialized across processes.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class TransactionalDdlSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

/**
 * Kysely's SQLite driver calls `prepare` for every query; preparing costs about as much as running a small
 * indexed SELECT, so statements are reused per SQL string (Kysely serializes access to the one connection,
 * so a cached statement is never in use twice at the same time). Statements for SQL marked with
 * ARRAY_ROWS_MARKER are put in raw mode so they return arrays.
 */
function cachingDatabase(raw: Database.Database, checkpointer: Checkpointer | undefined): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    prepare(sql: string): SqliteStatement {
      let stmt = cache.get(sql);
      if (stmt !== undefined) {
        // Least-recently-used eviction: re-inserting moves the hit to the end of the Map's order, so a
        // burst of one-off statements (IN lists of varying length) cannot push out the hot queries.
        cache.delete(sql);
        cache.set(sql, stmt);
      } else {
        // Kysely opens transactions with a plain (deferred) BEGIN. Every store transaction writes, and a
        // deferred one that read first fails with SQLITE_BUSY when another process (a second server
        // worker, the CLI) committed meanwhile; IMMEDIATE takes the write lock up front and waits
        // busy_timeout for it instead. This is also what makes concurrent first-start migrations safe.
        const prepared = raw.prepare(sql === 'begin' ? 'begin immediate' : sql);
        if (sql.startsWith(ARRAY_ROWS_MARKER)) prepared.raw(true);
        stmt = prepared as unknown as SqliteStatement;
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
        cache.set(sql, stmt);
      }
      return stmt;
    },
    close(): void {
      cache.clear();
      checkpointer?.stop();
      raw.close();
    },
  };
}
