/**
 * The webhook delivery log: keyset paging with signed tokens (new deliveries neither skip nor repeat), the
 * status filter, test sends recorded as test deliveries, and bad input for each.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '@vigil/store/testing';
import { alertFixture, otherOrganization } from './helpers/fixtures.js';
import { startReceiver, type Receiver } from './helpers/https-receiver.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

for (const dialect of DIALECTS) {
  describe(`webhook delivery log (${dialect})`, () => {
    let receiver: Receiver;
    let server: TestServer;
    const path = (id: string, query = '') => `/v2/integrations/webhooks/${id}/deliveries${query}`;
    const createEndpoint = async (p: string) => {
      const res = await server.request('POST', '/v2/integrations/webhooks', { body: { url: receiver.url + p } });
      assert.equal(res.status, 201, res.text);
      return res.json as { id: string; secret: string };
    };
    const createAlerts = (n: number) =>
      server.store.alerts.createMany(Array.from({ length: n }, () => ({ alert: alertFixture(server.creds.orgId) })));

    before(async () => {
      receiver = await startReceiver();
      server = await startTestServer(dialect, {
        // One retry an hour away: a failed first attempt leaves the delivery pending for the whole test.
        config: { webhooks: { allowHttp: false, allowPrivate: true, caFile: receiver.caFile, pollMs: 20, retryDelaysMs: [3_600_000] } },
      });
    });
    after(async () => {
      await server?.close();
      await receiver?.close();
    });

    it('pages more than 100 deliveries newest first; deliveries added meanwhile neither skip nor repeat', async () => {
      const ep = await createEndpoint('/paged');
      const alerts = await createAlerts(250);
      const first = await server.request('GET', path(ep.id));
      assert.equal(first.status, 200, first.text);
      assert.deepEqual(Object.keys(first.json).sort(), ['deliveries', 'token']);
      assert.equal(first.json.deliveries.length, 100);
      assert.equal(typeof first.json.token, 'string');
      // Newer deliveries arrive between pages.
      const later = await createAlerts(7);
      const seen: any[] = [...first.json.deliveries];
      let token: string | null = first.json.token;
      let pages = 1;
      while (token !== null) {
        const res = await server.request('GET', path(ep.id, `?token=${encodeURIComponent(token)}`));
        assert.equal(res.status, 200, res.text);
        seen.push(...res.json.deliveries);
        token = res.json.token;
        pages++;
      }
      assert.equal(pages, 3);
      const ids = seen.map((d) => d.id);
      assert.equal(new Set(ids).size, ids.length, 'no delivery repeated');
      assert.deepEqual(new Set(seen.map((d) => d.alertId)), new Set(alerts.map((a) => a.id)), 'exactly the deliveries present at the first page');
      for (let i = 1; i < seen.length; i++) {
        assert.ok(Date.parse(seen[i - 1].createdAt) >= Date.parse(seen[i].createdAt), 'newest first');
      }
      assert.ok(seen.every((d) => d.test === false && Array.isArray(d.log)));
      // The new ones lead the next first page.
      const again = await server.request('GET', path(ep.id));
      const newest = new Set(again.json.deliveries.slice(0, 7).map((d: any) => d.alertId));
      assert.deepEqual(newest, new Set(later.map((a) => a.id)));
      // Each delivery carries its attempts once the worker has sent it.
      const sent = await until('every delivery sent', async () => {
        const ds = await server.store.webhooks.listDeliveries(server.creds.orgId, ep.id, 1000);
        return ds.length === 257 && ds.every((d) => d.status === 'succeeded') ? ds : undefined;
      });
      assert.equal(sent.length, 257);
      const done = await server.request('GET', path(ep.id));
      assert.ok(done.json.deliveries.every((d: any) => d.status === 'succeeded' && d.log.length === 1 && d.log[0].statusCode === 200));
    });

    it('filters by status and logs test sends as test deliveries', async () => {
      receiver.script('/failing', [500]);
      const ep = await createEndpoint('/failing');
      const [a] = await createAlerts(1);
      await until('a failed first attempt', async () => {
        const [d] = await server.store.webhooks.listDeliveries(server.creds.orgId, ep.id, 10);
        return d?.attempts === 1 ? d : undefined;
      });
      const test = await server.request('POST', `/v2/integrations/webhooks/${ep.id}/test`);
      assert.equal(test.status, 200, test.text);
      assert.equal(test.json.success, false);
      assert.equal(test.json.statusCode, 500);
      assert.match(test.json.deliveryId, /^msg_test_/);
      assert.equal(receiver.received('/failing').at(-1)!.headers['webhook-id'], test.json.deliveryId, 'logged under the webhook-id it was sent with');

      const all = await server.request('GET', path(ep.id));
      assert.equal(all.json.deliveries.length, 2);
      const [testLog, alertLog] = all.json.deliveries;
      assert.equal(testLog.id, test.json.deliveryId);
      assert.equal(testLog.test, true);
      assert.equal(testLog.status, 'failed');
      assert.equal(testLog.nextAttemptAt, null, 'never retried');
      assert.equal(testLog.log.length, 1);
      assert.equal(testLog.log[0].statusCode, 500);
      assert.equal(testLog.log[0].responseBody, 'answered 500');
      assert.equal(alertLog.alertId, a!.id);
      assert.equal(alertLog.test, false);
      assert.equal(alertLog.status, 'pending');
      assert.ok(Date.parse(alertLog.nextAttemptAt) > Date.now() + 3_000_000, 'the next retry is shown');

      const pending = await server.request('GET', path(ep.id, '?status=pending'));
      assert.deepEqual(pending.json.deliveries.map((d: any) => d.id), [alertLog.id]);
      const failed = await server.request('GET', path(ep.id, '?status=failed'));
      assert.deepEqual(failed.json.deliveries.map((d: any) => d.id), [testLog.id]);
      const succeeded = await server.request('GET', path(ep.id, '?status=succeeded'));
      assert.deepEqual(succeeded.json, { deliveries: [], token: null });

      // A successful test send is logged as succeeded.
      receiver.script('/failing', [200]);
      const ok = await server.request('POST', `/v2/integrations/webhooks/${ep.id}/test`);
      assert.equal(ok.json.success, true);
      const okLog = await server.request('GET', path(ep.id, '?status=succeeded'));
      assert.equal(okLog.json.deliveries.length, 1);
      assert.equal(okLog.json.deliveries[0].test, true);
      assert.equal(okLog.json.deliveries[0].log[0].statusCode, 200);
      // The worker never picks a test delivery up.
      assert.equal((await server.store.webhooks.getDelivery(server.creds.orgId, test.json.deliveryId))!.status, 'failed');

      // Redelivering a test send is refused with the reason, and changes nothing.
      const redo = await server.request('POST', `/v2/integrations/webhooks/deliveries/${test.json.deliveryId}/redeliver`);
      assert.equal(redo.status, 400, redo.text);
      assert.match(redo.json.errors[0], /test send/);
      const after = await server.store.webhooks.getDelivery(server.creds.orgId, test.json.deliveryId);
      assert.equal(after!.status, 'failed');
      assert.equal(after!.attempts, 1);
    });

    it('refuses bad tokens, bad status filters, unknown and foreign endpoints', async () => {
      const a = await createEndpoint('/bad-a');
      const b = await createEndpoint('/bad-b');
      await createAlerts(101);
      const all = await server.request('GET', path(a.id));
      assert.equal(all.json.deliveries.length, 100);
      const token = all.json.token as string;
      assert.equal(typeof token, 'string');

      const cases: Array<[string, RegExp]> = [
        [path(a.id, '?token=garbage'), /token/i],
        [path(a.id, `?token=${encodeURIComponent(token.slice(0, -3) + 'AAA')}`), /token/i],
        [path(a.id, `?token=${encodeURIComponent(token)}&status=failed`), /other parameters/],
        [path(b.id, `?token=${encodeURIComponent(token)}`), /other parameters/],
        [path(a.id, '?status=bogus'), /status/],
        [path(a.id, `?token=${'x'.repeat(600)}`), /token/],
      ];
      for (const [url, reason] of cases) {
        const res = await server.request('GET', url);
        assert.equal(res.status, 400, url);
        assert.ok(Array.isArray(res.json.errors), url);
        assert.match(res.json.errors.join(' '), reason, url);
      }

      assert.equal((await server.request('GET', path('no-such-endpoint'))).status, 404);
      const other = await otherOrganization(server.store);
      const foreign = await server.request('GET', path(a.id), { creds: other.creds });
      assert.equal(foreign.status, 404, 'another organization cannot read the log');
      const foreignTest = await server.request('POST', `/v2/integrations/webhooks/${a.id}/test`, { creds: other.creds });
      assert.equal(foreignTest.status, 404);
      assert.equal(
        (await server.store.webhooks.listDeliveries(server.creds.orgId, a.id, 1000)).filter((d) => d.test).length,
        0,
        'nothing sent or logged for a foreign test',
      );
    });
  });
}
