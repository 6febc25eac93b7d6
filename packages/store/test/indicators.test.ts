import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StoreValidationError, type IndicatorUpsert } from '../src/index.js';
import { DIALECTS } from '../src/testing.js';
import { newOrg, useStore } from './support.js';

const fqdn = (value: string, extra: Partial<IndicatorUpsert> = {}): IndicatorUpsert => ({
  typeId: 11,
  class: 'network',
  value,
  hash: 'a'.repeat(32),
  generatedScore: 3,
  ...extra,
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: indicators`, () => {
    const s = useStore(dialect);

    it('creates with integer ids and merges re-reports on (org, type, value)', async () => {
      const orgId = await newOrg(s.store);
      const [a] = await s.store.indicators.upsertMany(orgId, [
        fqdn('example.com', { sources: [{ name: 'Feed A', tlpId: 3 }], tags: ['apt'], attributes: [{ name: 'Port', value: '443', sources: [{ name: 'Feed A' }] }] }),
      ], 1_000);
      assert.ok(Number.isInteger(a!.id));
      assert.equal(a!.statusId, 4, 'new indicators default to Review');
      const [b] = await s.store.indicators.upsertMany(orgId, [
        fqdn('example.com', { statusId: 1, generatedScore: 2, sources: [{ name: 'feed a', tlpId: 1 }, { name: 'Feed B' }], tags: ['APT', 'c2'] }),
      ], 2_000);
      assert.equal(b!.id, a!.id);
      assert.equal(b!.statusId, 1);
      assert.equal(b!.generatedScore, 3, 'keeps the higher generated score');
      assert.equal(b!.createdAt, 1_000);
      assert.equal(b!.touchedAt, 2_000);
      const sources = await s.store.indicators.sources([a!.id]);
      assert.deepEqual(sources.map((x) => [x.name, x.tlpId]), [['Feed A', 1], ['Feed B', null]]);
      assert.ok(sources.every((x) => Number.isInteger(x.pivotId) && x.indicatorId === a!.id));
      assert.deepEqual((await s.store.indicators.tags([a!.id])).map((t) => t.name), ['apt', 'c2']);
      const [attr] = await s.store.indicators.attributes([a!.id]);
      assert.deepEqual([attr!.name, attr!.value, attr!.sources.map((x) => x.name)], ['Port', '443', ['Feed A']]);
    });

    it('lists with value, type, paging and sort; scopes everything to the organization', async () => {
      const orgId = await newOrg(s.store);
      const other = await newOrg(s.store);
      const made = await s.store.indicators.upsertMany(orgId, [
        fqdn('a.example'), fqdn('b.example', { generatedScore: 9 }), fqdn('c.example'), { ...fqdn('10.0.0.1'), typeId: 15 },
      ]);
      await s.store.indicators.upsertMany(other, [fqdn('a.example')]);
      const all = await s.store.indicators.list({ orgId, limit: 2, offset: 0 });
      assert.equal(all.total, 4);
      assert.deepEqual(all.items.map((i) => i.value), ['a.example', 'b.example']);
      const second = await s.store.indicators.list({ orgId, limit: 2, offset: 2 });
      assert.deepEqual(second.items.map((i) => i.value), ['c.example', '10.0.0.1']);
      const desc = await s.store.indicators.list({ orgId, limit: 10, offset: 0, sort: { field: 'id', desc: true } });
      assert.deepEqual(desc.items.map((i) => i.id), made.map((i) => i.id).reverse());
      const byScore = await s.store.indicators.list({ orgId, limit: 1, offset: 0, sort: { field: 'score', desc: true } });
      assert.equal(byScore.items[0]!.value, 'b.example');
      assert.equal((await s.store.indicators.list({ orgId, limit: 10, offset: 0, values: ['a.example'] })).total, 1);
      assert.equal((await s.store.indicators.list({ orgId, limit: 10, offset: 0, typeId: 15 })).items[0]!.value, '10.0.0.1');
      assert.equal(await s.store.indicators.get(other, made[0]!.id), undefined);
      assert.equal(await s.store.indicators.update(other, made[0]!.id, { statusId: 2 }), undefined);
      assert.equal(await s.store.indicators.delete(other, made[0]!.id), false);
    });

    it('lists by a few values (one query, paged in memory) exactly as the general path does', async () => {
      const orgId = await newOrg(s.store);
      const other = await newOrg(s.store);
      // One value under several types and statuses, a second value, a soft-deleted match, another organization's.
      const made = await s.store.indicators.upsertMany(orgId, [
        fqdn('same.example', { generatedScore: 2 }),
        fqdn('same.example', { typeId: 12, statusId: 1, generatedScore: 7 }),
        fqdn('same.example', { typeId: 13, statusId: 1, generatedScore: 5 }),
        fqdn('next.example', { generatedScore: 9 }),
        fqdn('gone.example'),
        fqdn('unrelated.example'),
      ]);
      await s.store.indicators.update(orgId, made[1]!.id, { manualScore: 1 });
      await s.store.indicators.delete(orgId, made[4]!.id);
      await s.store.indicators.upsertMany(other, [fqdn('same.example')]);
      const values = ['same.example', 'next.example', 'gone.example'];
      // More than a few values take the general path (a count and a page): the reference.
      const general = [...values, ...Array.from({ length: 9 }, (_, i) => `filler${i}.example`)];
      const queries = [
        {},
        { limit: 2, offset: 1 },
        { limit: 10, offset: 7 },
        { typeId: 11 },
        { statusId: 1 },
        { sort: { field: 'score' as const, desc: true } },
        { sort: { field: 'id' as const, desc: true }, limit: 3, offset: 0 },
        { sort: { field: 'type_id' as const, desc: false } },
        { sort: { field: 'value' as const, desc: true }, limit: 2, offset: 2 },
      ];
      for (const q of queries) {
        const few = await s.store.indicators.list({ orgId, limit: 50, offset: 0, ...q, values });
        const many = await s.store.indicators.list({ orgId, limit: 50, offset: 0, ...q, values: general });
        assert.deepEqual(few, many, JSON.stringify(q));
      }
      const all = await s.store.indicators.list({ orgId, limit: 50, offset: 0, values });
      assert.equal(all.total, 4, 'the soft-deleted and the other organization\'s are left out');
      assert.deepEqual(all.items.map((i) => i.id), made.slice(0, 4).map((i) => i.id).sort((a, b) => a - b));
      const byScore = await s.store.indicators.list({ orgId, limit: 50, offset: 0, values: ['same.example'], sort: { field: 'score', desc: true } });
      assert.deepEqual(byScore.items.map((i) => i.id), [made[2]!.id, made[0]!.id, made[1]!.id], 'a manual score overrides the generated one');
    });

    it('updates, soft-deletes and revives on a new report', async () => {
      const orgId = await newOrg(s.store);
      const [a] = await s.store.indicators.upsertMany(orgId, [fqdn('gone.example')]);
      const updated = await s.store.indicators.update(orgId, a!.id, { statusId: 2, description: '<b>x</b>', manualScore: 7 });
      assert.deepEqual([updated!.statusId, updated!.description, updated!.manualScore], [2, '<b>x</b>', 7]);
      assert.equal(await s.store.indicators.delete(orgId, a!.id), true);
      assert.equal(await s.store.indicators.get(orgId, a!.id), undefined);
      assert.equal((await s.store.indicators.list({ orgId, limit: 10, offset: 0 })).total, 0);
      const [again] = await s.store.indicators.upsertMany(orgId, [fqdn('gone.example')]);
      assert.equal(again!.id, a!.id);
      assert.ok(await s.store.indicators.get(orgId, a!.id));
    });

    it('applies repeats within one batch in order, and merges repeated sources within an item', async () => {
      const orgId = await newOrg(s.store);
      const out = await s.store.indicators.upsertMany(orgId, [
        fqdn('twice.example', { statusId: 1, sources: [{ name: 'A' }] }),
        fqdn('other.example'),
        fqdn('twice.example', { statusId: 2, sources: [{ name: 'B' }] }),
      ]);
      assert.equal(out[0]!.id, out[2]!.id);
      assert.notEqual(out[0]!.id, out[1]!.id);
      assert.equal(out[0]!.statusId, 2, 'every position shows the final state');
      assert.deepEqual((await s.store.indicators.sources([out[0]!.id])).map((x) => x.name), ['A', 'B']);

      const [bulk] = await s.store.indicators.upsertMany(orgId, [
        fqdn('repeat-source.example', { sources: [{ name: 'C', tlpId: 3 }, { name: 'c', tlpId: 2, publishedAt: 5 }], tags: ['x', 'X'] }),
        fqdn('second.example', { description: 'd' }),
      ]);
      const links = await s.store.indicators.sources([bulk!.id]);
      assert.deepEqual(links.map((x) => [x.name, x.tlpId, x.publishedAt]), [['C', 2, 5]]);
      assert.deepEqual((await s.store.indicators.tags([bulk!.id])).map((x) => x.name), ['x']);
      const [again] = await s.store.indicators.upsertMany(orgId, [fqdn('second.example'), fqdn('third.example')]);
      assert.equal(again!.description, 'd', 'a field not sent keeps its stored value');
    });

    it('answers a bulk batch in input order across statement shapes and chunks, new and merged alike', async () => {
      const orgId = await newOrg(s.store);
      // Three shapes interleaved, 900 items: several multi-row statements per shape.
      const batch = Array.from({ length: 900 }, (_, i) =>
        fqdn(`order-${i}.example`, i % 3 === 0 ? { description: `d${i}` } : i % 3 === 1 ? { statusId: 1, sources: [{ name: 'S' }] } : { tags: ['t'] }),
      );
      const first = await s.store.indicators.upsertMany(orgId, batch);
      assert.deepEqual(first.map((x) => x.value), batch.map((x) => x.value));
      assert.equal(new Set(first.map((x) => x.id)).size, 900);
      assert.equal(first[3]!.description, 'd3');
      // Merged again in reverse order: the same ids, at the reversed positions.
      const again = await s.store.indicators.upsertMany(orgId, [...batch].reverse());
      assert.deepEqual(again.map((x) => x.id), first.map((x) => x.id).reverse());
      assert.deepEqual((await s.store.indicators.sources([first[1]!.id])).map((x) => x.name), ['S']);
      assert.deepEqual((await s.store.indicators.tags([first[2]!.id])).map((x) => x.name), ['t']);
    });

    it('rolls a batch back as a whole when one item is invalid', async () => {
      const orgId = await newOrg(s.store);
      await assert.rejects(
        s.store.indicators.upsertMany(orgId, [fqdn('kept.example'), fqdn('bad.example', { sources: [{ name: '' }] })]),
        StoreValidationError,
      );
      assert.equal((await s.store.indicators.list({ orgId, limit: 10, offset: 0 })).total, 0);
    });
  });
}
