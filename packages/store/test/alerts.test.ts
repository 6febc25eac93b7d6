import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StoreNotFoundError, StoreValidationError, type AlertFilter, type Dismissal } from '../src/index.js';
import { DIALECTS } from '../src/testing.js';
import { T0, alertInput, newOrg, pageAll, useStore } from './support.js';

const DISMISSAL: Dismissal = { reason: 'MAINTENANCE', text: 'patching', by: 'user-1', at: T0 + 99_000 };

for (const dialect of DIALECTS) {
  describe(`${dialect}: alerts`, () => {
    const s = useStore(dialect);

    it('creates an alert with events and gets it within its org only', async () => {
      const org = await newOrg(s.store);
      const other = await newOrg(s.store);
      const alert = await s.store.alerts.create(
        alertInput(org, { agentId: 'ag-1', ruleId: 'r-1', rulesetId: 'rs-1', severity: 1 }),
        [
          { timestamp: T0 + 2, data: { n: 2 } },
          { id: 'ev-1', timestamp: T0 + 1, data: { n: 1, nested: { a: [1, 2] } } },
        ],
      );
      assert.deepEqual(alert, {
        ...alertInput(org, { agentId: 'ag-1', ruleId: 'r-1', rulesetId: 'rs-1', severity: 1 }),
        id: alert.id,
        isDismissed: false,
        dismissedAt: null,
        dismissReason: null,
        dismissReasonText: null,
        dismissedBy: null,
      });
      assert.deepEqual(await s.store.alerts.get(org, alert.id), alert);
      assert.equal(await s.store.alerts.get(other, alert.id), undefined);
      const listed = await s.store.alerts.list(org, { isDismissed: false }, { limit: 10 });
      assert.deepEqual(listed, { items: [alert] }, 'list items equal get results');

      const events = await s.store.alerts.events(org, alert.id);
      assert.deepEqual(
        events?.map((e) => [e.timestamp, e.data, e.alertId, e.orgId]),
        [
          [T0 + 1, { n: 1, nested: { a: [1, 2] } }, alert.id, org],
          [T0 + 2, { n: 2 }, alert.id, org],
        ],
      );
      assert.equal(events?.[0]?.id, 'ev-1');
    });

    it('events: empty for an alert without events, undefined for another org or unknown alert', async () => {
      const org = await newOrg(s.store);
      const other = await newOrg(s.store);
      const bare = await s.store.alerts.create(alertInput(org));
      const withEvents = await s.store.alerts.create(alertInput(org), [{ timestamp: T0, data: {} }]);
      assert.deepEqual(await s.store.alerts.events(org, bare.id), []);
      assert.equal(await s.store.alerts.events(other, withEvents.id), undefined);
      assert.equal(await s.store.alerts.events(org, 'no-such-alert'), undefined);
    });

    it('validates input', async () => {
      const org = await newOrg(s.store);
      await assert.rejects(s.store.alerts.create(alertInput(org, { severity: 4 as never })), StoreValidationError);
      await assert.rejects(s.store.alerts.create(alertInput('no-such-org')), StoreNotFoundError);
      const a = await s.store.alerts.create(alertInput(org));
      await assert.rejects(
        s.store.alerts.dismissByIds(org, [a.id], { ...DISMISSAL, reason: 'BORED' as never }),
        StoreValidationError,
      );
      // times are BIGINT epoch ms: fractions are refused the same way on both dialects
      await assert.rejects(s.store.alerts.create(alertInput(org, { createdAt: T0 + 0.5 })), StoreValidationError);
      await assert.rejects(
        s.store.alerts.create(alertInput(org), [{ timestamp: Number.NaN, data: {} }]),
        StoreValidationError,
      );
      await assert.rejects(s.store.alerts.list(org, { isDismissed: false, from: 1.5 }, { limit: 1 }), StoreValidationError);
      await assert.rejects(s.store.alerts.severityCounts(org, { until: Infinity }), StoreValidationError);
      await assert.rejects(
        s.store.alerts.list(org, { isDismissed: false }, { limit: 1, after: [1.5, 'x'] }),
        StoreValidationError,
      );
    });

    it('createMany inserts demo-sized batches atomically', async (t) => {
      const org = await newOrg(s.store);
      const items = Array.from({ length: 2000 }, (_, i) => ({
        alert: alertInput(org, { createdAt: T0 - i * 1000, severity: ((i % 3) + 1) as 1 | 2 | 3, agentId: `ag-${i % 7}` }),
        events: [0, 1, 2].map((k) => ({ timestamp: T0 - i * 1000 + k, data: { k, exe: '/usr/bin/curl', args: ['-s'] } })),
      }));
      const started = performance.now();
      const created = await s.store.alerts.createMany(items);
      const ms = performance.now() - started;
      assert.equal(created.length, 2000);
      t.diagnostic(`${dialect}: 2,000 alerts + 6,000 events in ${ms.toFixed(0)} ms`);
      assert.equal((await s.store.alerts.events(org, created[1999]!.id))?.length, 3);
      assert.deepEqual(await s.store.alerts.get(org, created[42]!.id), created[42]);

      const bad = [{ alert: alertInput(org) }, { alert: alertInput(org, { id: created[0]!.id }) }];
      await assert.rejects(s.store.alerts.createMany(bad), /already exists/);
      const counts = await s.store.alerts.severityCounts(org, {});
      assert.equal(
        counts.reduce((sum, c) => sum + c.count, 0),
        2000,
        'the failed batch left nothing behind',
      );
      assert.deepEqual(await s.store.alerts.createMany([]), []);
    });

    it('pages by (createdAt DESC, id DESC) without skipping or repeating while rows are inserted', async () => {
      const org = await newOrg(s.store);
      const originals = await s.store.alerts.createMany(
        Array.from({ length: 250 }, (_, i) => ({ alert: alertInput(org, { createdAt: T0 - Math.floor(i / 3) * 1000 }) })),
      );
      const expectedLater = new Set<string>();
      const expectedNever = new Set<string>();
      const pages = await pageAll(
        (after) => s.store.alerts.list(org, { isDismissed: false }, { limit: 40, after }),
        40,
        (a) => a.createdAt,
        async ([at], p) => {
          const created = await s.store.alerts.createMany([
            { alert: alertInput(org, { createdAt: T0 + 10_000 + p }) },
            { alert: alertInput(org, { id: `zzzzzzzz-${p}`, createdAt: at }) },
            { alert: alertInput(org, { id: `0000000000000000-${p}`, createdAt: at }) },
            { alert: alertInput(org, { createdAt: T0 - 10_000_000 - p }) },
          ]);
          expectedNever.add(created[0]!.id).add(created[1]!.id);
          expectedLater.add(created[2]!.id).add(created[3]!.id);
        },
      );
      const seen = pages.flat();
      const ids = seen.map((a) => a.id);
      assert.equal(new Set(ids).size, ids.length, 'no alert repeated');
      for (const a of originals) assert.ok(ids.includes(a.id), 'no original alert skipped');
      for (const id of expectedLater) assert.ok(ids.includes(id), 'rows inserted behind the cursor are returned');
      for (const id of expectedNever) assert.ok(!ids.includes(id), 'rows inserted ahead of the cursor are not');
      for (let i = 1; i < seen.length; i++) assert.ok(seen[i - 1]!.createdAt >= seen[i]!.createdAt, 'ordered');
      assert.ok(pages.length >= 7);
    });

    it('filters by dismissed state, severity, agent, rule, ruleset and inclusive time range', async () => {
      const org = await newOrg(s.store);
      const other = await newOrg(s.store);
      const [a, b, c, d] = await s.store.alerts.createMany([
        { alert: alertInput(org, { createdAt: T0, severity: 1, agentId: 'ag-1', ruleId: 'r-1', rulesetId: 'rs-1' }) },
        { alert: alertInput(org, { createdAt: T0 + 1000, severity: 2, agentId: 'ag-2', ruleId: 'r-1', rulesetId: 'rs-1' }) },
        { alert: alertInput(org, { createdAt: T0 + 2000, severity: 3, agentId: 'ag-1', ruleId: 'r-2', rulesetId: 'rs-2' }) },
        { alert: alertInput(org, { createdAt: T0 + 3000, severity: 1, agentId: null, ruleId: null, rulesetId: null }) },
      ]);
      await s.store.alerts.create(alertInput(other, { createdAt: T0 + 500, severity: 1, agentId: 'ag-1', ruleId: 'r-1' }));
      await s.store.alerts.dismissByIds(org, [d!.id], DISMISSAL);

      const ids = async (filter: AlertFilter) =>
        (await s.store.alerts.list(org, filter, { limit: 100 })).items.map((x) => x.id);

      assert.deepEqual(await ids({ isDismissed: false }), [c!.id, b!.id, a!.id]);
      assert.deepEqual(await ids({ isDismissed: true }), [d!.id]);
      assert.deepEqual(await ids({ isDismissed: false, severity: 1 }), [a!.id]);
      assert.deepEqual(await ids({ isDismissed: false, agentId: 'ag-1' }), [c!.id, a!.id]);
      assert.deepEqual(await ids({ isDismissed: false, ruleId: 'r-1' }), [b!.id, a!.id]);
      assert.deepEqual(await ids({ isDismissed: false, rulesetId: 'rs-2' }), [c!.id]);
      assert.deepEqual(await ids({ isDismissed: false, ruleId: 'r-1', severity: 2 }), [b!.id]);
      assert.deepEqual(await ids({ isDismissed: false, from: T0 + 1000 }), [c!.id, b!.id], 'from is inclusive');
      assert.deepEqual(await ids({ isDismissed: false, until: T0 + 1000 }), [b!.id, a!.id], 'until is inclusive');
      assert.deepEqual(await ids({ isDismissed: false, from: T0 + 2000, until: T0 + 2000 }), [c!.id]);
      assert.deepEqual(await ids({ isDismissed: true, from: T0 + 3001 }), []);

      const dismissed = (await s.store.alerts.list(org, { isDismissed: true }, { limit: 1 })).items[0];
      assert.deepEqual(dismissed, await s.store.alerts.get(org, d!.id), 'dismissed list items are complete');
      assert.equal(dismissed?.isDismissed, true);
      assert.equal(dismissed?.dismissReason, 'MAINTENANCE');
      assert.equal(dismissed?.dismissReasonText, 'patching');
      assert.equal(dismissed?.dismissedBy, 'user-1');
      assert.equal(dismissed?.dismissedAt, DISMISSAL.at);
    });

    it('listRefs names the same page as list: ids, creation times and next position, for every filter', async () => {
      const org = await newOrg(s.store);
      const other = await newOrg(s.store);
      const created = await s.store.alerts.createMany(
        Array.from({ length: 45 }, (_, i) => ({
          alert: alertInput(org, {
            // pairs share a creation time, so the id breaks ties across page boundaries
            createdAt: T0 + Math.floor(i / 2) * 1000,
            severity: ((i % 3) + 1) as 1 | 2 | 3,
            agentId: i % 2 ? 'ag-1' : null,
            ruleId: i % 5 ? 'r-1' : null,
            rulesetId: i % 4 ? 'rs-1' : null,
          }),
        })),
      );
      await s.store.alerts.create(alertInput(other, { createdAt: T0 + 5000 }));
      await s.store.alerts.dismissByIds(org, created.filter((_, i) => i % 7 === 0).map((a) => a.id), DISMISSAL);
      const filters: AlertFilter[] = [
        { isDismissed: false },
        { isDismissed: true },
        { isDismissed: false, severity: 2 },
        { isDismissed: false, agentId: 'ag-1' },
        { isDismissed: false, ruleId: 'r-1', severity: 1 },
        { isDismissed: true, rulesetId: 'rs-1' },
        { isDismissed: false, from: T0 + 4000, until: T0 + 15_000 },
      ];
      for (const filter of filters) {
        let after: [number, string] | undefined;
        let pages = 0;
        do {
          const page = await s.store.alerts.list(org, filter, { limit: 4, after });
          const refs = await s.store.alerts.listRefs(org, filter, { limit: 4, after });
          assert.deepEqual(refs, { ...page, items: page.items.map((a) => ({ id: a.id, createdAt: a.createdAt })) });
          after = page.next;
          pages++;
        } while (after);
        assert.ok(pages > 1, `several pages for ${JSON.stringify(filter)}`);
      }
      assert.deepEqual(await s.store.alerts.listRefs(other, { isDismissed: true }, { limit: 4 }), { items: [] });
    });

    it('severityCounts counts active alerts in range, always for severities 1, 2, 3', async () => {
      const org = await newOrg(s.store);
      const other = await newOrg(s.store);
      assert.deepEqual(await s.store.alerts.severityCounts(org, {}), [
        { severity: 1, count: 0 },
        { severity: 2, count: 0 },
        { severity: 3, count: 0 },
      ]);
      const created = await s.store.alerts.createMany([
        { alert: alertInput(org, { createdAt: T0, severity: 1 }) },
        { alert: alertInput(org, { createdAt: T0 + 1000, severity: 1 }) },
        { alert: alertInput(org, { createdAt: T0 + 2000, severity: 3 }) },
        { alert: alertInput(org, { createdAt: T0 + 3000, severity: 3 }) },
      ]);
      await s.store.alerts.create(alertInput(other, { createdAt: T0, severity: 2 }));
      await s.store.alerts.dismissByIds(org, [created[3]!.id], DISMISSAL);
      assert.deepEqual(await s.store.alerts.severityCounts(org, {}), [
        { severity: 1, count: 2 },
        { severity: 2, count: 0 },
        { severity: 3, count: 1 },
      ]);
      assert.deepEqual(await s.store.alerts.severityCounts(org, { from: T0 + 1000, until: T0 + 2000 }), [
        { severity: 1, count: 1 },
        { severity: 2, count: 0 },
        { severity: 3, count: 1 },
      ]);
    });

    it('dismissByIds changes only active alerts of the org and reports how many', async () => {
      const org = await newOrg(s.store);
      const other = await newOrg(s.store);
      const mine = await s.store.alerts.createMany([0, 1, 2].map((i) => ({ alert: alertInput(org, { createdAt: T0 + i }) })));
      const theirs = await s.store.alerts.create(alertInput(other));
      const ids = [mine[0]!.id, mine[1]!.id, theirs.id, 'no-such-alert', mine[0]!.id];
      assert.equal(await s.store.alerts.dismissByIds(org, ids, DISMISSAL), 2);
      assert.equal(await s.store.alerts.dismissByIds(org, ids, DISMISSAL), 0, 'already dismissed');
      assert.equal(await s.store.alerts.dismissByIds(org, [], DISMISSAL), 0);
      const after = await s.store.alerts.get(org, mine[0]!.id);
      assert.equal(after?.isDismissed, true);
      assert.equal(after?.dismissedBy, 'user-1');
      assert.equal((await s.store.alerts.get(org, mine[2]!.id))?.isDismissed, false);
      assert.deepEqual(await s.store.alerts.get(other, theirs.id), theirs, "another org's alert is untouched");

      // many ids (more than one IN list)
      const bulk = await s.store.alerts.createMany(
        Array.from({ length: 1200 }, (_, i) => ({ alert: alertInput(org, { createdAt: T0 - i }) })),
      );
      assert.equal(await s.store.alerts.dismissByIds(org, bulk.map((a) => a.id), { ...DISMISSAL, text: null }), 1200);
      assert.equal((await s.store.alerts.get(org, bulk[7]!.id))?.dismissReasonText, null);
    });

    it('dismissByQuery dismisses matching active alerts of the org only', async () => {
      const org = await newOrg(s.store);
      const other = await newOrg(s.store);
      const [a, b, c, d, e] = await s.store.alerts.createMany([
        { alert: alertInput(org, { createdAt: T0, severity: 1, ruleId: 'r-1', agentId: 'ag-1' }) },
        { alert: alertInput(org, { createdAt: T0 + 1000, severity: 1, ruleId: 'r-1', agentId: 'ag-2' }) },
        { alert: alertInput(org, { createdAt: T0 + 2000, severity: 2, ruleId: 'r-1', agentId: 'ag-1' }) },
        { alert: alertInput(org, { createdAt: T0 + 3000, severity: 1, ruleId: 'r-2', agentId: 'ag-1' }) },
        { alert: alertInput(org, { createdAt: T0 + 4000, severity: 3, ruleId: 'r-3', agentId: 'ag-3' }) },
      ]);
      const theirs = await s.store.alerts.create(alertInput(other, { createdAt: T0, severity: 1, ruleId: 'r-1', agentId: 'ag-1' }));
      const active = async () =>
        (await s.store.alerts.list(org, { isDismissed: false }, { limit: 100 })).items.map((x) => x.id).sort();

      assert.equal(await s.store.alerts.dismissByQuery(org, { ruleId: 'r-1', severity: 1, agentId: 'ag-1' }, DISMISSAL), 1);
      assert.deepEqual(await active(), [b!.id, c!.id, d!.id, e!.id].sort());
      assert.equal(await s.store.alerts.dismissByQuery(org, { ruleId: 'r-1', from: T0 + 1000, until: T0 + 2000 }, DISMISSAL), 2);
      assert.deepEqual(await active(), [d!.id, e!.id].sort());
      assert.equal(await s.store.alerts.dismissByQuery(org, { ruleId: 'r-1' }, DISMISSAL), 0, 'already dismissed');
      assert.equal(await s.store.alerts.dismissByQuery(org, {}, DISMISSAL), 2);
      assert.deepEqual(await active(), []);
      assert.equal((await s.store.alerts.get(org, a!.id))?.dismissReason, 'MAINTENANCE');
      assert.equal((await s.store.alerts.get(other, theirs.id))?.isDismissed, false, "another org's alert is untouched");
    });

    it('existingIds returns only ids of this org', async () => {
      const org = await newOrg(s.store);
      const other = await newOrg(s.store);
      const mine = await s.store.alerts.create(alertInput(org));
      const theirs = await s.store.alerts.create(alertInput(other));
      assert.deepEqual(await s.store.alerts.existingIds(org, [mine.id, theirs.id, 'nope', mine.id]), [mine.id]);
      assert.deepEqual(await s.store.alerts.existingIds(org, []), []);
    });
  });
}
