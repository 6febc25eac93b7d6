import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '@vigil/store/testing';
import { hawkRequest, startTestServer, type TestServer } from './helpers/test-server.js';
import { agentFixture, otherOrganization } from './helpers/fixtures.js';

const DAY = 24 * 3600 * 1000;

for (const dialect of DIALECTS) {
  describe(`GET /v2/agents (${dialect})`, () => {
    let server: TestServer;
    const t0 = Date.UTC(2024, 0, 1);
    before(async () => {
      server = await startTestServer(dialect);
      const orgId = server.creds.orgId;
      await server.store.agents.createMany(
        Array.from({ length: 250 }, (_, i) =>
          agentFixture(orgId, { createdAt: t0 + i * 3600_000, hostname: `web-${i}.internal`, agentType: i % 5 === 0 ? 'monitor' : 'investigate' }),
        ),
      );
      await server.store.agents.createMany(
        Array.from({ length: 3 }, (_, i) => agentFixture(orgId, { status: 'offline', createdAt: t0 + i, hostname: `old-${i}` })),
      );
    });
    after(() => server.close());

    it('requires status and names it', async () => {
      const res = await server.request('GET', '/v2/agents');
      assert.equal(res.status, 400);
      assert.deepEqual(Object.keys(res.json), ['errors']);
      assert.match(res.json.errors[0], /status/);
      const bad = await server.request('GET', '/v2/agents?status=sleeping');
      assert.equal(bad.status, 400);
      assert.match(bad.json.errors[0], /status.*online, offline/);
    });

    it('pages through every online agent, 100 per page, exactly two keys, token null at the end', async () => {
      const seen: string[] = [];
      let path = '/v2/agents?status=online';
      let pages = 0;
      for (;;) {
        const res = await server.request('GET', path);
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(Object.keys(res.json).sort(), ['agents', 'token']);
        pages += 1;
        seen.push(...res.json.agents.map((a: { id: string }) => a.id));
        if (res.json.token === null) break;
        assert.match(res.json.token, /^[A-Za-z0-9_.-]+$/, 'URL-safe token');
        // Threat Stack's scripts append the token raw.
        path = `/v2/agents?status=online&token=${res.json.token}`;
        if (pages === 1) {
          // an insert between pages is neither skipped into nor repeated
          await server.store.agents.create(agentFixture(server.creds.orgId, { createdAt: Date.now() }));
        }
      }
      assert.equal(pages, 3);
      assert.equal(seen.length, 250);
      assert.equal(new Set(seen).size, 250);
    });

    it('serves Threat Stack agent fields', async () => {
      const res = await server.request('GET', '/v2/agents?status=offline');
      assert.equal(res.json.agents.length, 3);
      const a = res.json.agents[0];
      for (const key of ['id', 'instanceId', 'status', 'createdAt', 'lastReportedAt', 'version', 'name', 'description', 'hostname', 'ipAddresses', 'tags', 'agentType', 'osVersion', 'kernel', 'agentModuleHealth']) {
        assert.ok(key in a, key);
      }
      assert.equal(a.status, 'offline');
      assert.match(a.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    });

    it('filters by type, hostname and time range', async () => {
      const monitors = await server.request('GET', '/v2/agents?status=online&type=monitor');
      assert.equal(monitors.json.agents.length, 50);
      const host = await server.request('GET', '/v2/agents?status=online&hostname=web-7.internal');
      assert.equal(host.json.agents.length, 1);
      const range = await server.request('GET', '/v2/agents?status=online&from=2024-01-01T00:00&until=2024-01-01T09');
      assert.equal(range.json.agents.length, 10);
      const offset = await server.request('GET', '/v2/agents?status=online&from=2024-01-01T02:00:00%2B02:00&until=2024-01-01');
      assert.equal(offset.json.agents.length, 1);
      const day = await server.request('GET', `/v2/agents?status=online&from=2024-01-02&until=2024-01-02T23:59:59.999`);
      assert.equal(day.json.agents.length, 24);
      void DAY;
    });

    it('refuses bad times, until before from, and a token reused with other filters', async () => {
      const badTime = await server.request('GET', '/v2/agents?status=online&from=yesterday');
      assert.equal(badTime.status, 400);
      assert.match(badTime.json.errors[0], /from/);
      const badDate = await server.request('GET', '/v2/agents?status=online&until=2024-02-30');
      assert.equal(badDate.status, 400);
      const inverted = await server.request('GET', '/v2/agents?status=online&from=2024-02-01&until=2024-01-01');
      assert.equal(inverted.status, 400);
      assert.match(inverted.json.errors[0], /until/);
      const first = await server.request('GET', '/v2/agents?status=online');
      const reused = await server.request('GET', `/v2/agents?status=online&type=monitor&token=${first.json.token}`);
      assert.equal(reused.status, 400);
      assert.match(reused.json.errors[0], /token/);
      const forged = await server.request('GET', `/v2/agents?status=online&token=${first.json.token.slice(0, -1)}${first.json.token.endsWith('A') ? 'B' : 'A'}`);
      assert.equal(forged.status, 400);
      const alertsToken = await server.request('GET', `/v2/alerts?status=online&token=${first.json.token}`);
      assert.equal(alertsToken.status, 400);
    });

    it('gets one agent; unknown and other-organization ids are 404 without data', async () => {
      const list = await server.request('GET', '/v2/agents?status=online');
      const id = list.json.agents[0].id;
      const one = await server.request('GET', `/v2/agents/${id}`);
      assert.equal(one.status, 200);
      assert.equal(one.json.id, id);
      const unknown = await server.request('GET', '/v2/agents/00000000-0000-4000-8000-000000000000');
      assert.equal(unknown.status, 404);
      assert.deepEqual(Object.keys(unknown.json), ['errors']);
      const other = await otherOrganization(server.store);
      const theirs = await server.store.agents.create(agentFixture(other.org.id));
      const cross = await server.request('GET', `/v2/agents/${theirs.id}`);
      assert.equal(cross.status, 404);
      assert.doesNotMatch(cross.text, new RegExp(theirs.hostname));
      const theirView = await hawkRequest(server.url, 'GET', `/v2/agents/${theirs.id}`, other.creds);
      assert.equal(theirView.status, 200);
    });
  });
}
