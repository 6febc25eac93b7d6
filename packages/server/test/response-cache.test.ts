import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify from 'fastify';
import { openStore, type Store } from '@vigil/store';
import { createResponseCache } from '../src/http/response-cache.js';
import { DIALECTS } from '@vigil/store/testing';
import { hawkRequest, startTestServer, type TestServer } from './helpers/test-server.js';
import { agentFixture, alertFixture, otherOrganization } from './helpers/fixtures.js';

for (const dialect of DIALECTS) {
  describe(`cached GET responses (${dialect})`, () => {
    let server: TestServer;
    let elsewhere: Store; // another process's view of the same database
    before(async () => {
      server = await startTestServer(dialect);
      elsewhere = await openStore({ url: server.config.databaseUrl, secret: server.config.secret! });
      await server.store.alerts.createMany(
        Array.from({ length: 3 }, (_, i) => ({ alert: alertFixture(server.creds.orgId, { createdAt: Date.UTC(2024, 0, 1 + i) }) })),
      );
    });
    after(async () => {
      await elsewhere.close();
      await server.close();
    });

    it('answers If-None-Match with 304 while nothing changed', async () => {
      const first = await server.request('GET', '/v2/alerts?status=active');
      const etag = first.headers.get('etag');
      assert.ok(etag);
      const again = await server.request('GET', '/v2/alerts?status=active');
      assert.equal(again.text, first.text);
      const notModified = await server.request('GET', '/v2/alerts?status=active', { headers: { 'if-none-match': etag! } });
      assert.equal(notModified.status, 304);
      assert.equal(notModified.text, '');
    });

    it('never serves a stale page after a write by this or another process', async () => {
      const before = await server.request('GET', '/v2/alerts?status=active');
      const created = await elsewhere.alerts.create(alertFixture(server.creds.orgId, { createdAt: Date.UTC(2024, 5, 1), title: 'from another process' }));
      const afterInsert = await server.request('GET', '/v2/alerts?status=active', { headers: { 'if-none-match': before.headers.get('etag')! } });
      assert.equal(afterInsert.status, 200);
      assert.equal(afterInsert.json.alerts[0].id, created.id);
      const one = await server.request('GET', `/v2/alerts/${created.id}`);
      assert.equal(one.json.isDismissed, false);
      const dismissed = await server.request('POST', '/v2/alerts/dismiss', { body: { ids: [created.id], dismissReason: 'OTHER' } });
      assert.equal(dismissed.status, 200);
      assert.equal((await server.request('GET', `/v2/alerts/${created.id}`)).json.isDismissed, true);
      const active = await server.request('GET', '/v2/alerts?status=active');
      assert.ok(!active.json.alerts.some((a: any) => a.id === created.id));
      const counts = await server.request('GET', '/v2/alerts/severity-counts');
      await elsewhere.alerts.create(alertFixture(server.creds.orgId, { severity: 3 }));
      const counts2 = await server.request('GET', '/v2/alerts/severity-counts');
      assert.equal(counts2.json.severityCounts[2].count, counts.json.severityCounts[2].count + 1);
    });

    it('sees agents written elsewhere and keeps organizations apart', async () => {
      const empty = await server.request('GET', '/v2/agents?status=online');
      await elsewhere.agents.create(agentFixture(server.creds.orgId, { hostname: 'late-joiner' }));
      const one = await server.request('GET', '/v2/agents?status=online');
      assert.equal(one.json.agents.length, empty.json.agents.length + 1);
      const other = await otherOrganization(server.store);
      const theirs = await hawkRequest(server.url, 'GET', '/v2/agents?status=online', other.creds);
      assert.equal(theirs.status, 200);
      assert.deepEqual(theirs.json, { agents: [], token: null });
    });
  });
}

describe('response cache admission', () => {
  /** A route served through the cache, counting how often it had to produce the page. */
  async function countingServer() {
    let version = 1;
    let produced = 0;
    const cache = createResponseCache({ version: async () => version, maxSeen: 2 });
    const app = Fastify();
    app.addHook('onRequest', async (request) => {
      request.auth = { userId: 'u', userEmail: 'u@example.com', orgId: 'org', role: 'owner' };
    });
    app.get('/page', (request, reply) =>
      cache.serve(request, reply, 'alerts', async () => {
        produced++;
        return { items: [request.url], version };
      }),
    );
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const get = async (path: string, headers: Record<string, string> = {}) => {
      const res = await fetch(base + path, { headers });
      return { status: res.status, etag: res.headers.get('etag'), body: await res.text() };
    };
    return { app, get, produced: () => produced, bump: () => version++ };
  }

  it('stores a response from the second request for its target on, so one-off targets never fill it', async () => {
    const s = await countingServer();
    try {
      const first = await s.get('/page?q=a');
      assert.equal(s.produced(), 1);
      const second = await s.get('/page?q=a');
      assert.equal(s.produced(), 2, 'asked for once: not stored');
      assert.equal(second.body, first.body);
      assert.equal(second.etag, first.etag, 'the ETag does not depend on whether the response was stored');
      const third = await s.get('/page?q=a');
      assert.equal(s.produced(), 2, 'asked for twice: answered from the cache');
      assert.equal(third.body, first.body);
      assert.equal((await s.get('/page?q=a', { 'if-none-match': first.etag! })).status, 304);
      assert.equal(s.produced(), 2);
      // A stored target whose data changed is stored again at once.
      s.bump();
      assert.match((await s.get('/page?q=a')).body, /"version":2/);
      assert.equal(s.produced(), 3);
      await s.get('/page?q=a');
      assert.equal(s.produced(), 3);
      // Only the last two targets seen once are remembered (maxSeen 2): b, pushed out by c and d, needs two
      // requests again before it is stored.
      await s.get('/page?q=b');
      await s.get('/page?q=c');
      await s.get('/page?q=d');
      assert.equal(s.produced(), 6);
      await s.get('/page?q=b');
      assert.equal(s.produced(), 7);
      await s.get('/page?q=b');
      assert.equal(s.produced(), 8, 'b was forgotten, so the request before this one was its first again');
      await s.get('/page?q=b');
      assert.equal(s.produced(), 8);
    } finally {
      await s.app.close();
    }
  });
});
