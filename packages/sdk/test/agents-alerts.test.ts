import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '@vigil/store/testing';
import { agentFixture, alertFixture, otherOrganization, startTestServer, type TestServer } from '@vigil/server/testing';
import { AuthenticationError, BadRequestError, NotFoundError, VigilClient, type Page } from '../src/index.js';

const HOUR = 3600_000;

for (const dialect of DIALECTS) {
  describe(`SDK agents and alerts against a real server (${dialect})`, () => {
    let server: TestServer;
    let client: VigilClient;
    const t0 = Date.UTC(2025, 0, 1);
    let agentIds: string[] = [];
    let alertIds: string[] = [];

    before(async () => {
      server = await startTestServer(dialect);
      const { orgId, userId, apiKey } = server.creds;
      client = new VigilClient({ userId, apiKey, organizationId: orgId, baseUrl: server.url });
      const agents = await server.store.agents.createMany(
        Array.from({ length: 230 }, (_, i) =>
          agentFixture(orgId, { createdAt: t0 + i * HOUR, hostname: `web-${i}.internal`, status: i < 215 ? 'online' : 'offline' }),
        ),
      );
      agentIds = agents.map((a) => a.id);
      const alerts = await server.store.alerts.createMany(
        Array.from({ length: 150 }, (_, i) => ({
          alert: alertFixture(orgId, { createdAt: t0 + i * HOUR, severity: ((i % 3) + 1) as 1 | 2 | 3, agentId: i % 2 === 0 ? agentIds[0]! : null }),
          events: [{ timestamp: t0 + i * HOUR, data: { eventType: 'audit', command: 'sudo', user: `u${i}` } }],
        })),
      );
      alertIds = alerts.map((a) => a.id);
    });
    after(() => server.close());

    it('awaiting list() gives the first page of 100 with a token', async () => {
      const page: Page<unknown> = await client.agents.list({ status: 'online' });
      assert.equal(page.items.length, 100);
      assert.equal(typeof page.token, 'string');
      assert.deepEqual(Object.keys(page.raw), ['agents', 'token']);
    });

    it('for await yields every item across pages exactly once', async () => {
      const seen: string[] = [];
      for await (const agent of client.agents.list({ status: 'online' })) seen.push(agent.id);
      assert.equal(seen.length, 215);
      assert.equal(new Set(seen).size, 215, 'no repeats');
      const online = new Set(agentIds.slice(0, 215));
      assert.ok(seen.every((id) => online.has(id)));
    });

    it('pages() yields the pages, the last with a null token', async () => {
      const sizes: Array<[number, string | null]> = [];
      for await (const page of client.agents.list({ status: 'online' }).pages()) sizes.push([page.items.length, page.token]);
      assert.deepEqual(sizes.map(([n]) => n), [100, 100, 15]);
      assert.equal(sizes.at(-1)![1], null);
      assert.ok(sizes.slice(0, -1).every(([, token]) => typeof token === 'string'));
    });

    it('toArray stops at its limit and refuses a missing or huge one', async () => {
      const some = await client.agents.list({ status: 'online' }).toArray({ limit: 120 });
      assert.equal(some.length, 120);
      await assert.rejects(client.agents.list({ status: 'online' }).toArray({ limit: 20_000 }), RangeError);
    });

    it('passes filters, with Dates sent as ISO-8601 UTC', async () => {
      const offline = await client.agents.list({ status: 'offline' });
      assert.equal(offline.items.length, 15);
      assert.ok(offline.items.every((a) => a.status === 'offline'));
      const ranged = await client.agents
        .list({ status: 'online', from: new Date(t0 + 10 * HOUR), until: new Date(t0 + 19 * HOUR) })
        .toArray({ limit: 1000 });
      assert.equal(ranged.length, 10);
      const byHost = await client.agents.list({ status: 'online', hostname: 'web-3.internal' });
      assert.deepEqual(byHost.items.map((a) => a.hostname), ['web-3.internal']);
    });

    it('retrieves one agent; an unknown or foreign id is a NotFoundError', async () => {
      const agent = await client.agents.retrieve(agentIds[5]!);
      assert.equal(agent.id, agentIds[5]);
      assert.equal(agent.hostname, 'web-5.internal');
      await assert.rejects(client.agents.retrieve('no-such-agent'), (err: unknown) => {
        assert.ok(err instanceof NotFoundError);
        assert.equal(err.status, 404);
        assert.equal(err.message, 'GET /v2/agents/no-such-agent: 404 Not Found: Agent not found');
        return true;
      });
      const other = await otherOrganization(server.store);
      const foreign = await server.store.agents.create(agentFixture(other.org.id));
      await assert.rejects(client.agents.retrieve(foreign.id), NotFoundError);
    });

    it('a bad filter is a BadRequestError naming the parameter', async () => {
      await assert.rejects(client.agents.list({ status: 'sleeping' as 'online' }), (err: unknown) => {
        assert.ok(err instanceof BadRequestError);
        assert.match(err.errors[0]!, /status/);
        return true;
      });
    });

    it('lists alerts across pages and retrieves one with its events', async () => {
      const active: string[] = [];
      for await (const alert of client.alerts.list({ status: 'active' })) active.push(alert.id);
      assert.equal(active.length, 150);
      assert.equal(new Set(active).size, 150);
      const high = await client.alerts.list({ status: 'active', severity: 1 }).toArray({ limit: 1000 });
      assert.equal(high.length, 50);
      assert.ok(high.every((a) => a.severity === 1));
      const forAgent = await client.alerts.list({ status: 'active', agentId: agentIds[0]! }).toArray({ limit: 1000 });
      assert.equal(forAgent.length, 75);

      const alert = await client.alerts.retrieve(alertIds[7]!);
      assert.equal(alert.id, alertIds[7]);
      const events = await client.alerts.events(alertIds[7]!);
      assert.equal(events.items.length, 1);
      assert.equal(events.items[0]!.command, 'sudo');
      assert.equal(events.token, null);
      await assert.rejects(client.alerts.retrieve('nope'), NotFoundError);
      await assert.rejects(client.alerts.events('nope'), NotFoundError);
    });

    it('counts by severity and dismisses by id and by range', async () => {
      const counts = await client.alerts.severityCounts();
      assert.deepEqual(
        counts.map((c) => [c.severity, c.count]).sort(),
        [[1, 50], [2, 50], [3, 50]],
      );
      const ranged = await client.alerts.severityCounts({ from: new Date(t0), until: new Date(t0 + 2 * HOUR) });
      assert.equal(ranged.reduce((n, c) => n + c.count, 0), 3);

      const byIds = await client.alerts.dismiss({ ids: [alertIds[0]!, alertIds[1]!], dismissReason: 'MAINTENANCE' });
      assert.equal(byIds.dismissedCount, 2);
      assert.equal((await server.store.alerts.get(server.creds.orgId, alertIds[0]!))?.isDismissed, true);

      const byRange = await client.alerts.dismiss({
        from: new Date(t0 + 10 * HOUR),
        until: new Date(t0 + 19 * HOUR),
        dismissReason: 'OTHER',
        dismissReasonText: 'noise',
      });
      assert.equal(byRange.dismissedCount, 10);
      const dismissed = await client.alerts.list({ status: 'dismissed' }).toArray({ limit: 1000 });
      assert.equal(dismissed.length, 12);
    });

    it('refuses bad dismissals and changes nothing', async () => {
      const before = (await client.alerts.list({ status: 'dismissed' }).toArray({ limit: 1000 })).length;
      await assert.rejects(client.alerts.dismiss({ ids: ['no-such-alert'], dismissReason: 'OTHER' }), NotFoundError);
      await assert.rejects(client.alerts.dismiss({ ids: [alertIds[50]!], dismissReason: 'BORED' as 'OTHER' }), BadRequestError);
      const other = await otherOrganization(server.store);
      const foreign = await server.store.alerts.create(alertFixture(other.org.id));
      await assert.rejects(client.alerts.dismiss({ ids: [foreign.id], dismissReason: 'OTHER' }), NotFoundError);
      const after = (await client.alerts.list({ status: 'dismissed' }).toArray({ limit: 1000 })).length;
      assert.equal(after, before);
      assert.equal((await server.store.alerts.get(other.org.id, foreign.id))?.isDismissed, false);
    });

    it('a wrong key is an AuthenticationError without the key in it', async () => {
      const wrongKey = 'definitely-the-wrong-key-1234567890';
      const bad = new VigilClient({ ...options(server), apiKey: wrongKey });
      await assert.rejects(bad.agents.list({ status: 'online' }), (err: unknown) => {
        assert.ok(err instanceof AuthenticationError);
        assert.equal(err.status, 401);
        assert.ok(!JSON.stringify(err).includes(wrongKey));
        assert.ok(!err.message.includes(wrongKey));
        return true;
      });
      const wrongOrg = new VigilClient({ ...options(server), organizationId: 'not-my-org' });
      await assert.rejects(wrongOrg.agents.list({ status: 'online' }), AuthenticationError);
    });
  });
}

function options(server: TestServer) {
  return { userId: server.creds.userId, apiKey: server.creds.apiKey, organizationId: server.creds.orgId, baseUrl: server.url };
}
