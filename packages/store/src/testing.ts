/**
 * Throw-away databases for tests of the store and of packages built on it (`@vigil/store/testing`).
 * PostgreSQL is never skipped: when it is unreachable, creating the database fails and so does the test.
 * @module
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore } from './open-store.js';
import { dropOrphanedPostgresDatabases, removeOrphanedSqliteDirectories, SQLITE_DIR_PREFIX } from './testing-orphans.js';
import { cloneSqliteTemplate, postgresTemplateName } from './testing-templates.js';
import type { DialectName } from './shared-types.js';
import type { Store } from './store-types.js';

/** Every dialect the store supports; loop over it so each storage test runs on both. */
export const DIALECTS = ['sqlite', 'postgres'] as const satisfies readonly DialectName[];

/** A secret for test stores (any string works; this one is long enough to look realistic). */
export const TEST_SECRET = 'vigil-test-secret-0123456789abcdef0123456789abcdef';

/** A database created for one test (suite) and how to get rid of it. */
export interface TestDatabase {
  /** store URL to pass to `openStore` */
  url: string;
  /** removes the database (SQLite: its directory; PostgreSQL: terminates connections, drops it) */
  drop(): Promise<void>;
}

function adminUrl(): string {
  return process.env.VIGIL_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Swept once per process, before its first test database of each dialect (see testing-orphans.ts). */
let sqliteSwept: Promise<unknown> | undefined;
let postgresSwept = false;

/** How `createTestDatabase` starts the database. */
export interface TestDatabaseOptions {
  /**
   * start from an empty database instead of a copy of the migrated template (for tests of the migrations
   * and of what happens on a first start); default false
   */
  empty?: boolean;
}

/**
 * Creates a database with every migration applied (a copy of a migrated template, made once per migration
 * set; see testing-templates.ts), or an empty one with `{ empty: true }`: a SQLite file in a new temp
 * directory, or a new PostgreSQL database `vigil_test_<pid>_<random>` on the server at `VIGIL_TEST_PG_URL`
 * (default `postgres://postgres@127.0.0.1:5432/postgres`). `openStore` on it finds nothing to migrate. The
 * first call of a process also removes test databases that killed runs left behind (testing-orphans.ts).
 *
 * ```ts
 * const db = await createTestDatabase('postgres');
 * const store = await openStore({ url: db.url, secret: TEST_SECRET });
 * // …
 * await store.close();
 * await db.drop();
 * ```
 */
export async function createTestDatabase(dialect: DialectName, options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    await (sqliteSwept ??= removeOrphanedSqliteDirectories());
    const dir = await mkdtemp(join(tmpdir(), SQLITE_DIR_PREFIX));
    const file = join(dir, 'vigil.db');
    if (!options.empty) await cloneSqliteTemplate(file);
    return {
      url: `sqlite:${file}`,
      drop: () => rm(dir, { recursive: true, force: true }),
    };
  }
  if (dialect !== 'postgres') throw new Error(`unknown dialect ${String(dialect)}`);

  const name = `vigil_test_${process.pid}_${randomBytes(6).toString('hex')}`;
  await withAdmin(async (c) => {
    if (!postgresSwept) {
      postgresSwept = true;
      await dropOrphanedPostgresDatabases(c);
    }
    const template = options.empty ? undefined : await postgresTemplateName(c, databaseUrl);
    await c.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  });
  let dropped = false;
  return {
    url: databaseUrl(name),
    async drop() {
      if (dropped) return;
      dropped = true;
      await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

function databaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Creates a test database and opens a migrated store on it; `cleanup` closes the store and drops the
 * database.
 *
 * ```ts
 * const { store, cleanup } = await openTestStore('sqlite');
 * after(cleanup);
 * ```
 */
export async function openTestStore(
  dialect: DialectName,
  options: { secret?: string } = {},
): Promise<{ store: Store; url: string; cleanup: () => Promise<void> }> {
  const db = await createTestDatabase(dialect);
  let store: Store;
  try {
    store = await openStore({ url: db.url, secret: options.secret ?? TEST_SECRET });
  } catch (err) {
    await db.drop();
    throw err;
  }
  return {
    store,
    url: db.url,
    async cleanup() {
      await store.close();
      await db.drop();
    },
  };
}
export { advisoryFixture, findingFixture } from './testing-vulns.js';
