/**
 * Test databases that killed runs left behind (a test's `drop()` never ran): each test process, when it
 * first creates a test database, drops those older than {@link ORPHAN_AGE_HOURS}. A database somebody is
 * connected to is never dropped, and nothing is forced, so a run going on beside this one keeps its own:
 * no test file runs for hours (run-tests.mjs gives one at most 10 minutes).
 * @module
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';

/** Older than this, an unused test database is a killed run's. */
export const ORPHAN_AGE_HOURS = 6;

/** Name prefixes of what createTestDatabase and the template builder make (LIKE patterns and directory names). */
const POSTGRES_PATTERNS = ['vigil\\_test\\_%', 'vigil\\_tpl\\_build\\_%'];
export const SQLITE_DIR_PREFIX = 'vigil-store-test-';

/** What to sweep; tests narrow it to names of their own, so they never touch another run's databases. */
export interface OrphanSweep {
  /** default {@link ORPHAN_AGE_HOURS} */
  olderThanMs?: number;
  /** LIKE patterns of PostgreSQL database names (default: the test and template-build names) */
  postgresPatterns?: string[];
  /** prefix of SQLite test directories in the temp folder (default {@link SQLITE_DIR_PREFIX}) */
  sqliteDirPrefix?: string;
}

const ageLimit = (sweep: OrphanSweep) => sweep.olderThanMs ?? ORPHAN_AGE_HOURS * 3_600_000;

/**
 * Drops the PostgreSQL test databases, on the server `admin` is connected to, that are older than the age
 * limit (their creation time is that of the PG_VERSION file the server writes into a new database's
 * folder) and that nobody is connected to. Returns the names dropped. Reading the server's files needs a
 * superuser or pg_read_server_files; without them nothing is swept.
 */
export async function dropOrphanedPostgresDatabases(admin: pg.Client, sweep: OrphanSweep = {}): Promise<string[]> {
  let rows: Array<{ datname: string }>;
  try {
    ({ rows } = await admin.query<{ datname: string }>(
      `SELECT d.datname FROM pg_database d
        WHERE d.datname LIKE ANY ($1::text[]) AND NOT d.datistemplate
          AND (pg_stat_file('base/' || d.oid || '/PG_VERSION', true)).modification < now() - make_interval(secs => $2)
          AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datid = d.oid)`,
      [sweep.postgresPatterns ?? POSTGRES_PATTERNS, ageLimit(sweep) / 1000],
    ));
  } catch {
    return [];
  }
  const dropped: string[] = [];
  for (const { datname } of rows) {
    try {
      // No FORCE: if a test connected since the query, the drop fails and the database stays theirs.
      await admin.query(`DROP DATABASE IF EXISTS "${datname.replaceAll('"', '""')}"`);
      dropped.push(datname);
    } catch {
      // in use again, or another process dropped it first
    }
  }
  return dropped;
}

/** Removes SQLite test directories in the temp folder last changed before the age limit; returns their paths. */
export async function removeOrphanedSqliteDirectories(sweep: OrphanSweep = {}): Promise<string[]> {
  const prefix = sweep.sqliteDirPrefix ?? SQLITE_DIR_PREFIX;
  const cutoff = Date.now() - ageLimit(sweep);
  const removed: string[] = [];
  for (const name of await readdir(tmpdir()).catch(() => [])) {
    if (!name.startsWith(prefix)) continue;
    const path = join(tmpdir(), name);
    try {
      if ((await stat(path)).mtimeMs >= cutoff) continue;
      await rm(path, { recursive: true, force: true });
      removed.push(path);
    } catch {
      // gone already
    }
  }
  return removed;
}
