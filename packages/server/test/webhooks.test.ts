import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { DIALECTS } from '@vigil/store/testing';
import { isPublicAddress } from '@vigil/intel';
import { startWebhookWorker } from '../src/workers/webhook-delivery.js';
import { memberWithRole } from './helpers/fixtures.js';
import { startReceiver, type Receiver } from './helpers/https-receiver.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 8000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('webhook url safety', () => {
  it('refuses loopback, private, link-local, CGNAT, metadata, ULA and IPv4-mapped addresses', () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0',
      '::1', 'fd00:ec2::254', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1']) {
      assert.equal(isPublicAddress(ip), false, ip);
    }
    for (const ip of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111']) assert.equal(isPublicAddress(ip), true, ip);
  });
});

for (const dialect of DIALECTS) {
  describe(`webhooks (${dialect})`, () => {
    let receiver: Receiver;
    let server: TestServer;
    let strict: TestServer;
    const alert = (severity: 1 | 2 | 3 = 1) =>
      server.store.alerts.create({ orgId: server.creds.orgId, title: 'Suspicious login', dataSource: 'agent', createdAt: Date.now(), severity, agentId: null, ruleId: null, rulesetId: null, aggregates: [] });
    const createEndpoint = async (path: string, extra: Record<string, unknown> = {}) => {
      const res = await server.request('POST', '/v2/integrations/webhooks', { body: { url: receiver.url + path, ...extra } });
      assert.equal(res.status, 201, res.text);
      return res.json as { id: string; secret: string };
    };

    before(async () => {
      receiver = await startReceiver();
      server = await startTestServer(dialect, {
        config: { webhooks: { allowHttp: false, allowPrivate: true, caFile: receiver.caFile, pollMs: 20, retryDelaysMs: [50, 50, 50] } },
      });
      strict = await startTestServer(dialect);
    });
    after(async () => {
      await server?.close();
      await strict?.close();
      await receiver?.close();
    });

    it('creates, lists, gets, updates, disables, enables and deletes endpoints', async () => {
      const created = await server.request('POST', '/v2/integrations/webhooks', {
        body: { url: receiver.url + '/crud', description: 'SIEM', minSeverity: 2, sources: ['Host'] },
      });
      assert.equal(created.status, 201, created.text);
      assert.match(created.json.secret, /^whsec_[A-Za-z0-9+/=]+$/);
      assert.equal(created.json.format, 'threatstack');
      assert.equal(created.json.enabled, true);
      const id = created.json.id;
      const list = await server.request('GET', '/v2/integrations/webhooks');
      assert.ok(list.json.webhooks.some((w: any) => w.id === id));
      assert.ok(list.json.webhooks.every((w: any) => !('secret' in w)), 'secrets are shown only once');
      const got = await server.request('GET', `/v2/integrations/webhooks/${id}`);
      assert.equal(got.json.description, 'SIEM');
      const put = await server.request('PUT', `/v2/integrations/webhooks/${id}`, { body: { format: 'slack', minSeverity: 1 } });
      assert.equal(put.status, 200, put.text);
      assert.equal(put.json.format, 'slack');
      assert.equal(put.json.description, 'SIEM');
      const off = await server.request('POST', `/v2/integrations/webhooks/${id}/disable`);
      assert.equal(off.json.enabled, false);
      const on = await server.request('POST', `/v2/integrations/webhooks/${id}/enable`);
      assert.equal(on.json.enabled, true);
      const rotated = await server.request('POST', `/v2/integrations/webhooks/${id}/rotate-secret`);
      assert.equal(rotated.status, 200);
      assert.notEqual(rotated.json.secret, created.json.secret);
      assert.ok(Date.parse(rotated.json.previousSecretExpiresAt) > Date.now() + 23 * 3600_000);
      const del = await server.request('DELETE', `/v2/integrations/webhooks/${id}`);
      assert.equal(del.status, 204);
      assert.equal((await server.request('GET', `/v2/integrations/webhooks/${id}`)).status, 404);
    });

    it('answers 400 with the reason for unsafe or malformed URLs', async () => {
      const cases: Array<[string, RegExp]> = [
        ['http://example.com/hook', /https:\/\//],
        ['ftp://example.com/hook', /https:\/\//],
        ['https://127.0.0.1/hook', /public addresses only/],
        ['https://10.0.0.8/hook', /public addresses only/],
        ['https://169.254.169.254/latest/meta-data', /public addresses only/],
        ['https://[::1]/hook', /public addresses only/],
        ['https://localhost/hook', /public addresses only/],
        ['not a url', /valid absolute URL/],
      ];
      for (const [url, reason] of cases) {
        const res = await strict.request('POST', '/v2/integrations/webhooks', { body: { url } });
        assert.equal(res.status, 400, url);
        assert.match(res.json.errors[0], reason, url);
      }
      assert.equal((await strict.request('GET', '/v2/integrations/webhooks')).json.webhooks.length, 0, 'nothing created');
    });

    it('refuses readers', async () => {
      const { creds } = await memberWithRole(server.store, server.creds.orgId, 'reader');
      const res = await server.request('POST', '/v2/integrations/webhooks', { body: { url: receiver.url + '/r' }, creds });
      assert.equal(res.status, 403);
    });

    it('delivers a new alert in the Threat Stack format, signed per Standard Webhooks', async () => {
      const ep = await createEndpoint('/ts');
      const a = await alert();
      const [req] = await until('a delivery', () => receiver.received('/ts')[0] && receiver.received('/ts'));
      const body = JSON.parse(req!.body);
      assert.equal(body.alerts.length, 1);
      assert.equal(body.alerts[0].id, a.id);
      assert.equal(body.alerts[0].created_at, a.createdAt);
      assert.equal(typeof body.alerts[0].severity, 'number');
      assert.equal(body.alerts[0].organization_id, server.creds.orgId);
      assert.equal(body.alerts[0].organization_name, 'Test Org');
      assert.match(req!.headers['webhook-id']!, /^msg_/);
      new Webhook(ep.secret).verify(req!.body, req!.headers); // throws when the signature is wrong
      const log = await until('the delivery log', async () => {
        const res = await server.request('GET', `/v2/integrations/webhooks/${ep.id}/deliveries`);
        return res.json.deliveries[0]?.status === 'succeeded' ? res.json.deliveries : undefined;
      });
      assert.equal(log[0].alertId, a.id);
      assert.equal(log[0].log[0].statusCode, 200);
      assert.equal(log[0].log[0].responseBody, 'answered 200');
    });

    it('skips endpoints whose filters do not match', async () => {
      const ep = await createEndpoint('/high-only', { minSeverity: 1 });
      await alert(3);
      assert.equal((await server.store.webhooks.listDeliveries(server.creds.orgId, ep.id, 10)).length, 0);
    });

    it('retries a failed delivery with the same webhook-id until it succeeds', async () => {
      receiver.script('/flaky', [500, 503, 200]);
      const ep = await createEndpoint('/flaky');
      await alert();
      const reqs = await until('three attempts', () => (receiver.received('/flaky').length >= 3 ? receiver.received('/flaky') : undefined));
      assert.equal(new Set(reqs.map((r) => r.headers['webhook-id'])).size, 1);
      const [d] = await until('success', async () => {
        const ds = await server.store.webhooks.listDeliveries(server.creds.orgId, ep.id, 10);
        return ds[0]?.status === 'succeeded' ? ds : undefined;
      });
      const attempts = await server.store.webhooks.listAttempts(server.creds.orgId, d!.id);
      assert.deepEqual(attempts.map((x) => x.statusCode), [500, 503, 200]);
    });

    it('disables the endpoint on 410 Gone and records it in the audit log', async () => {
      receiver.script('/gone', [410]);
      const ep = await createEndpoint('/gone');
      await alert();
      const got = await until('disabled', async () => {
        const res = await server.request('GET', `/v2/integrations/webhooks/${ep.id}`);
        return res.json.enabled === false ? res.json : undefined;
      });
      assert.match(got.disabledReason, /410/);
      const audit = await server.request('GET', '/v2/auditlogs');
      assert.ok(audit.json.recs.some((r: any) => r.action === 'disable_webhook'));
    });

    it('sends a test alert on demand and returns the outcome', async () => {
      const ep = await createEndpoint('/test-send');
      const res = await server.request('POST', `/v2/integrations/webhooks/${ep.id}/test`);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.success, true);
      assert.equal(res.json.statusCode, 200);
      const [req] = receiver.received('/test-send');
      new Webhook(ep.secret).verify(req!.body, req!.headers);
      assert.match(JSON.parse(req!.body).alerts[0].title, /test alert/);
    });

    it('signs with both secrets during a rotation overlap', async () => {
      const ep = await createEndpoint('/rotated');
      const rotated = await server.request('POST', `/v2/integrations/webhooks/${ep.id}/rotate-secret`);
      await server.request('POST', `/v2/integrations/webhooks/${ep.id}/test`);
      const [req] = receiver.received('/rotated');
      assert.equal(req!.headers['webhook-signature']!.split(' ').length, 2);
      new Webhook(ep.secret).verify(req!.body, req!.headers);
      new Webhook(rotated.json.secret).verify(req!.body, req!.headers);
    });

    it('sends the flat, slack and full formats', async () => {
      const bodies: Record<string, any> = {};
      for (const format of ['threatstack-flat', 'slack', 'full']) {
        const ep = await createEndpoint(`/fmt-${format}`, { format });
        const res = await server.request('POST', `/v2/integrations/webhooks/${ep.id}/test`);
        assert.equal(res.json.success, true, res.text);
        bodies[format] = JSON.parse(receiver.received(`/fmt-${format}`)[0]!.body);
      }
      assert.equal(typeof bodies['threatstack-flat'].created_at, 'number');
      assert.equal(bodies['threatstack-flat'].alerts, undefined);
      assert.match(bodies.slack.text, /\[Low\].*test alert.*\/alerts\//);
      assert.equal(typeof bodies.full.createdAt, 'string');
      assert.equal(bodies.full.severity, 3);
    });

    it('is in the OpenAPI document', async () => {
      const doc = (await (await fetch(server.url + '/openapi.json')).json()) as { paths: Record<string, unknown> };
      for (const path of ['/v2/integrations/webhooks', '/v2/integrations/webhooks/{id}/deliveries']) assert.ok(doc.paths[path], path);
    });

    it('checks the address again at send time, and disables an endpoint failing for 3 days', async () => {
      // Stored behind the API's back, as if DNS had changed after the create-time check.
      const { orgId } = strict.creds;
      const ep = await strict.store.webhooks.createEndpoint({ orgId, url: 'https://127.0.0.1:9/hook', secret: 'whsec_dGVzdA==' });
      await strict.store.alerts.create({ orgId, title: 'x', dataSource: 'agent', createdAt: Date.now(), severity: 1, agentId: null, ruleId: null, rulesetId: null, aggregates: [] });
      const [d] = await until('a failed attempt', async () => {
        const ds = await strict.store.webhooks.listDeliveries(orgId, ep.id, 10);
        return ds[0]?.attempts === 1 ? ds : undefined;
      });
      const [first] = await strict.store.webhooks.listAttempts(orgId, d!.id);
      assert.equal(first!.statusCode, null);
      assert.match(first!.error!, /public addresses only/);
      assert.equal(d!.status, 'pending', 'retried later');
      assert.ok((await strict.store.webhooks.getEndpoint(orgId, ep.id))!.failingSince !== null);
      const later = startWebhookWorker({
        store: strict.store,
        deliverOptions: { allowHttp: false, allowPrivate: false },
        consoleUrl: strict.url,
        intervalMs: 3_600_000,
        now: () => Date.now() + 4 * 86_400_000,
      });
      try {
        await later.tick();
      } finally {
        await later.stop();
      }
      const got = await strict.store.webhooks.getEndpoint(orgId, ep.id);
      assert.equal(got!.enabled, false);
      assert.match(got!.disabledReason!, /3 days/);
      const audit = await strict.request('GET', '/v2/auditlogs');
      assert.ok(audit.json.recs.some((r: any) => r.action === 'disable_webhook'));
    });

    it('redelivers a delivery with the same webhook-id', async () => {
      const ep = await createEndpoint('/again');
      await alert();
      await until('first delivery', () => receiver.received('/again')[0]);
      const [d] = await until('succeeded', async () => {
        const ds = await server.store.webhooks.listDeliveries(server.creds.orgId, ep.id, 10);
        return ds[0]?.status === 'succeeded' ? ds : undefined;
      });
      const res = await server.request('POST', `/v2/integrations/webhooks/deliveries/${d!.id}/redeliver`);
      assert.equal(res.status, 202, res.text);
      const reqs = await until('second delivery', () => (receiver.received('/again').length >= 2 ? receiver.received('/again') : undefined));
      assert.equal(reqs[1]!.headers['webhook-id'], d!.id);
      assert.equal((await server.request('POST', '/v2/integrations/webhooks/deliveries/nope/redeliver')).status, 404);
    });
  });
}
