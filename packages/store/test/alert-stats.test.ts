/**
 * The dashboard aggregates (alertStats) against a brute-force count of a generated alert set: random ranges
 * whose ends fall on, just before and just after hour and day boundaries, alerts with and without rule and
 * agent, dismissals by id and by query, and retention deleting the oldest. The rollup tables answer the
 * full hours and days, the alerts table the partial ones at the ends, so every edge case is an edge.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { StoreValidationError, type Alert, type Store, type TimeRange } from '../src/index.js';
import { DIALECTS } from '../src/testing.js';
import { alertCounts } from '../src/migrations/0028-alert-counts.js';
import { alertCountsLevels } from '../src/migrations/0032-alert-counts-levels.js';
import { alertInput, bareKysely, newOrg, useStore } from './support.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 2001-09-09T01:46:40Z: far from T0, where the other alert tests write, so retention here deletes only ours */
const BASE = 1_000_000_000_000;
/** long enough to hold whole 7-day buckets (they start on Thursdays), the coarsest level of the top lists */
const SPAN = 25 * DAY;
const RULES = ['r-1', 'r-2', 'r-3', null] as const;
const AGENTS = ['a-1', 'a-2', 'a-3', 'a-4', null] as const;

/** A time near the data: mostly on or beside an hour or day boundary, sometimes anywhere. */
const instant = fc.oneof(
  fc.integer({ min: -2, max: 98 }).chain((h) =>
    fc.constantFrom(-1, 0, 1).map((d) => BASE - (BASE % DAY) + h * HOUR + d),
  ),
  fc.integer({ min: -2, max: 26 }).chain((dd) => fc.constantFrom(-1, 0, 1).map((d) => BASE - (BASE % DAY) + dd * DAY + d)),
  fc.integer({ min: BASE - DAY, max: BASE + SPAN + DAY }),
);

const range: fc.Arbitrary<TimeRange> = fc
  .record({ a: fc.option(instant, { nil: undefined }), b: fc.option(instant, { nil: undefined }) })
  .map(({ a, b }) => (a !== undefined && b !== undefined && b < a ? { from: b, until: a } : { from: a, until: b }));

function generated(seed: number): Array<{ createdAt: number; severity: 1 | 2 | 3; ruleId: string | null; agentId: string | null }> {
  const alert = fc.record({
    createdAt: instant,
    severity: fc.constantFrom(1 as const, 2 as const, 3 as const),
    ruleId: fc.constantFrom(...RULES),
    agentId: fc.constantFrom(...AGENTS),
  });
  return fc.sample(fc.array(alert, { minLength: 300, maxLength: 300 }), { seed, numRuns: 1 })[0]!;
}

function inRange(a: Alert, r: TimeRange): boolean {
  return !a.isDismissed && (r.from === undefined || a.createdAt >= r.from) && (r.until === undefined || a.createdAt <= r.until);
}

function bruteCounts(alerts: Alert[], r: TimeRange) {
  return ([1, 2, 3] as const).map((severity) => ({
    severity,
    count: alerts.filter((a) => inRange(a, r) && a.severity === severity).length,
  }));
}

function bruteTop(alerts: Alert[], key: (a: Alert) => string | null, r: TimeRange, limit: number) {
  const counts = new Map<string, number>();
  for (const a of alerts) {
    const k = key(a);
    if (k !== null && inRange(a, r)) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts]
    .map(([id, count]) => ({ id, count }))
    .sort((x, y) => y.count - x.count || (x.id < y.id ? -1 : 1))
    .slice(0, limit);
}

function bruteSeries(alerts: Alert[], r: Required<TimeRange>, bucket: number) {
  const first = Math.floor(r.from / bucket) * bucket;
  const n = Math.floor(r.until / bucket) - Math.floor(r.from / bucket) + 1;
  const out = Array.from({ length: n }, (_, i) => ({ at: first + i * bucket, counts: [0, 0, 0] as [number, number, number] }));
  for (const a of alerts) if (inRange(a, r)) out[Math.floor((a.createdAt - first) / bucket)]!.counts[a.severity - 1]!++;
  return out;
}

/** Every aggregate over random ranges equals the brute-force count of `model` (the org's alerts as they are now). */
async function checkAgainst(store: Store, org: string, model: Alert[], seed: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(range, fc.constantFrom(HOUR, 6 * HOUR, DAY), async (r, bucket) => {
      assert.deepEqual(await store.alertStats.severityCounts(org, r), bruteCounts(model, r), JSON.stringify(r));
      assert.deepEqual(await store.alerts.severityCounts(org, r), bruteCounts(model, r), 'v2 severity counts');
      assert.deepEqual(await store.alertStats.top(org, 'rule', r, 2), bruteTop(model, (a) => a.ruleId, r, 2));
      assert.deepEqual(await store.alertStats.top(org, 'agent', r, 10), bruteTop(model, (a) => a.agentId, r, 10));
      if (r.from !== undefined && r.until !== undefined) {
        const bounded = { from: r.from, until: r.until };
        assert.deepEqual(await store.alertStats.series(org, bounded, bucket), bruteSeries(model, bounded, bucket));
      }
    }),
    { seed, numRuns: 60 },
  );
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: alert stats`, () => {
    const s = useStore(dialect);

    it('equal a brute-force count over random ranges, through dismissals and retention', async () => {
      const org = await newOrg(s.store);
      const other = await newOrg(s.store);
      const made = generated(20);
      const created = await s.store.alerts.createMany(made.map((m) => ({ alert: alertInput(org, m) })));
      // Another organization's alerts at the same times must never be counted.
      await s.store.alerts.createMany(made.slice(0, 50).map((m) => ({ alert: alertInput(other, m) })));
      await s.store.alerts.create(alertInput(org, { ...made[0]!, id: 'single' })).then((a) => created.push(a));
      await checkAgainst(s.store, org, created, 1);

      const byId = created.filter((_, i) => i % 7 === 0).map((a) => a.id);
      await s.store.alerts.dismissByIds(org, byId, { reason: 'OTHER', text: null, by: 'u', at: BASE });
      const q = { from: BASE + DAY - 1, until: BASE + 2 * DAY, severity: 2 as const };
      await s.store.alerts.dismissByQuery(org, q, { reason: 'OTHER', text: null, by: 'u', at: BASE });
      let model = created.map((a) => ({
        ...a,
        isDismissed:
          byId.includes(a.id) || (a.severity === 2 && a.createdAt >= q.from && a.createdAt <= q.until),
      }));
      await checkAgainst(s.store, org, model, 2);

      const cut = BASE - (BASE % DAY) + 30 * HOUR + 1;
      await s.store.retention.deleteAlertsBefore(cut, { chunkSize: 40 });
      model = model.filter((a) => a.createdAt >= cut);
      await checkAgainst(s.store, org, model, 3);
    });

    it('the migration counts the alerts stored before it', async () => {
      const org = await newOrg(s.store);
      const db = bareKysely(s.url);
      try {
        await alertCountsLevels.down!(db);
        await alertCounts.down!(db);
        const created = await s.store.alerts.createMany(generated(21).map((m) => ({ alert: alertInput(org, m) })));
        await s.store.alerts.dismissByIds(org, created.slice(0, 40).map((a) => a.id), { reason: 'OTHER', text: null, by: 'u', at: BASE });
        await alertCounts.up(db);
        await alertCountsLevels.up(db);
        const model = created.map((a, i) => ({ ...a, isDismissed: i < 40 }));
        await checkAgainst(s.store, org, model, 4);
      } finally {
        await db.destroy();
      }
    });

    it('an organization without alerts has zeros, an empty top and a zero series', async () => {
      const org = await newOrg(s.store);
      const zeros = [1, 2, 3].map((severity) => ({ severity, count: 0 }));
      assert.deepEqual(await s.store.alertStats.severityCounts(org, {}), zeros);
      assert.deepEqual(await s.store.alertStats.top(org, 'agent', {}, 5), []);
      assert.deepEqual(await s.store.alertStats.series(org, { from: 0, until: 2 * HOUR - 1 }, HOUR), [
        { at: 0, counts: [0, 0, 0] },
        { at: HOUR, counts: [0, 0, 0] },
      ]);
    });

    it('refuses bad input', async () => {
      const org = await newOrg(s.store);
      await assert.rejects(s.store.alertStats.severityCounts(org, { from: 1.5 }), StoreValidationError);
      await assert.rejects(s.store.alertStats.severityCounts(org, { from: 10, until: 9 }), StoreValidationError);
      await assert.rejects(s.store.alertStats.top(org, 'agent', {}, 0), StoreValidationError);
      await assert.rejects(s.store.alertStats.top(org, 'agent', {}, 101), StoreValidationError);
      await assert.rejects(s.store.alertStats.top(org, 'host' as never, {}, 5), StoreValidationError);
      await assert.rejects(s.store.alertStats.series(org, { from: 0, until: HOUR }, 1000), StoreValidationError);
      await assert.rejects(s.store.alertStats.series(org, { from: 0, until: 20_000 * HOUR }, HOUR), /buckets/);
      await assert.rejects(s.store.alertStats.series(org, { from: HOUR, until: 0 }, HOUR), StoreValidationError);
    });
  });
}
