import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '@vigil/store/testing';
import { loadConfig, startRetentionWorker } from '../src/index.js';
import { alertFixture } from './helpers/fixtures.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('retention configuration', () => {
  it('keeps events 72 hours and alerts a year by default, configurable by environment', () => {
    assert.deepEqual(loadConfig({}).retention, { eventsHours: 72, alertsDays: 365, intervalSeconds: 300 });
    const c = loadConfig({ VIGIL_RETENTION_EVENTS_HOURS: '24', VIGIL_RETENTION_ALERTS_DAYS: '0', VIGIL_RETENTION_INTERVAL_SECONDS: '60' });
    assert.deepEqual(c.retention, { eventsHours: 24, alertsDays: 0, intervalSeconds: 60 });
    assert.throws(() => loadConfig({ VIGIL_RETENTION_EVENTS_HOURS: '-1' }), /VIGIL_RETENTION_EVENTS_HOURS/);
  });
});

for (const dialect of DIALECTS) {
  describe(`retention worker (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      // The server's own worker runs every second and deletes events only (alerts kept forever), so the
      // alert assertions below see just the workers started by the tests.
      server = await startTestServer(dialect, { config: { retention: { eventsHours: 72, alertsDays: 0, intervalSeconds: 1 } } });
    });
    after(async () => {
      await server?.close();
    });

    it('deletes old events and alerts on its timer, keeps young ones, and stops cleanly', async () => {
      const orgId = server.creds.orgId;
      const now = Date.now();
      const { agent } = await server.store.ingest.registerAgent({ orgId, hostname: 'h', at: now });
      const ev = (n: number) => Array.from({ length: n }, (_, i) => ({ eventType: 'audit', timestamp: now, data: { i } }));
      await server.store.ingest.storeBatch(orgId, agent.id, 'old', ev(9), now - 73 * HOUR);
      await server.store.ingest.storeBatch(orgId, agent.id, 'young', ev(3), now - 71 * HOUR);
      const oldAlert = await server.store.alerts.create(alertFixture(orgId, { createdAt: now - 366 * DAY }), [{ timestamp: now, data: {} }]);
      const youngAlert = await server.store.alerts.create(alertFixture(orgId, { createdAt: now - 364 * DAY }));

      const worker = startRetentionWorker({
        store: server.store,
        eventsMaxAgeMs: 72 * HOUR,
        alertsMaxAgeMs: 365 * DAY,
        intervalMs: 20,
        chunkSize: 2,
        now: () => now,
      });
      try {
        for (let i = 0; i < 200 && (await server.store.ingest.countEvents(orgId)) > 3; i++) await new Promise((r) => setTimeout(r, 20));
        await worker.sweep();
        assert.equal(await server.store.ingest.countEvents(orgId), 3);
        assert.equal(await server.store.alerts.get(orgId, oldAlert.id), undefined);
        assert.ok(await server.store.alerts.get(orgId, youngAlert.id));
        assert.deepEqual(await worker.sweep(), { events: 0, alerts: 0 });
      } finally {
        await worker.stop();
      }
    });

    it('runs in the server started by startServer', async () => {
      const orgId = server.creds.orgId;
      const { agent } = await server.store.ingest.registerAgent({ orgId, hostname: 'h2', at: Date.now() });
      await server.store.ingest.storeBatch(orgId, agent.id, 'ancient', [{ eventType: 'audit', timestamp: 0, data: {} }], Date.now() - 100 * HOUR);
      const deadline = Date.now() + 5000;
      while ((await server.store.ingest.countEvents(orgId, agent.id)) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      assert.equal(await server.store.ingest.countEvents(orgId, agent.id), 0);
    });

    it('keeps everything when a retention is 0', async () => {
      const orgId = server.creds.orgId;
      const now = Date.now();
      const a = await server.store.alerts.create(alertFixture(orgId, { createdAt: now - 5000 * DAY }));
      const worker = startRetentionWorker({ store: server.store, eventsMaxAgeMs: 0, alertsMaxAgeMs: 0, intervalMs: 60_000 });
      assert.deepEqual(await worker.sweep(), { events: 0, alerts: 0 });
      await worker.stop();
      assert.ok(await server.store.alerts.get(orgId, a.id));
      await server.store.retention.deleteAlertsBefore(now - 1000 * DAY);
    });
  });
}
