/**
 * The intel change counters of migration 0016 on both databases: every write detection's intel index must
 * see bumps `intel` (adds, status changes by update, bulk status, the expiry pass and whitelisting, deletes),
 * whitelist entries and Whitelisted statuses bump `intel_whitelist`, rows removed outright `intel_purge`;
 * re-reports and indicators outside Active/Whitelisted leave them alone, and other organizations' counters
 * never move.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IndicatorUpsert } from '../src/index.js';
import { DIALECTS } from '../src/testing.js';
import { newOrg, rawQuery, useStore } from './support.js';

const SCOPES = ['intel', 'intel_whitelist', 'intel_purge'] as const;
const ip = (value: string, extra: Partial<IndicatorUpsert> = {}): IndicatorUpsert => ({
  typeId: 15,
  class: 'network',
  value,
  hash: value.padEnd(32, '0').slice(0, 32),
  generatedScore: 3,
  statusId: 1,
  ...extra,
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: intel change counters`, () => {
    const s = useStore(dialect);

    /** runs `write` and answers how much each counter of `orgId` moved */
    async function moved(orgId: string, write: () => Promise<unknown>) {
      const before = await s.store.changes.versions(orgId, SCOPES);
      await write();
      const after = await s.store.changes.versions(orgId, SCOPES);
      return Object.fromEntries(SCOPES.map((k) => [k, after[k] - before[k]])) as Record<(typeof SCOPES)[number], number>;
    }

    it('bumps intel for adds, status changes and deletes, once per statement on PostgreSQL', async () => {
      const orgId = await newOrg(s.store);
      const other = await newOrg(s.store);
      assert.deepEqual(await s.store.changes.versions(orgId, SCOPES), { intel: 0, intel_whitelist: 0, intel_purge: 0 });

      const add = await moved(orgId, () => s.store.indicators.upsertMany(orgId, [ip('198.51.100.1'), ip('198.51.100.2'), ip('198.51.100.3')]));
      assert.ok(add.intel >= 1, 'an add bumps');
      if (dialect === 'postgres') assert.equal(add.intel, 1, 'one multi-row statement, one bump');
      assert.deepEqual([add.intel_whitelist, add.intel_purge], [0, 0]);

      const [a, b] = await s.store.indicators.list({ orgId, limit: 10, offset: 0 }).then((p) => p.items);
      assert.deepEqual(await moved(orgId, () => s.store.indicators.upsertMany(orgId, [ip('198.51.100.1', { statusId: undefined })])), {
        intel: 0,
        intel_whitelist: 0,
        intel_purge: 0,
      }, 're-reporting without a change moves nothing');
      assert.equal((await moved(orgId, () => s.store.indicatorLifecycle.setManualScore(orgId, a!.id, 9))).intel, 0, 'a score is not what detection matches');
      assert.ok((await moved(orgId, () => s.store.indicators.update(orgId, a!.id, { statusId: 2 }))).intel >= 1, 'status by update');
      assert.ok((await moved(orgId, () => s.store.indicators.delete(orgId, b!.id))).intel >= 1, 'a (soft) delete');
      const bulk = await moved(orgId, () => s.store.indicatorSearch.bulkStatus(orgId, undefined, 4));
      assert.ok(bulk.intel >= 1, 'bulk status');

      const review = await moved(orgId, () => s.store.indicators.upsertMany(orgId, [ip('198.51.100.9', { statusId: 4 })]));
      assert.equal(review.intel, 0, 'an indicator in Review is not matched: nothing to see');

      assert.equal((await s.store.changes.versions(other, SCOPES)).intel, 0, 'another organization is untouched');
    });

    it('bumps intel when the expiry pass expires an active indicator', async () => {
      const orgId = await newOrg(s.store);
      const now = Date.now();
      await s.store.indicators.upsertMany(orgId, [ip('203.0.113.77', { expiresAt: now - 1000 })]);
      const expiry = await moved(orgId, () => s.store.indicatorLifecycle.expireDue(now));
      assert.ok(expiry.intel >= 1);
    });

    it('bumps intel_whitelist for entries and Whitelisted statuses; intel_purge for rows removed outright', async () => {
      const orgId = await newOrg(s.store);
      await s.store.indicators.upsertMany(orgId, [ip('192.0.2.10'), ip('192.0.2.11')]);
      const add = await moved(orgId, () => s.store.indicatorLifecycle.addWhitelist(orgId, { kind: 'cidr', value: '192.0.2.0/28' }));
      assert.ok(add.intel >= 1 && add.intel_whitelist >= 1, 'the entry and the two indicators it whitelists');
      const entry = (await s.store.indicatorLifecycle.whitelist(orgId))[0]!;
      const noop = await moved(orgId, () => s.store.indicatorLifecycle.removeWhitelist(orgId, entry.id + 100_000));
      assert.deepEqual(noop, { intel: 0, intel_whitelist: 0, intel_purge: 0 }, 'an unknown entry changes nothing');
      const remove = await moved(orgId, () => s.store.indicatorLifecycle.removeWhitelist(orgId, entry.id));
      assert.ok(remove.intel >= 1 && remove.intel_whitelist >= 1, 'removal restores both indicators');

      const purge = await moved(orgId, () => rawQuery(s.url, `delete from indicators where org_id = '${orgId}' and value = '192.0.2.10' returning id`));
      assert.ok(purge.intel_purge >= 1);
    });
  });
}
