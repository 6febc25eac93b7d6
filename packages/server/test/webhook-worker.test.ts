/**
 * The delivery worker under load and in company: two workers (two processes' worth: separate store
 * connections) share one outbox without sending anything twice, and an alert committed in the worker's
 * own process wakes it without waiting for a poll.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { openStore } from '@vigil/store';
import { createTestDatabase, DIALECTS } from '@vigil/store/testing';
import { deliverOptionsFrom } from '../src/webhooks/deliver.js';
import { newWebhookSecret } from '../src/webhooks/sign.js';
import { startWebhookWorker } from '../src/workers/webhook-delivery.js';
import { alertFixture } from './helpers/fixtures.js';
import { startControlledReceiver } from './helpers/webhook-receiver.js';

const ALERTS = 600;

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

for (const dialect of DIALECTS) {
  describe(`webhook delivery worker (${dialect})`, () => {
    it('shares the outbox between two workers: every alert sent once, every attempt logged once', { timeout: 120_000 }, async () => {
      const db = await createTestDatabase(dialect);
      const secret = randomBytes(24).toString('hex');
      const receiver = await startControlledReceiver();
      const one = await openStore({ url: db.url, secret });
      const two = await openStore({ url: db.url, secret });
      const options = () => deliverOptionsFrom({ allowHttp: false, allowPrivate: true, caFile: receiver.caFile });
      try {
        const org = await one.organizations.create({ id: `org${randomBytes(4).toString('hex')}`, name: 'Workers' });
        const ep = await one.webhooks.createEndpoint({ orgId: org.id, url: `${receiver.url}/hook`, secret: newWebhookSecret() });
        const alerts = await one.alerts.createMany(Array.from({ length: ALERTS }, () => ({ alert: alertFixture(org.id) })));
        // Small claims and few slots, so the two interleave many times.
        const errors: unknown[] = [];
        const workers = [one, two].map((store) =>
          startWebhookWorker({
            store,
            deliverOptions: options(),
            consoleUrl: 'http://127.0.0.1',
            intervalMs: 10,
            concurrency: 8,
            onError: (err) => errors.push(err),
          }),
        );
        try {
          await until('every alert delivered', () => receiver.deliveredAlerts().size === ALERTS || undefined);
          await Promise.all(workers.map((w) => w.tick()));
        } finally {
          await Promise.all(workers.map((w) => w.stop()));
        }
        assert.deepEqual(errors, [], 'no worker errors');
        assert.deepEqual(receiver.deliveredAlerts(), new Set(alerts.map((a) => a.id)));
        assert.equal(receiver.requests.length, ALERTS, 'nothing sent twice');
        const all = await one.webhooks.pageDeliveries(org.id, ep.id, {}, { limit: 1000 });
        const unsettled = all.items.filter((d) => d.status !== 'succeeded');
        const why = await one.webhooks.listAttemptsOf(org.id, unsettled.map((d) => d.id));
        // On failure, say what happened to each: its status and its attempts' errors.
        assert.deepEqual(
          unsettled.map((d) => ({ id: d.id, status: d.status, attempts: (why.get(d.id) ?? []).map((a) => a.error ?? a.statusCode) })),
          [],
        );
        const page = await one.webhooks.pageDeliveries(org.id, ep.id, { status: 'succeeded' }, { limit: 1000 });
        assert.equal(page.items.length, ALERTS);
        const attempts = await one.webhooks.listAttemptsOf(org.id, page.items.map((d) => d.id));
        for (const d of page.items) {
          assert.equal(d.attempts, 1, d.id);
          assert.equal(attempts.get(d.id)?.length, 1, d.id);
          assert.equal(d.lastAttemptAt, attempts.get(d.id)![0]!.attemptedAt);
        }
      } finally {
        await one.close();
        await two.close();
        await receiver.close();
        await db.drop();
      }
    });

    it('is woken by an alert committed in its own process, without polling', { timeout: 60_000 }, async () => {
      const db = await createTestDatabase(dialect);
      const receiver = await startControlledReceiver();
      const store = await openStore({ url: db.url, secret: randomBytes(24).toString('hex') });
      // Polls once an hour: only the outbox signal can explain a prompt delivery.
      const worker = startWebhookWorker({
        store,
        deliverOptions: deliverOptionsFrom({ allowHttp: false, allowPrivate: true, caFile: receiver.caFile }),
        consoleUrl: 'http://127.0.0.1',
        intervalMs: 3_600_000,
      });
      try {
        const org = await store.organizations.create({ id: `org${randomBytes(4).toString('hex')}`, name: 'Wake' });
        await store.webhooks.createEndpoint({ orgId: org.id, url: `${receiver.url}/hook`, secret: newWebhookSecret() });
        for (let round = 0; round < 3; round++) {
          const alert = await store.alerts.create(alertFixture(org.id));
          await until(`alert ${round} delivered`, () => receiver.deliveredAlerts().has(alert.id) || undefined, 20_000);
        }
      } finally {
        await worker.stop();
        await store.close();
        await receiver.close();
        await db.drop();
      }
    });
  });
}
