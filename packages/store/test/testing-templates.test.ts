import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../src/index.js';
import { DIALECTS, TEST_SECRET, createTestDatabase } from '../src/testing.js';
import { MIGRATION_NAMES } from '../src/migrations/index.js';
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
