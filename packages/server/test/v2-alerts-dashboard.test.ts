import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '@vigil/store/testing';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import { agentFixture, alertFixture, otherOrganization } from './helpers/fixtures.js';

const HOUR = 3600_000;
const t0 = Date.UTC(2024, 5, 1);

for (const dialect of DIALECTS) {
  describe(`REST v2 alerts dashboard (${dialect})`, () => {
    let server: TestServer;
    let agentId: string;
    let ruleId: string;
    before(async () => {
      server = await startTestServer(dialect);
      const orgId = server.creds.orgId;
      agentId = (await server.store.agents.create(agentFixture(orgId, { name: 'web-1' }))).id;
      const ruleset = await server.store.rulesets.create({ orgId, name: 'Base Rule Set', description: '' });
      ruleId = (
        await server.store.rulesets.createRule({
          orgId,
          rulesetId: ruleset.id,
          name: 'sudo',
          type: 'Host',
          title: 'sudo',
          severityOfAlerts: 2,
          alertDescription: 'sudo',
          aggregateFields: [],
          filter: 'command = "sudo"',
          window: 3600,
          threshold: 1,
          suppressions: [],
          enabled: true,
        })
      ).id;
      // 48 alerts, one an hour from t0: even hours on the agent and rule, odd ones on a gone agent and rule.
      const created = await server.store.alerts.createMany(
        Array.from({ length: 48 }, (_, i) => ({
          alert: alertFixture(orgId, {
            createdAt: t0 + i * HOUR + 30 * 60_000,
            severity: ((i % 3) + 1) as 1 | 2 | 3,
            agentId: i % 2 === 0 ? agentId : 'gone-agent',
            ruleId: i % 2 === 0 ? ruleId : 'gone-rule',
          }),
        })),
      );
      await server.store.alerts.dismissByIds(orgId, [created[0]!.id], { reason: 'OTHER', text: null, by: 'u', at: t0 });
      const other = await otherOrganization(server.store);
      await server.store.alerts.create(alertFixture(other.org.id, { createdAt: t0 + HOUR, agentId, ruleId }));
    });
    after(() => server.close());

    it('answers severity counts, an hourly series and the top lists of the range', async () => {
      const res = await server.request('GET', '/v2/alerts/dashboard?from=2024-06-01&until=2024-06-01T05:59:59.999Z');
      assert.equal(res.status, 200, res.text);
      // hours 0…5: alert 0 dismissed; severities of 1…5 are 2, 3, 1, 2, 3
      assert.deepEqual(res.json.severityCounts, [
        { severity: 1, count: 1 },
        { severity: 2, count: 2 },
        { severity: 3, count: 2 },
      ]);
      const same = await server.request('GET', '/v2/alerts/severity-counts?from=2024-06-01&until=2024-06-01T05:59:59.999Z');
      assert.deepEqual(same.json.severityCounts, res.json.severityCounts);
      assert.equal(res.json.from, '2024-06-01T00:00:00.000Z');
      assert.equal(res.json.overTime.bucketSeconds, 3600);
      assert.deepEqual(
        res.json.overTime.buckets.map((b: { at: string; counts: number[] }) => [b.at.slice(11, 13), b.counts]),
        [
          ['00', [0, 0, 0]],
          ['01', [0, 1, 0]],
          ['02', [0, 0, 1]],
          ['03', [1, 0, 0]],
          ['04', [0, 1, 0]],
          ['05', [0, 0, 1]],
        ],
      );
      assert.deepEqual(res.json.topRules, [
        { ruleId: 'gone-rule', name: null, count: 3 },
        { ruleId, name: 'sudo', count: 2 },
      ]);
      assert.deepEqual(res.json.topAgents, [
        { agentId: 'gone-agent', name: null, count: 3 },
        { agentId, name: 'web-1', count: 2 },
      ]);
      const one = await server.request('GET', '/v2/alerts/dashboard?from=2024-06-01&until=2024-06-01T05:59:59.999Z&top=1');
      assert.equal(one.json.topRules.length, 1);
    });

    it('picks larger buckets for longer ranges and until defaults to now', async () => {
      const month = await server.request('GET', '/v2/alerts/dashboard?from=2024-05-15&until=2024-06-14');
      assert.equal(month.status, 200, month.text);
      assert.equal(month.json.overTime.bucketSeconds, 6 * 3600);
      const total = month.json.overTime.buckets.reduce((n: number, b: { counts: number[] }) => n + b.counts[0] + b.counts[1] + b.counts[2], 0);
      assert.equal(total, 47);
      const years = await server.request('GET', '/v2/alerts/dashboard?from=2020-01-01');
      assert.equal(years.status, 200, years.text);
      assert.equal(years.json.overTime.bucketSeconds, 7 * 86400);
      assert.ok(Date.parse(years.json.until) <= Date.now() && Date.parse(years.json.until) > Date.now() - 60_000);
    });

    it('refuses bad input with 400 and no answer without credentials', async () => {
      for (const query of [
        '',
        'from=2024-13-01',
        'from=yesterday',
        'from=2024-06-01&until=2024-05-01',
        'from=1901-01-01&until=9999-12-31',
        'from=2024-06-01&top=0',
        'from=2024-06-01&top=51',
        'from=2024-06-01&top=ten',
        `from=${'2'.repeat(41)}`,
      ]) {
        const res = await server.request('GET', `/v2/alerts/dashboard${query ? `?${query}` : ''}`);
        assert.equal(res.status, 400, `${query}: ${res.text}`);
        assert.ok(Array.isArray(res.json.errors), res.text);
      }
      const anonymous = await server.request('GET', '/v2/alerts/dashboard?from=2024-06-01', { unsigned: true });
      assert.equal(anonymous.status, 401);
    });
  });
}
