/**
 * Migration 0018 (and, on SQLite, the table rebuild that completes it) on a database written before it:
 * indicators and everything that references them survive, the upsert key takes the order
 * (org_id, value, type_id), upserts still merge, cascades still cascade, ids are not reused, and a second
 * open changes nothing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Kysely, Migrator, sql } from 'kysely';
import { openStore } from '../src/open-store.js';
import { provider } from '../src/migrations/index.js';
import { createTestDatabase, DIALECTS, TEST_SECRET } from '../src/testing.js';
import { bareKysely } from './support.js';

const T0 = 1_700_000_000_000;

function indicatorRow(id: number, typeId: number, value: string) {
  return {
    id, org_id: 'o', type_id: typeId, status_id: 1, class: 'network', value, hash: `h${id}`, description: null,
    generated_score: 3, manual_score: null, created_at: T0, updated_at: T0, touched_at: T0, published_at: null,
    last_detected_at: null, expires_at: null, expired_at: null, deleted_at: null,
  };
}

async function keyDefinition(k: Kysely<any>, dialect: string): Promise<string> {
  if (dialect === 'sqlite') {
    const { rows } = await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'indicators'`.execute(k);
    return /constraint "indicators_value_uq" unique \(([^)]*)\)/.exec(rows[0]!.sql)![1]!.replaceAll('"', '');
  }
  const { rows } = await sql<{ def: string }>`SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'indicators_value_uq'`.execute(k);
  return /\(([^)]*)\)/.exec(rows[0]!.def)![1]!;
}

for (const dialect of DIALECTS) {
  describe(`indicators upsert key migration (${dialect})`, () => {
    it('keeps every indicator and what references it, and the key serves value lookups', async () => {
      const db = await createTestDatabase(dialect, { empty: true });
      const k = bareKysely(db.url);
      try {
        // A database as 0017 left it, with a library in it.
        const to = await new Migrator({ db: k, provider }).migrateTo('0017-alerts-created-index');
        assert.equal(to.error, undefined);
        assert.equal(await keyDefinition(k, dialect), 'org_id, type_id, value');
        await k.insertInto('organizations').values({ id: 'o', name: 'O', created_at: T0 }).execute();
        await k.insertInto('indicators').values([indicatorRow(1, 15, '10.0.0.1'), indicatorRow(2, 11, 'evil.example'), indicatorRow(3, 27, '10.0.0.1'), indicatorRow(9, 11, 'gone.example')]).execute();
        await k.deleteFrom('indicators').where('id', '=', 9).execute();
        await k.insertInto('intel_sources').values({ id: 1, org_id: 'o', name: 'Feed', name_norm: 'feed', tlp_id: null, created_at: T0, updated_at: T0 }).execute();
        await k.insertInto('indicator_sources').values([1, 2, 3].map((i) => ({ indicator_id: i, source_id: 1, tlp_id: null, published_at: null, created_at: T0, updated_at: T0 }))).execute();
        await k.insertInto('intel_tags').values({ id: 1, org_id: 'o', name: 'Botnet', name_norm: 'botnet', created_at: T0 }).execute();
        await k.insertInto('indicator_tags').values({ indicator_id: 2, tag_id: 1, created_at: T0 }).execute();
        if (dialect === 'postgres') await sql`SELECT setval(pg_get_serial_sequence('indicators', 'id'), 9)`.execute(k);
      } finally {
        await k.destroy();
      }

      const store = await openStore({ url: db.url, secret: TEST_SECRET });
      try {
        const check = bareKysely(db.url);
        try {
          assert.equal(await keyDefinition(check, dialect), 'org_id, value, type_id');
          const indexes =
            dialect === 'sqlite'
              ? (await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'indicators' AND sql IS NOT NULL`.execute(check)).rows
              : (await sql<{ name: string }>`SELECT indexname AS name FROM pg_indexes WHERE tablename = 'indicators'`.execute(check)).rows;
          const names = indexes.map((r) => r.name);
          assert.ok(!names.includes('indicators_org_value_idx'), 'the second value index is gone');
          for (const kept of ['indicators_org_id_idx', 'indicators_org_updated_idx', 'indicators_expires_idx', 'indicators_org_type_idx']) assert.ok(names.includes(kept), kept);
        } finally {
          await check.destroy();
        }

        // Every row and link is still there.
        const byValue = await store.indicators.list({ orgId: 'o', values: ['10.0.0.1'], limit: 10, offset: 0 });
        assert.deepEqual(byValue.items.map((i) => [i.id, i.typeId]), [[1, 15], [3, 27]]);
        assert.deepEqual((await store.indicators.sources([1, 2, 3])).map((s) => [s.indicatorId, s.name]), [[1, 'Feed'], [2, 'Feed'], [3, 'Feed']]);
        assert.deepEqual((await store.indicators.tags([2])).map((t) => t.name), ['Botnet']);

        // The upsert merges into the existing row through the reordered key.
        const [merged] = await store.indicators.upsertMany('o', [{ typeId: 11, class: 'network', value: 'evil.example', hash: 'h2', generatedScore: 7 }]);
        assert.equal(merged!.id, 2);
        assert.equal(merged!.generatedScore, 7);
        // A new one gets an id past every id ever used (9 was deleted before the migration).
        const [fresh] = await store.indicators.upsertMany('o', [{ typeId: 11, class: 'network', value: 'new.example', hash: 'h', generatedScore: 1 }]);
        assert.ok(fresh!.id > 9, `id ${fresh!.id} reuses a deleted one`);
        const [again] = await store.indicators.upsertMany('o', [{ typeId: 11, class: 'network', value: 'new.example', hash: 'h', generatedScore: 1 }]);
        assert.equal(again!.id, fresh!.id, 'duplicates still merge');

        // Foreign keys still point at the rebuilt table: they refuse unknown indicators and cascade deletes.
        const raw = bareKysely(db.url);
        try {
          if (dialect === 'sqlite') await sql`PRAGMA foreign_keys = ON`.execute(raw);
          await assert.rejects(raw.insertInto('indicator_tags').values({ indicator_id: 12345, tag_id: 1, created_at: T0 }).execute());
          await raw.deleteFrom('indicators').where('id', '=', 1).execute();
          const left = await raw.selectFrom('indicator_sources').select('indicator_id').orderBy('indicator_id').execute();
          assert.deepEqual(left.map((r) => Number(r.indicator_id)), [2, 3], 'the source link of a deleted indicator goes with it');
        } finally {
          await raw.destroy();
        }
      } finally {
        await store.close();
      }

      // Opening again leaves the schema as it is.
      const reopened = await openStore({ url: db.url, secret: TEST_SECRET });
      try {
        assert.equal((await reopened.indicators.list({ orgId: 'o', values: ['evil.example'], limit: 10, offset: 0 })).total, 1);
      } finally {
        await reopened.close();
        await db.drop();
      }
    });
  });
}
