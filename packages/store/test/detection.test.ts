import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS, openTestStore } from '../src/testing.js';
import type { NewAlert, Store } from '../src/index.js';

for (const dialect of DIALECTS) {
  describe(`detection repository (${dialect})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let orgId: string;
    let agentId: string;

    before(async () => {
      ({ store, cleanup } = await openTestStore(dialect));
      orgId = (await store.organizations.create({ name: 'Detect' })).id;
      agentId = (await store.ingest.registerAgent({ orgId, hostname: 'web-1' })).agent.id;
    });
    after(() => cleanup());

    const alert = (id: string): NewAlert & { id: string } => ({
      id, orgId, title: 't', dataSource: 'agent', createdAt: 1_700_000_000_000, severity: 2,
      agentId, ruleId: 'r', rulesetId: 'rs', aggregates: [{ fieldName: 'user', fieldValue: 'root' }],
    });

    it('lists pending batches with their events, and commits alerts and marks exactly once', async () => {
      const t = 1_700_000_000_000;
      await store.ingest.storeBatch(orgId, agentId, 'a', [
        { eventType: 'audit', timestamp: t, data: { n: 1 } },
        { eventType: 'audit', timestamp: t + 1, data: { n: 2 } },
      ], t + 10);
      await store.ingest.storeBatch(orgId, agentId, 'b', [{ eventType: 'audit', timestamp: t + 2, data: { n: 3 } }], t + 20);
      const pending = await store.detection.pendingBatches(10);
      assert.deepEqual(pending.map((p) => p.batchId), ['a', 'b']);
      assert.deepEqual((await store.detection.batchEvents(pending[0]!)).map((e) => e.data.n), [1, 2], 'only its own events, in order');
      assert.deepEqual((await store.detection.batchEvents(pending[1]!)).map((e) => e.data.n), [3]);

      const fp = await store.detection.rulesFingerprint(orgId);
      assert.equal(fp, '0:0');

      assert.equal(
        await store.detection.commit({
          batches: [pending[0]!],
          newAlerts: [{ alert: alert('al-1'), events: [{ timestamp: t, data: { n: 1 } }] }],
          attach: [],
        }),
        true,
      );
      assert.deepEqual((await store.detection.pendingBatches(10)).map((p) => p.batchId), ['b']);
      // A second worker committing the same batch writes nothing, not even its other batch's mark.
      assert.equal(
        await store.detection.commit({ batches: [pending[1]!, pending[0]!], newAlerts: [{ alert: alert('al-2'), events: [] }], attach: [] }),
        false,
      );
      assert.equal(await store.alerts.get(orgId, 'al-2'), undefined);
      assert.deepEqual((await store.detection.pendingBatches(10)).map((p) => p.batchId), ['b']);

      assert.equal(
        await store.detection.commit({
          batches: [pending[1]!],
          newAlerts: [],
          attach: [
            { orgId, alertId: 'al-1', events: [{ timestamp: t + 2, data: { n: 3 } }] },
            { orgId, alertId: 'gone', events: [{ timestamp: t + 2, data: { n: 3 } }] },
          ],
        }),
        true,
      );
      assert.deepEqual(((await store.alerts.events(orgId, 'al-1')) ?? []).map((e) => e.data.n), [1, 3]);
      assert.deepEqual(await store.detection.pendingBatches(10), []);
    });
  });
}
