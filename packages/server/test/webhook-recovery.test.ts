/**
 * A receiver that is down, then answers 500, then hangs past the send timeout, then recovers, gets every
 * alert once it recovers; every attempt in between is in the delivery log with its status code or error,
 * and the delivery shows its next retry.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { WebhookAttempt } from '@vigil/store';
import { DIALECTS } from '@vigil/store/testing';
import { alertFixture } from './helpers/fixtures.js';
import { startTestServer } from './helpers/test-server.js';
import { startControlledReceiver } from './helpers/webhook-receiver.js';

const ALERTS = 20;

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
  describe(`webhook receiver recovery (${dialect})`, () => {
    it('delivers everything once a down, failing, then hanging receiver recovers, logging every attempt', { timeout: 180_000 }, async () => {
      const receiver = await startControlledReceiver();
      const server = await startTestServer(dialect, {
        config: {
          webhooks: {
            allowHttp: false,
            allowPrivate: true,
            caFile: receiver.caFile,
            pollMs: 20,
            timeoutMs: 500,
            leaseMs: 3_000,
            retryDelaysMs: Array(100).fill(150),
          },
        },
      });
      try {
        const { orgId } = server.creds;
        const created = await server.request('POST', '/v2/integrations/webhooks', { body: { url: `${receiver.url}/hook` } });
        assert.equal(created.status, 201, created.text);
        const endpointId = created.json.id as string;
        await receiver.down();

        const alerts = await server.store.alerts.createMany(Array.from({ length: ALERTS }, () => ({ alert: alertFixture(orgId, { severity: 1 }) })));
        const attemptsOf = async () => {
          const ds = await server.store.webhooks.listDeliveries(orgId, endpointId, 1000);
          return Promise.all(ds.map(async (d) => ({ d, attempts: await server.store.webhooks.listAttempts(orgId, d.id) })));
        };
        // Only attempts made after the stage began count: on a loaded machine a 500 can arrive after the
        // send timeout, and that early timeout must not stand in for the hanging stage's.
        const everyDeliverySaw = (what: string, seen: (a: WebhookAttempt) => boolean) => {
          const since = Date.now();
          return until(what, async () => {
            const all = await attemptsOf();
            return all.length === ALERTS && all.every((x) => x.attempts.some((a) => a.attemptedAt >= since && seen(a))) ? all : undefined;
          });
        };

        // Down: connections refused, retried on the schedule, visible as pending with a next retry.
        await everyDeliverySaw('refused attempts', (a) => a.statusCode === null && /ECONNREFUSED/.test(a.error ?? ''));
        const whileDown = await server.request('GET', `/v2/integrations/webhooks/${endpointId}/deliveries?status=pending`);
        assert.equal(whileDown.status, 200, whileDown.text);
        assert.ok(whileDown.json.deliveries.length > 0);
        for (const d of whileDown.json.deliveries) {
          assert.equal(typeof d.nextAttemptAt, 'string', 'the next retry is shown');
          assert.match(d.log[0].error, /ECONNREFUSED/);
          assert.equal(d.log[0].statusCode, null);
        }
        assert.equal(receiver.requests.length, 0);

        // Up, but failing.
        receiver.set({ answer: 500 });
        await receiver.up();
        await everyDeliverySaw('500 answers', (a) => a.statusCode === 500 && a.responseBody === 'answered 500');

        // Hanging past the (500 ms) send timeout.
        receiver.set({ hang: true });
        await everyDeliverySaw('timeouts', (a) => a.statusCode === null && /timed out after 500 ms/.test(a.error ?? ''));
        assert.ok(receiver.deliveredAlerts().size === 0, 'nothing counted as delivered yet');

        // Recovered.
        receiver.set({ answer: 200 });
        await until('every alert delivered', () => receiver.deliveredAlerts().size === ALERTS || undefined);
        const done = await until('every delivery succeeded', async () => {
          const all = await attemptsOf();
          return all.every((x) => x.d.status === 'succeeded') ? all : undefined;
        });
        assert.deepEqual(receiver.deliveredAlerts(), new Set(alerts.map((a) => a.id)));

        for (const { d, attempts } of done) {
          // The log tells the story in order: refused, then 500, then timed out, then 200 (last). Connection
          // resets may come in between: the receiver drops what it holds whenever it goes down or recovers.
          const kind = (a: WebhookAttempt) =>
            a.statusCode === 200
              ? 'ok'
              : a.statusCode === 500
                ? '500'
                : /timed out after 500 ms/.test(a.error ?? '')
                  ? 'timeout'
                  : /ECONNREFUSED/.test(a.error ?? '')
                    ? 'refused'
                    : /ECONNRESET|socket hang up|EPIPE/.test(a.error ?? '')
                      ? 'reset'
                      : 'unexpected';
          const kinds = attempts.map(kind);
          assert.ok(!kinds.includes('unexpected'), `only the expected outcomes: ${JSON.stringify(attempts)}`);
          let at = -1;
          for (const step of ['refused', '500', 'timeout', 'ok'] as const) {
            at = kinds.indexOf(step, at + 1);
            assert.ok(at >= 0, `delivery ${d.id}: ${step} after the earlier steps in ${kinds.join(',')}`);
          }
          assert.equal(at, kinds.length - 1, 'nothing sent after the success');
          assert.equal(kinds.filter((k) => k === 'ok').length, 1, 'one success');
          assert.equal(d.attempts, attempts.length);
          assert.equal(d.nextAttemptAt, null);
          for (let i = 1; i < attempts.length; i++) assert.ok(attempts[i]!.attemptedAt >= attempts[i - 1]!.attemptedAt);
        }
        // The same webhook-id on every request for one alert.
        const idOf = new Map(done.map((x) => [x.d.alertId, x.d.id]));
        for (const r of receiver.requests) assert.equal(r.webhookId, idOf.get(r.alertId));

        // The endpoint's failure streak ended with the success.
        const endpoint = await server.store.webhooks.getEndpoint(orgId, endpointId);
        assert.equal(endpoint!.enabled, true);
        assert.equal(endpoint!.failingSince, null);
      } finally {
        await server.close();
        await receiver.close();
      }
    });
  });
}
