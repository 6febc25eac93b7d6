import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IngestEvent } from '../src/index.js';
import { DIALECTS } from '../src/testing.js';
import { T0, alertInput, newOrg, rawQuery, useStore } from './support.js';

const HOUR = 3_600_000;
const events = (n: number): IngestEvent[] =>
  Array.from({ length: n }, (_, i) => ({ eventType: 'audit', timestamp: T0 + i, data: { event_type: 'audit', seq: i } }));

for (const dialect of DIALECTS) {
  describe(`${dialect}: retention`, () => {
    const s = useStore(dialect);

    it('deletes events received before the cut-off in chunks, in every organization, and keeps younger ones', async () => {
      const orgA = await newOrg(s.store);
      const orgB = await newOrg(s.store);
      const a = (await s.store.ingest.registerAgent({ orgId: orgA, hostname: 'a', at: T0 })).agent;
      const b = (await s.store.ingest.registerAgent({ orgId: orgB, hostname: 'b', at: T0 })).agent;
      // received_at decides, not the agent's timestamp (all events carry an old T0-based timestamp)
      await s.store.ingest.storeBatch(orgA, a.id, 'old-a', events(23), T0);
      await s.store.ingest.storeBatch(orgB, b.id, 'old-b', events(7), T0 + HOUR);
      await s.store.ingest.storeBatch(orgA, a.id, 'young-a', events(5), T0 + 10 * HOUR);
      await s.store.ingest.storeBatch(orgB, b.id, 'young-b', events(4), T0 + 10 * HOUR);

      // A chunk is a number of batches (a batch row holds its events), oldest first; maxChunks bounds one pass.
      assert.equal(await s.store.retention.deleteEventsBefore(T0 + 5 * HOUR, { chunkSize: 1, maxChunks: 1 }), 23);
      assert.equal(await s.store.retention.deleteEventsBefore(T0 + 5 * HOUR, { chunkSize: 1 }), 7);
      assert.equal(await s.store.retention.deleteEventsBefore(T0 + 5 * HOUR, { chunkSize: 1 }), 0);
      assert.equal(await s.store.ingest.countEvents(orgA), 5);
      assert.equal(await s.store.ingest.countEvents(orgB), 4);
      const batches = await rawQuery(s.url, `select batch_id from event_batches where org_id in ('${orgA}', '${orgB}') order by batch_id`);
      assert.deepEqual(batches.map((r) => r.batch_id), ['young-a', 'young-b'], 'batch ids past retention go too');
      await assert.rejects(s.store.retention.deleteEventsBefore(T0, { chunkSize: 0 }));
    });

    it('deletes alerts created before the cut-off with their events, in chunks', async () => {
      const orgA = await newOrg(s.store);
      const orgB = await newOrg(s.store);
      const ev = [{ timestamp: T0, data: { user: 'root' } }];
      const old = await s.store.alerts.createMany(
        Array.from({ length: 12 }, (_, i) => ({ alert: alertInput(i % 2 ? orgA : orgB, { createdAt: T0 + i }), events: ev })),
      );
      const young = await s.store.alerts.create(alertInput(orgA, { createdAt: T0 + 400 * 24 * HOUR }), ev);
      const before = T0 + 365 * 24 * HOUR;
      assert.equal(await s.store.retention.deleteAlertsBefore(before, { chunkSize: 5 }), 12);
      assert.equal(await s.store.retention.deleteAlertsBefore(before, { chunkSize: 5 }), 0);
      assert.equal(await s.store.alerts.get(orgA, young.id).then((x) => x?.id), young.id);
      assert.equal((await s.store.alerts.events(orgA, young.id))?.length, 1);
      const ids = old.map((x) => `'${x.id}'`).join(', ');
      const orphans = await rawQuery(s.url, `select count(*) as n from alert_events where alert_id in (${ids})`);
      assert.equal(Number(orphans[0]!.n), 0, 'alert_events cascade');
    });
  });
}
