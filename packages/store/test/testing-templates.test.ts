import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore } from '../src/index.js';
import { DIALECTS, TEST_SECRET, createTestDatabase } from '../src/testing.js';
import { MIGRATION_NAMES } from '../src/migrations/index.js';
import { dropOrphanedPostgresDatabases, ORPHAN_AGE_HOURS, removeOrphanedSqliteDirectories } from '../src/testing-orphans.js';
import { rawQuery } from './support.js';

const applied = (url: string) => rawQuery(url, 'select name, timestamp from kysely_migration order by name');

for (const dialect of DIALECTS) {
  describe(`${dialect}: test databases are copies of a migrated template`, () => {
    it('arrive migrated and empty, and openStore on them runs no migration again', async () => {
      const db = await createTestDatabase(dialect);
      try {
        const before = await applied(db.url);
        assert.deepEqual(
          before.map((r) => r.name),
          MIGRATION_NAMES,
        );
        const store = await openStore({ url: db.url, secret: TEST_SECRET });
        assert.equal(await store.isEmpty(), true);
        await store.organizations.create({ id: 'mine', name: 'Mine' });
        await store.close();
        assert.deepEqual(await applied(db.url), before, 'the same migrations, applied at the same times');
      } finally {
        await db.drop();
      }
    });

    it('are independent of each other', async () => {
      const [one, two] = [await createTestDatabase(dialect), await createTestDatabase(dialect)];
      try {
        const a = await openStore({ url: one.url, secret: TEST_SECRET });
        await a.organizations.create({ id: 'only-in-one', name: 'One' });
        await a.close();
        const b = await openStore({ url: two.url, secret: 'another secret for another database' });
        assert.equal(await b.organizations.get('only-in-one'), undefined);
        assert.equal(await b.isEmpty(), true);
        await b.close();
      } finally {
        await one.drop();
        await two.drop();
      }
    });

    it('{ empty: true } gives a database without any table', async () => {
      const db = await createTestDatabase(dialect, { empty: true });
      try {
        const tables =
          dialect === 'sqlite'
            ? await rawQuery(db.url, "select name from sqlite_master where type = 'table'")
            : await rawQuery(db.url, "select table_name from information_schema.tables where table_schema = 'public'");
        assert.deepEqual(tables, []);
      } finally {
        await db.drop();
      }
    });
  });
}

describe('test databases that killed runs left behind', () => {
  // Each sweep here is narrowed to names of this test's own, so it never touches another run's databases.
  const tag = `orphanprobe_${randomBytes(4).toString('hex')}`;
  const adminUrl = process.env.VIGIL_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

  it('PostgreSQL: one nobody uses is dropped once old enough; a young one, or one in use, stays', async () => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    const [idle, busy] = [`vigil_test_${tag}_idle`, `vigil_test_${tag}_busy`];
    for (const name of [idle, busy]) await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${busy}`;
    const user = new pg.Client({ connectionString: url.toString() });
    await user.connect();
    const exists = async (name: string) => (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
    try {
      const mine = { postgresPatterns: [`vigil\\_test\\_${tag}\\_%`] };
      assert.deepEqual(await dropOrphanedPostgresDatabases(admin, mine), [], `younger than ${ORPHAN_AGE_HOURS} hours: kept`);
      assert.deepEqual(await dropOrphanedPostgresDatabases(admin, { ...mine, olderThanMs: 0 }), [idle]);
      assert.equal(await exists(idle), false);
      assert.equal(await exists(busy), true, 'somebody is connected to it');
    } finally {
      await user.end();
      for (const name of [idle, busy]) await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.end();
    }
  });

  it('SQLite: a test directory is removed once old enough; a young one stays', async () => {
    const prefix = `vigil-${tag}-`;
    const [old, young] = [await mkdtemp(join(tmpdir(), prefix)), await mkdtemp(join(tmpdir(), prefix))];
    try {
      const hoursAgo = new Date(Date.now() - (ORPHAN_AGE_HOURS + 1) * 3_600_000);
      await utimes(old, hoursAgo, hoursAgo);
      assert.deepEqual(await removeOrphanedSqliteDirectories({ sqliteDirPrefix: prefix }), [old]);
      assert.equal(existsSync(old), false);
      assert.equal(existsSync(young), true);
    } finally {
      await rm(old, { recursive: true, force: true });
      await rm(young, { recursive: true, force: true });
    }
  });
});
