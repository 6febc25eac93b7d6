import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '@vigil/store/testing';
import { hawkRequest, startTestServer, type TestServer } from './helpers/test-server.js';
import { agentFixture, alertFixture, memberWithRole, otherOrganization } from './helpers/fixtures.js';

const HOUR = 3600_000;

for (const dialect of DIALECTS) {
  describe(`REST v2 alerts (${dialect})`, () => {
    let server: TestServer;
    let agentId: string;
    const t0 = Date.UTC(2024, 5, 1);
    before(async () => {
      server = await startTestServer(dialect);
      const orgId = server.creds.orgId;
      agentId = (await server.store.agents.create(agentFixture(orgId))).id;
      const ruleset = await server.store.rulesets.create({ orgId, name: 'Base Rule Set', description: '' });
      const rule = await server.store.rulesets.createRule({
        orgId,
        rulesetId: ruleset.id,
        name: 'sudo',
        type: 'Host',
        title: 'sudo by {{user}}',
        severityOfAlerts: 2,
        alertDescription: 'sudo',
        aggregateFields: ['user'],
        filter: 'command = "sudo"',
        window: 3600,
        threshold: 1,
        suppressions: [],
        enabled: true,
      });
      await server.store.alerts.createMany(
        Array.from({ length: 230 }, (_, i) => ({
          alert: alertFixture(orgId, {
            createdAt: t0 + i * HOUR,
            severity: ((i % 3) + 1) as 1 | 2 | 3,
            agentId: i % 2 === 0 ? agentId : null,
            ruleId: i < 30 ? rule.id : null,
            rulesetId: i < 30 ? ruleset.id : null,
          }),
          events: [{ timestamp: t0 + i * HOUR, data: { eventType: 'audit', command: 'sudo', user: `u${i}` } }],
        })),
      );
    });
    after(() => server.close());

    async function all(path: string): Promise<any[]> {
      const items: any[] = [];
      let token: string | null = null;
      do {
        const res = await server.request('GET', token ? `${path}&token=${token}` : path);
        assert.equal(res.status, 200, res.text);
        items.push(...res.json.alerts);
        token = res.json.token;
      } while (token);
      return items;
    }

    it('requires status and pages newest first', async () => {
      assert.equal((await server.request('GET', '/v2/alerts')).status, 400);
      const items = await all('/v2/alerts?status=active');
      assert.equal(items.length, 230);
      assert.ok(items.every((a, i) => i === 0 || a.createdAt <= items[i - 1].createdAt));
      for (const key of ['id', 'title', 'dataSource', 'createdAt', 'isDismissed', 'severity', 'agentId', 'ruleId', 'rulesetId', 'aggregates']) {
        assert.ok(key in items[0], key);
      }
    });

    it('filters by severity, agent, rule, ruleset and time', async () => {
      assert.equal((await all('/v2/alerts?status=active&severity=1')).length, 77);
      assert.equal((await all(`/v2/alerts?status=active&agentId=${agentId}`)).length, 115);
      const first = (await server.request('GET', '/v2/alerts?status=active&until=2024-06-01T05:00:00Z')).json.alerts;
      assert.equal(first.length, 6);
      const ruleId = first.find((a: any) => a.ruleId)?.ruleId;
      assert.equal((await all(`/v2/alerts?status=active&ruleId=${ruleId}`)).length, 30);
      const rulesetId = first.find((a: any) => a.rulesetId)?.rulesetId;
      assert.equal((await all(`/v2/alerts?status=active&rulesetId=${rulesetId}`)).length, 30);
      assert.equal((await all('/v2/alerts?status=active&severity=&agentId=&from=')).length, 230, 'empty values mean absent');
      assert.equal((await server.request('GET', '/v2/alerts?status=&severity=1')).status, 400);
      assert.equal((await server.request('GET', '/v2/alerts?status=active&severity=4')).status, 400);
      assert.equal((await server.request('GET', '/v2/alerts?status=active&severity=high')).status, 400);
    });

    it('serves one alert and its events; unknown or foreign ids are 404', async () => {
      const [a] = (await server.request('GET', '/v2/alerts?status=active')).json.alerts;
      const one = await server.request('GET', `/v2/alerts/${a.id}`);
      assert.equal(one.status, 200);
      assert.deepEqual(one.json, a);
      const events = await server.request('GET', `/v2/alerts/${a.id}/events`);
      assert.equal(events.status, 200);
      assert.deepEqual(Object.keys(events.json), ['events']);
      assert.equal(events.json.events.length, 1);
      assert.equal(events.json.events[0].command, 'sudo');
      assert.equal((await server.request('GET', '/v2/alerts/nope')).status, 404);
      assert.equal((await server.request('GET', '/v2/alerts/nope/events')).status, 404);
      const other = await otherOrganization(server.store);
      const foreign = await server.store.alerts.create(alertFixture(other.org.id), [{ timestamp: 1, data: { secret: 'theirs' } }]);
      const cross = await server.request('GET', `/v2/alerts/${foreign.id}/events`);
      assert.equal(cross.status, 404);
      assert.doesNotMatch(cross.text, /theirs/);
    });

    it('counts active alerts by severity', async () => {
      const res = await server.request('GET', '/v2/alerts/severity-counts');
      assert.equal(res.status, 200);
      const counts = Object.fromEntries(res.json.severityCounts.map((c: any) => [c.severity, c.count]));
      assert.equal(counts[1] + counts[2] + counts[3] >= 1, true);
      const ranged = await server.request('GET', '/v2/alerts/severity-counts?from=2024-06-01&until=2024-06-01T02:00Z');
      assert.deepEqual(ranged.json, {
        severityCounts: [
          { severity: 1, count: 1 },
          { severity: 2, count: 1 },
          { severity: 3, count: 1 },
        ],
      });
      assert.equal((await server.request('GET', '/v2/alerts/severity-counts?from=2024-13-01')).status, 400);
    });

    it('refuses bad dismiss bodies and changes nothing', async () => {
      const [a] = (await server.request('GET', '/v2/alerts?status=active')).json.alerts;
      const other = await otherOrganization(server.store);
      const foreign = await server.store.alerts.create(alertFixture(other.org.id));
      const bad: Array<[unknown, number, RegExp]> = [
        [{ ids: [a.id] }, 400, /dismissReason/],
        [{ ids: [a.id], dismissReason: 'BORED' }, 400, /dismissReason/],
        [{ ids: a.id, dismissReason: 'OTHER' }, 400, /ids/],
        [{ ids: [], dismissReason: 'OTHER' }, 400, /ids/],
        [{ ids: Array.from({ length: 513 }, (_, i) => `id${i}`), dismissReason: 'OTHER' }, 400, /ids/],
        [{ ids: [a.id, 'unknown-id'], dismissReason: 'OTHER' }, 404, /unknown-id/],
        [{ ids: [a.id, foreign.id], dismissReason: 'OTHER' }, 404, /not found/],
        [{ dismissReason: 'OTHER' }, 400, /from/],
        [{ from: '2024-06-01', dismissReason: 'OTHER' }, 400, /until/],
        [{ from: 'soon', until: '2024-06-02', dismissReason: 'OTHER' }, 400, /from/],
        [{ from: '2024-06-02', until: '2024-06-01', dismissReason: 'OTHER' }, 400, /until/],
        [{ ids: [a.id], from: '2024-06-01', until: '2024-06-02', dismissReason: 'OTHER' }, 400, /either/i],
        [{ from: '2024-06-01', until: '2024-06-02', severity: '1', dismissReason: 'OTHER' }, 400, /severity/],
        [[1, 2], 400, /object/],
      ];
      for (const [body, status, pattern] of bad) {
        const res = await server.request('POST', '/v2/alerts/dismiss', { body });
        assert.equal(res.status, status, `${JSON.stringify(body).slice(0, 80)} → ${res.text}`);
        assert.match(res.json.errors.join(' '), pattern);
      }
      assert.equal((await server.store.alerts.get(server.creds.orgId, a.id))?.isDismissed, false);
      assert.equal((await server.store.alerts.get(other.org.id, foreign.id))?.isDismissed, false);
      assert.equal((await all('/v2/alerts?status=dismissed')).length, 0);
    });

    it('dismisses by ids (reason in any case), recording who, when and why, and audits it', async () => {
      const page = (await server.request('GET', '/v2/alerts?status=active&severity=3')).json.alerts;
      const ids = page.slice(0, 5).map((a: any) => a.id);
      const res = await server.request('POST', '/v2/alerts/dismiss', {
        body: { ids, dismissReason: 'business_op', dismissReasonText: 'known job' },
      });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.dismissedCount, 5);
      const one = (await server.request('GET', `/v2/alerts/${ids[0]}`)).json;
      assert.equal(one.isDismissed, true);
      assert.equal(one.dismissReason, 'BUSINESS_OP');
      assert.equal(one.dismissReasonText, 'known job');
      assert.equal(one.dismissedBy, server.creds.userId);
      assert.ok(Date.now() - Date.parse(one.dismissedAt) < 60_000);
      assert.equal((await all('/v2/alerts?status=dismissed')).length, 5);
      const audit = await server.request('GET', '/v2/auditlogs?operation=update');
      assert.ok(audit.json.recs.some((r: any) => r.action === 'dismiss_alerts' && r.userId === server.creds.userId));
    });

    it('dismisses by time range with ruleID/agentID (and ruleId/agentId)', async () => {
      const ruleAlert = (await server.request('GET', '/v2/alerts?status=active&until=2024-06-01T05:00:00Z')).json.alerts.find((a: any) => a.ruleId);
      const res = await server.request('POST', '/v2/alerts/dismiss', {
        body: { from: '2024-06-01T00:00:00', until: '2024-06-01T23:59:59', ruleID: ruleAlert.ruleId, agentID: agentId, dismissReason: 'Maintenance' },
      });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.dismissedCount, 12);
      const camel = await server.request('POST', '/v2/alerts/dismiss', {
        body: { from: '2024-06-02', until: '2024-06-02T05', severity: 2, agentId, dismissReason: 'OTHER' },
      });
      assert.equal(camel.status, 200);
      assert.ok(camel.json.dismissedCount >= 1);
      const counts = await server.request('GET', '/v2/alerts/severity-counts?from=2024-06-01&until=2024-06-01T23:59:59');
      const total = counts.json.severityCounts.reduce((n: number, c: any) => n + c.count, 0);
      assert.equal(total, 24 - 12);
    });

    it('refuses dismissal by a reader', async () => {
      const reader = await memberWithRole(server.store, server.creds.orgId, 'reader');
      const [a] = (await server.request('GET', '/v2/alerts?status=active')).json.alerts;
      const res = await hawkRequest(server.url, 'POST', '/v2/alerts/dismiss', reader.creds, {
        body: { ids: [a.id], dismissReason: 'OTHER' },
      });
      assert.equal(res.status, 403);
      assert.equal((await server.store.alerts.get(server.creds.orgId, a.id))?.isDismissed, false);
    });
  });
}
