import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS, openTestStore } from '../src/testing.js';
import type { NewAlert, Store } from '../src/index.js';

for (const dialect of DIALECTS) {
  describe(`webhook outbox (${dialect})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let orgId: string;
    let otherOrg: string;
    let agentId: string;

    before(async () => {
      ({ store, cleanup } = await openTestStore(dialect));
      orgId = (await store.organizations.create({ name: 'Hooks' })).id;
      otherOrg = (await store.organizations.create({ name: 'Other' })).id;
      agentId = (await store.ingest.registerAgent({ orgId, hostname: 'web-1' })).agent.id;
    });
    after(() => cleanup());

    const alert = (id: string, severity: 1 | 2 | 3, org = orgId): NewAlert & { id: string } => ({
      id, orgId: org, title: 't', dataSource: 'agent', createdAt: 1_700_000_000_000, severity,
      agentId: null, ruleId: null, rulesetId: 'rs-1', aggregates: [],
    });
    const deliveriesOf = async (endpointId: string) =>
      (await store.webhooks.listDeliveries(orgId, endpointId, 100)).map((d) => d.alertId).sort();

    it('queues one delivery per matching enabled endpoint of the alert\'s org, from create, createMany and detection', async () => {
      const all = await store.webhooks.createEndpoint({ orgId, url: 'https://a.example/h', secret: 'whsec_YQ==' });
      const high = await store.webhooks.createEndpoint({ orgId, url: 'https://b.example/h', secret: 'whsec_Yg==', minSeverity: 1 });
      const otherRuleset = await store.webhooks.createEndpoint({ orgId, url: 'https://c.example/h', secret: 'whsec_Yw==', rulesets: ['rs-2'] });
      const off = await store.webhooks.createEndpoint({ orgId, url: 'https://d.example/h', secret: 'whsec_ZA==', enabled: false });
      await store.webhooks.createEndpoint({ orgId: otherOrg, url: 'https://e.example/h', secret: 'whsec_ZQ==' });

      await store.alerts.create(alert('one', 1));
      await store.alerts.createMany([{ alert: alert('two', 3) }, { alert: alert('three', 2, otherOrg) }]);
      const t = 1_700_000_000_000;
      await store.ingest.storeBatch(orgId, agentId, 'b1', [{ eventType: 'audit', timestamp: t, data: {} }], t);
      const [pending] = await store.detection.pendingBatches(10);
      assert.equal(await store.detection.commit({ batches: [pending!], newAlerts: [{ alert: alert('four', 1), events: [] }], attach: [] }), true);

      assert.deepEqual(await deliveriesOf(all.id), ['four', 'one', 'two']);
      assert.deepEqual(await deliveriesOf(high.id), ['four', 'one']);
      assert.deepEqual(await deliveriesOf(otherRuleset.id), []);
      assert.deepEqual(await deliveriesOf(off.id), []);
      const [d] = await store.webhooks.listDeliveries(orgId, all.id, 1);
      assert.match(d!.id, /^msg_/);
      assert.equal(d!.status, 'pending');
    });

    it('writes nothing when the alert transaction fails', async () => {
      const ep = await store.webhooks.createEndpoint({ orgId, url: 'https://f.example/h', secret: 'whsec_Zg==' });
      await assert.rejects(store.alerts.createMany([{ alert: alert('five', 1) }, { alert: alert('one', 1) }]));
      assert.deepEqual(await deliveriesOf(ep.id), []);
      assert.equal(await store.alerts.get(orgId, 'five'), undefined);
    });

    it('leases due deliveries to one claimer and records attempts', async () => {
      const ep = await store.webhooks.createEndpoint({ orgId, url: 'https://g.example/h', secret: 'whsec_Zw==' });
      await store.alerts.create(alert('six', 1));
      const now = Date.now() + 1000;
      const claimed = (await store.webhooks.claimDue(now, 100, 60_000)).filter((d) => d.endpointId === ep.id);
      assert.equal(claimed.length, 1);
      assert.equal((await store.webhooks.claimDue(now, 100, 60_000)).filter((d) => d.endpointId === ep.id).length, 0, 'leased');
      await store.webhooks.recordAttempt(
        claimed[0]!.id,
        { attemptedAt: now, statusCode: 500, latencyMs: 12, error: null, responseBody: 'oops' },
        { status: 'pending', nextAttemptAt: now + 5000 },
      );
      const [d] = await store.webhooks.listDeliveries(orgId, ep.id, 1);
      assert.equal(d!.attempts, 1);
      assert.equal(d!.nextAttemptAt, now + 5000);
      assert.equal((await store.webhooks.claimDue(now + 5000, 100, 60_000)).filter((x) => x.endpointId === ep.id).length, 1);
      const secrets = await store.webhooks.getEndpointWithSecrets(orgId, ep.id);
      assert.equal(secrets!.secret, 'whsec_Zw==');
      assert.equal(secrets!.previousSecret, null);
    });

    it('gives each due delivery to one of many concurrent claims, without deadlocks', async () => {
      const ep = await store.webhooks.createEndpoint({ orgId, url: 'https://h.example/h', secret: 'whsec_aA==' });
      const ids = Array.from({ length: 300 }, (_, i) => `race-${i}`);
      await store.alerts.createMany(ids.map((id) => ({ alert: alert(id, 2) })));
      const now = Date.now() + 1000;
      // Small claims at once from every pooled connection: each takes its rows in its own order.
      for (let round = 0; round < 3; round++) {
        const claims = await Promise.all(Array.from({ length: 30 }, () => store.webhooks.claimDue(now, 7, 60_000)));
        const mine = claims.flat().filter((d) => d.endpointId === ep.id);
        assert.equal(new Set(mine.map((d) => d.id)).size, mine.length, 'no delivery claimed twice');
        for (const d of mine) {
          await store.webhooks.recordAttempt(
            d.id,
            { attemptedAt: now, statusCode: 200, latencyMs: 1, error: null, responseBody: null },
            { status: 'succeeded', nextAttemptAt: null },
          );
        }
      }
      const left = await store.webhooks.claimDue(now, 1000, 60_000);
      const done = await store.webhooks.pageDeliveries(orgId, ep.id, { status: 'succeeded' }, { limit: 1000 });
      assert.equal(done.items.length + left.filter((d) => d.endpointId === ep.id).length, ids.length);
    });
  });
}
