/**
 * The webhook guard refuses every IANA special-purpose address, written in the URL (400 at create and
 * update, nothing stored) or behind a host name that resolves to it at send time; VIGIL_WEBHOOK_ALLOW_PRIVATE
 * unlocks loopback and private ranges only.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { openStore, type Store } from '@vigil/store';
import { createTestDatabase, DIALECTS } from '@vigil/store/testing';
import { newWebhookSecret } from '../src/webhooks/sign.js';
import type { ResolvedAddress } from '../src/webhooks/url-safety.js';
import { startWebhookWorker } from '../src/workers/webhook-delivery.js';
import { alertFixture } from './helpers/fixtures.js';
import { startReceiver, type Receiver } from './helpers/https-receiver.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

/** URL hosts refused at create time, and the range named in the answer. */
const REFUSED_HOSTS: Array<[string, RegExp]> = [
  ['[64:ff9b::7f00:1]', /NAT64.*64:ff9b::\/96/],
  ['[64:ff9b:1::a00:1]', /NAT64.*64:ff9b:1::\/48/],
  ['[2002:7f00:1::]', /6to4.*2002::\/16/],
  ['[::127.0.0.1]', /IPv4-compatible/],
  ['[::ffff:0:7f00:1]', /SIIT/],
  ['[::ffff:127.0.0.1]', /IPv4-mapped/],
  ['[::ffff:8.8.8.8]', /IPv4-mapped/],
  ['[fec0::1]', /site-local/],
  ['[2001:0:4136:e378:8000:63bf:3fff:fdd2]', /Teredo/],
  ['[2001:db8::1]', /documentation/],
  ['[3fff::1]', /documentation/],
  ['[100::1]', /discard-only/],
  ['[5f00::1]', /segment routing/],
  ['[ff02::1]', /multicast/],
  ['[fe80::1]', /link-local/],
  ['[fd00:ec2::254]', /unique local/],
  ['[::]', /unspecified/],
  ['192.0.2.10', /TEST-NET-1/],
  ['198.18.0.1', /benchmarking/],
  ['192.88.99.1', /6to4 relay/],
  ['192.31.196.1', /AS112/],
  ['192.0.0.170', /IETF protocol assignments/],
  ['255.255.255.255', /limited broadcast/],
  ['240.0.0.1', /reserved/],
  ['0x7f.1', /loopback.*127\.0\.0\.0\/8/],
  ['100.64.0.1', /CGNAT/],
  ['169.254.169.254', /cloud metadata/],
];

for (const dialect of DIALECTS) {
  describe(`webhook address safety (${dialect})`, () => {
    let strict: TestServer;
    before(async () => {
      strict = await startTestServer(dialect);
    });
    after(async () => {
      await strict?.close();
    });

    it('answers 400 naming the special-purpose range for every such URL host, and stores nothing', async () => {
      for (const [host, range] of REFUSED_HOSTS) {
        const res = await strict.request('POST', '/v2/integrations/webhooks', { body: { url: `https://${host}/hook` } });
        assert.equal(res.status, 400, `${host}: ${res.text}`);
        assert.match(res.json.errors[0], range, host);
        assert.match(res.json.errors[0], /public addresses only/, host);
      }
      assert.equal((await strict.request('GET', '/v2/integrations/webhooks')).json.webhooks.length, 0, 'nothing created');
    });

    it('tells how to allow http:// and loopback targets', async () => {
      const http = await strict.request('POST', '/v2/integrations/webhooks', { body: { url: 'http://example.com/hook' } });
      assert.equal(http.status, 400);
      assert.match(http.json.errors[0], /https:\/\/.*VIGIL_WEBHOOK_ALLOW_HTTP/);
      const loopback = await strict.request('POST', '/v2/integrations/webhooks', { body: { url: 'https://127.0.0.1/hook' } });
      assert.equal(loopback.status, 400);
      assert.match(loopback.json.errors[0], /VIGIL_WEBHOOK_ALLOW_PRIVATE/);
    });

    it('refuses an update to such a URL and keeps the old one', async () => {
      const { orgId } = strict.creds;
      const ep = await strict.store.webhooks.createEndpoint({ orgId, url: 'https://siem.example.com/hook', secret: newWebhookSecret() });
      const res = await strict.request('PUT', `/v2/integrations/webhooks/${ep.id}`, { body: { url: 'https://[64:ff9b::a9fe:a9fe]/x' } });
      assert.equal(res.status, 400, res.text);
      assert.match(res.json.errors[0], /NAT64/);
      assert.equal((await strict.store.webhooks.getEndpoint(orgId, ep.id))!.url, 'https://siem.example.com/hook');
      await strict.store.webhooks.deleteEndpoint(orgId, ep.id);
    });
  });

  describe(`webhook address safety at send time (${dialect})`, () => {
    let receiver: Receiver;
    let store: Store;
    let drop: () => Promise<void>;
    before(async () => {
      receiver = await startReceiver();
      const db = await createTestDatabase(dialect);
      drop = db.drop;
      store = await openStore({ url: db.url, secret: randomBytes(24).toString('hex') });
    });
    after(async () => {
      await store?.close();
      await drop?.();
      await receiver?.close();
    });

    /** Sends one alert to `https://localhost:<receiver port>/<path>` with DNS answering `answer`; the attempt. */
    async function sendVia(answer: ResolvedAddress[], allowPrivate: boolean, path: string) {
      const org = await store.organizations.create({ id: `org${randomBytes(4).toString('hex')}`, name: 'Resolve' });
      const url = `${receiver.url.replace('127.0.0.1', 'localhost')}/${path}`;
      const ep = await store.webhooks.createEndpoint({ orgId: org.id, url, secret: newWebhookSecret() });
      await store.alerts.create(alertFixture(org.id));
      const asked: string[] = [];
      const worker = startWebhookWorker({
        store,
        deliverOptions: {
          allowHttp: false,
          allowPrivate,
          extraCa: readFileSync(receiver.caFile, 'utf8'),
          resolve: async (host) => {
            asked.push(host);
            return answer;
          },
        },
        consoleUrl: 'http://127.0.0.1',
        intervalMs: 3_600_000,
      });
      try {
        await worker.tick();
      } finally {
        await worker.stop();
      }
      assert.deepEqual(asked, ['localhost'], 'the send resolved the host name');
      const [delivery] = await store.webhooks.listDeliveries(org.id, ep.id, 10);
      const [attempt] = await store.webhooks.listAttempts(org.id, delivery!.id);
      return attempt!;
    }

    it('refuses a host name that resolves to a special-purpose address, and sends nothing', async () => {
      const answers: Array<[ResolvedAddress, RegExp]> = [
        [{ address: '64:ff9b::7f00:1', family: 6 }, /NAT64/],
        [{ address: '2002:7f00:1::', family: 6 }, /6to4/],
        [{ address: '::7f00:1', family: 6 }, /IPv4-compatible/],
        [{ address: '::ffff:0:7f00:1', family: 6 }, /SIIT/],
        [{ address: 'fec0::1', family: 6 }, /site-local/],
        [{ address: '169.254.169.254', family: 4 }, /cloud metadata/],
        [{ address: '127.0.0.1', family: 4 }, /loopback/],
      ];
      for (const [i, [answer, range]] of answers.entries()) {
        const attempt = await sendVia([{ address: '93.184.216.34', family: 4 }, answer], false, `strict-${i}`);
        assert.equal(attempt.statusCode, null, answer.address);
        assert.match(attempt.error!, new RegExp(`localhost resolves to ${answer.address.replace(/[.]/g, '\\.')}, .*${range.source}`));
      }
      assert.equal(receiver.received('/strict-0').length, 0);
    });

    it('VIGIL_WEBHOOK_ALLOW_PRIVATE sends to loopback but still refuses NAT64, SIIT and link-local', async () => {
      const sent = await sendVia([{ address: '127.0.0.1', family: 4 }], true, 'lab');
      assert.equal(sent.statusCode, 200, sent.error ?? undefined);
      assert.equal(receiver.received('/lab').length, 1);
      for (const address of ['64:ff9b::7f00:1', '::ffff:0:7f00:1', '169.254.169.254']) {
        const refused = await sendVia([{ address, family: address.includes(':') ? 6 : 4 }], true, 'lab-refused');
        assert.equal(refused.statusCode, null, address);
        assert.match(refused.error!, /public addresses only/, address);
      }
      assert.equal(receiver.received('/lab-refused').length, 0);
    });
  });
}
