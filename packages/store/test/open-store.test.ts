import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../src/index.js';
import { DIALECTS, TEST_SECRET, createTestDatabase } from '../src/testing.js';
import { rawQuery } from './support.js';
import { MIGRATION_NAMES } from '../src/migrations/index.js';

const CHILD = fileURLToPath(new URL('./fixtures/open-store-child.ts', import.meta.url));

function runChild(url: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', CHILD, url], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code));
  });
}

describe('openStore urls', () => {
  it('rejects unknown schemes without echoing the rest of the url', async () => {
    await assert.rejects(openStore({ url: 'mysql://root:hunter2@db/vigil', secret: TEST_SECRET }), (err: Error) => {
      assert.match(err.message, /unsupported store url scheme mysql:/);
      assert.doesNotMatch(err.message, /hunter2/);
      return true;
    });
    await assert.rejects(openStore({ url: 'vigil.db', secret: TEST_SECRET }), /unsupported store url scheme/);
    await assert.rejects(openStore({ url: 'sqlite:', secret: TEST_SECRET }), /no SQLite file path/);
  });

  it('requires a secret', async () => {
    await assert.rejects(openStore({ url: 'sqlite::memory:', secret: '' }), /secret/);
  });

  it('opens an in-memory sqlite store', async () => {
    const store = await openStore({ url: 'sqlite::memory:', secret: TEST_SECRET });
    assert.equal(store.dialect, 'sqlite');
    assert.equal(await store.isEmpty(), true);
    await store.organizations.create({ name: 'Acme' });
    assert.equal(await store.isEmpty(), false);
    await store.ping();
    await store.close();
    await store.close(); // idempotent
  });

  it('creates missing parent directories for sqlite files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-store-open-'));
    try {
      const path = join(dir, 'a', 'b', 'vigil.db');
      const store = await openStore({ url: `sqlite:${path}`, secret: TEST_SECRET });
      await store.close();
      assert.ok(existsSync(path));
      // sqlite:///abs/path is the same file
      const again = await openStore({ url: `sqlite://${path}`, secret: TEST_SECRET });
      await again.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: migrations`, () => {
    it('are applied once and opening twice is a no-op', async () => {
      const db = await createTestDatabase(dialect, { empty: true });
      try {
        const first = await openStore({ url: db.url, secret: TEST_SECRET });
        assert.equal(first.dialect, dialect);
        await first.organizations.create({ id: 'keep', name: 'Keep me' });
        await first.close();

        const second = await openStore({ url: db.url, secret: TEST_SECRET });
        assert.equal((await second.organizations.get('keep'))?.name, 'Keep me');
        await second.close();

        const applied = await rawQuery(db.url, 'select name from kysely_migration order by name');
        assert.deepEqual(
          applied.map((r) => r.name),
          MIGRATION_NAMES,
        );
      } finally {
        await db.drop();
      }
    });

    it('migrate:false opens without touching the schema', async () => {
      const db = await createTestDatabase(dialect, { empty: true });
      try {
        const store = await openStore({ url: db.url, secret: TEST_SECRET, migrate: false });
        await store.ping();
        await assert.rejects(store.organizations.list());
        await store.close();
      } finally {
        await db.drop();
      }
    });

    it('several processes opening a fresh database at once all succeed', async () => {
      const db = await createTestDatabase(dialect, { empty: true });
      try {
        const codes = await Promise.all([1, 2, 3].map(() => runChild(db.url)));
        assert.deepEqual(codes, [0, 0, 0]);
        const applied = await rawQuery(db.url, 'select name from kysely_migration');
        assert.equal(applied.length, MIGRATION_NAMES.length);
      } finally {
        await db.drop();
      }
    });
  });
}
