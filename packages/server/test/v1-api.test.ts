import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Alert, Rule, Ruleset } from '@vigil/store';
import { DIALECTS } from '@vigil/store/testing';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import { agentFixture, alertFixture, memberWithRole, otherOrganization } from './helpers/fixtures.js';
import { v1ListAll, v1Request, type V1Auth } from './helpers/v1-client.js';

const HOUR = 3600_000;

for (const dialect of DIALECTS) {
  describe(`REST v1 resources (${dialect})`, () => {
    let server: TestServer;
    let auth: V1Auth;
    let other: Awaited<ReturnType<typeof otherOrganization>>;
    const t0 = Date.UTC(2026, 0, 10, 12, 0, 0);
    const agentIds: string[] = [];
    let ruleset: Ruleset;
    let rule: Rule;
    let alertWithEvents: Alert;
    let dismissedAlert: Alert;
    let plainAlert: Alert;
    let otherAgentId: string;
    let otherAlertId: string;
    let otherRulesetId: string;

    const get = (path: string, a: V1Auth = auth) => v1Request(server.url, 'GET', path, a);

    before(async () => {
      server = await startTestServer(dialect);
      const { store, creds } = server;
      auth = { apiKey: creds.apiKey, orgId: creds.orgId };
      // Three agents an hour apart (oldest first), the middle one offline.
      for (let i = 0; i < 3; i++) {
        const agent = await store.agents.create(
          agentFixture(creds.orgId, { createdAt: t0 + i * HOUR, status: i === 1 ? 'offline' : 'online' }),
        );
        agentIds.push(agent.id);
      }
      ruleset = await store.rulesets.create({ orgId: creds.orgId, name: 'Web servers', description: 'nginx hosts' });
      rule = await store.rulesets.createRule({
        orgId: creds.orgId,
        rulesetId: ruleset.id,
        name: 'Shell from nginx',
        type: 'Host',
        title: 'Shell spawned by {{exe}}',
        severityOfAlerts: 1,
        alertDescription: 'nginx started a shell',
        aggregateFields: ['exe'],
        filter: "exe = '/bin/sh'",
        window: 3600,
        threshold: 1,
        suppressions: [],
        enabled: true,
      });
      // Alerts an hour apart: one with its rule and 7 events, one dismissed, one without a rule.
      const events = Array.from({ length: 7 }, (_, i) => ({ timestamp: t0 + i * 1000, data: { exe: '/bin/sh', seq: i } }));
      alertWithEvents = await store.alerts.create(
        alertFixture(creds.orgId, { createdAt: t0, ruleId: rule.id, rulesetId: ruleset.id, agentId: agentIds[0]!, severity: 1 }),
        events,
      );
      dismissedAlert = await store.alerts.create(alertFixture(creds.orgId, { createdAt: t0 + HOUR }));
      await store.alerts.dismissByIds(creds.orgId, [dismissedAlert.id], {
        reason: 'MAINTENANCE',
        text: null,
        by: creds.userId,
        at: t0 + 2 * HOUR,
      });
      plainAlert = await store.alerts.create(alertFixture(creds.orgId, { createdAt: t0 + 2 * HOUR }));
      for (let i = 0; i < 3; i++) {
        await store.auditLogs.record({
          orgId: creds.orgId,
          userId: creds.userId,
          userEmail: 'owner@example.com',
          result: 'success',
          crud: 'update',
          action: `action_${i}`,
          source: 'api',
          description: `change ${i}`,
          context: { i },
          eventTime: t0 + i * HOUR,
        });
      }
      other = await otherOrganization(store);
      otherAgentId = (await store.agents.create(agentFixture(other.org.id, { createdAt: t0 }))).id;
      otherAlertId = (await store.alerts.create(alertFixture(other.org.id, { createdAt: t0 }))).id;
      otherRulesetId = (await store.rulesets.create({ orgId: other.org.id, name: 'Theirs', description: '' })).id;
      await store.auditLogs.record({
        orgId: other.org.id,
        userId: other.user.id,
        userEmail: null,
        result: 'success',
        crud: 'create',
        action: 'other_org_action',
        source: 'api',
        description: 'not yours',
        context: {},
        eventTime: t0,
      });
    });
    after(() => server.close());

    it('lists every agent, online and offline, newest first, as a JSON array in v1 shape', async () => {
      const res = await get('/api/v1/agents');
      assert.equal(res.status, 200, res.text);
      assert.ok(Array.isArray(res.json));
      assert.deepEqual(res.json.map((a: any) => a.id), [...agentIds].reverse());
      const newest = res.json[0];
      assert.equal(newest.organization_id, server.creds.orgId);
      assert.equal(newest.ip_address, '10.0.0.1', 'first address without its prefix length');
      assert.equal(newest.online, true);
      assert.equal(res.json[1].online, false);
      assert.equal(newest.created_at, new Date(t0 + 2 * HOUR).toISOString());
      for (const key of ['hostname', 'name', 'version', 'status', 'last_reported_at', 'activated_at', 'updated_at']) {
        assert.ok(key in newest, key);
      }
      assert.ok(!('createdAt' in newest) && !('organizationId' in newest), 'no v2 camelCase names');
      assert.ok(!res.json.some((a: any) => a.id === otherAgentId), "another organization's agent is not listed");
    });

    it('pages with page (from 0) and count, and ends with an empty page', async () => {
      const p0 = await get('/api/v1/agents?page=0&count=2');
      const p1 = await get('/api/v1/agents?page=1&count=2');
      const p2 = await get('/api/v1/agents?page=2&count=2');
      assert.deepEqual(p0.json.map((a: any) => a.id), [agentIds[2], agentIds[1]]);
      assert.deepEqual(p1.json.map((a: any) => a.id), [agentIds[0]]);
      assert.deepEqual(p2.json, []);
      const alerts1 = await get('/api/v1/alerts?page=1&count=1');
      assert.deepEqual(alerts1.json.map((a: any) => a.id), [dismissedAlert.id]);
      // (end= leaves out the bootstrap's own record, written now)
      const logs0 = await get(`/api/v1/logs?page=0&count=2&end=${t0 + 2 * HOUR}`);
      const logs1 = await get(`/api/v1/logs?page=1&count=2&end=${t0 + 2 * HOUR}`);
      assert.deepEqual(logs0.json.map((l: any) => l.action), ['action_2', 'action_1']);
      assert.deepEqual(logs1.json.map((l: any) => l.action), ['action_0']);
      // The Python client's own loop (count=100, pages until an empty one) sees everything once.
      assert.deepEqual((await v1ListAll(server.url, 'agents', auth)).map((a) => a.id), [...agentIds].reverse());
    });

    it('refuses bad paging parameters with 400 and the parameter named', async () => {
      for (const q of ['count=0', 'count=1001', 'count=abc', 'page=-1', 'page=1.5', 'page=x']) {
        const res = await get(`/api/v1/agents?${q}`);
        assert.equal(res.status, 400, `${q} → ${res.text}`);
        assert.match(res.json.errors[0], new RegExp(q.split('=')[0]!), q);
      }
      assert.equal((await get('/api/v1/agents?count=1000')).status, 200, 'the cap itself is allowed');
    });

    it('filters on start/end given as ISO-8601 dates or times, epoch seconds or epoch milliseconds', async () => {
      const ids = async (q: string) => (await get(`/api/v1/agents?${q}`)).json.map((a: any) => a.id);
      assert.deepEqual(await ids(`start=${new Date(t0 + HOUR).toISOString()}`), [agentIds[2], agentIds[1]]);
      assert.deepEqual(await ids(`end=${new Date(t0 + HOUR).toISOString()}`), [agentIds[1], agentIds[0]]);
      assert.deepEqual(await ids(`start=${(t0 + HOUR) / 1000}&end=${(t0 + HOUR) / 1000}`), [agentIds[1]]);
      assert.deepEqual(await ids(`start=${t0 + 2 * HOUR}`), [agentIds[2]]);
      assert.deepEqual(await ids('start=2026-01-10&end=2026-01-10T12:30'), [agentIds[0]]);
      assert.deepEqual(await ids('start=2026-01-11'), []);
      const alerts = (await get(`/api/v1/alerts?start=${t0 + HOUR}`)).json.map((a: any) => a.id);
      assert.deepEqual(alerts, [plainAlert.id, dismissedAlert.id]);
      const logs = (await get(`/api/v1/logs?end=${t0}`)).json.map((l: any) => l.action);
      assert.deepEqual(logs, ['action_0']);
      for (const q of ['start=yesterday', 'end=2026-13-01', `start=${t0 + HOUR}&end=${t0}`]) {
        const res = await get(`/api/v1/agents?${q}`);
        assert.equal(res.status, 400, `${q} → ${res.text}`);
        assert.ok(Array.isArray(res.json.errors));
      }
    });

    it('limits objects to fields=a,b (comma-separated or repeated), ignoring names it does not know', async () => {
      const res = await get('/api/v1/agents?fields=id,hostname');
      assert.equal(res.status, 200, res.text);
      for (const a of res.json) assert.deepEqual(Object.keys(a).sort(), ['hostname', 'id']);
      // requests sends a Python list as repeated parameters
      const repeated = await get('/api/v1/agents?fields=hostname&fields=ip_address&fields=no_such_field');
      assert.deepEqual(Object.keys(repeated.json[0]).sort(), ['hostname', 'ip_address']);
      const one = await get(`/api/v1/alerts/${alertWithEvents.id}?fields=id,rule`);
      assert.deepEqual(Object.keys(one.json).sort(), ['id', 'rule']);
      assert.equal(one.json.rule.id, rule.id);
      // fields that depend on the embedded data still get it
      const counted = await get(`/api/v1/alerts/${alertWithEvents.id}?fields=count,expires_at,last_updated_at`);
      assert.deepEqual(counted.json, {
        count: 7,
        expires_at: t0 + 3600 * 1000,
        last_updated_at: new Date(t0 + 6000).toISOString(),
      });
      const policies = await get('/api/v1/policies?fields=name');
      assert.deepEqual(policies.json, [{ name: 'Web servers' }]);
      const orgs = await get('/api/v1/organizations?fields=id');
      assert.deepEqual(orgs.json, [{ id: server.creds.orgId }]);
    });

    it('gets one agent; an unknown id or another organization’s is 404', async () => {
      const res = await get(`/api/v1/agents/${agentIds[1]}`);
      assert.equal(res.status, 200);
      assert.equal(res.json.id, agentIds[1]);
      assert.equal(res.json.online, false);
      for (const id of ['no-such-agent', otherAgentId]) {
        const missing = await get(`/api/v1/agents/${id}`);
        assert.equal(missing.status, 404);
        assert.deepEqual(missing.json, { errors: ['Agent not found'] });
      }
    });

    it('serves alerts, active and dismissed, with latest_events and the rule embedded', async () => {
      const res = await get('/api/v1/alerts');
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.json.map((a: any) => a.id), [plainAlert.id, dismissedAlert.id, alertWithEvents.id]);
      const [plain, dismissed, withEvents] = res.json;
      assert.equal(withEvents.count, 7);
      assert.equal(withEvents.latest_events.length, 5, 'the five newest');
      assert.deepEqual(withEvents.latest_events.map((e: any) => e.seq), [6, 5, 4, 3, 2]);
      assert.equal(withEvents.latest_events[0].timestamp, t0 + 6000);
      assert.equal(withEvents.latest_events[0].alert_id, alertWithEvents.id);
      assert.equal(withEvents.rule.id, rule.id);
      assert.equal(withEvents.rule.name, 'Shell from nginx');
      assert.equal(withEvents.rule.policy_id, ruleset.id);
      assert.equal(withEvents.rule.severity, 1);
      assert.equal(withEvents.rule_id, rule.id);
      assert.equal(withEvents.alert_policy_id, ruleset.id);
      assert.equal(withEvents.created_at, t0, 'epoch milliseconds, as v1 served them');
      assert.equal(withEvents.expires_at, t0 + 3600 * 1000);
      assert.equal(withEvents.active, true);
      assert.equal(dismissed.active, false);
      assert.equal(dismissed.dismissed, true);
      assert.equal(dismissed.dismiss_reason, 'MAINTENANCE');
      assert.equal(plain.rule, null);
      assert.deepEqual(plain.latest_events, []);
      assert.equal(plain.count, 0);

      const one = await get(`/api/v1/alerts/${alertWithEvents.id}`);
      assert.equal(one.status, 200);
      assert.deepEqual(one.json, withEvents, 'the same object as in the list');
      for (const id of ['no-such-alert', otherAlertId]) {
        const missing = await get(`/api/v1/alerts/${id}`);
        assert.equal(missing.status, 404);
        assert.deepEqual(missing.json, { errors: ['Alert not found'] });
      }
    });

    it('serves rulesets as policies with their rules', async () => {
      const res = await get('/api/v1/policies');
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.length, 1);
      const [policy] = res.json;
      assert.equal(policy.id, ruleset.id);
      assert.equal(policy.name, 'Web servers');
      assert.equal(policy.description, 'nginx hosts');
      assert.equal(policy.organization_id, server.creds.orgId);
      assert.equal(policy.alert_rule_count, 1);
      assert.deepEqual(policy.rules.map((r: any) => [r.id, r.filter, r.window]), [[rule.id, "exe = '/bin/sh'", 3600]]);
      assert.deepEqual(policy.file_integrity_rules, []);
      const one = await get(`/api/v1/policies/${ruleset.id}`);
      assert.deepEqual(one.json, policy);
      for (const id of ['no-such-policy', otherRulesetId]) {
        const missing = await get(`/api/v1/policies/${id}`);
        assert.equal(missing.status, 404);
        assert.deepEqual(missing.json, { errors: ['Policy not found'] });
      }
    });

    it("lists the key's organizations with its role, and the users of each; other organizations are 404", async () => {
      const reader = await memberWithRole(server.store, server.creds.orgId, 'reader');
      const res = await get('/api/v1/organizations');
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.json, [{ id: server.creds.orgId, name: 'Test Org', role: 'owner' }]);

      const users = await get(`/api/v1/organizations/${server.creds.orgId}/users`);
      assert.equal(users.status, 200, users.text);
      const ids = users.json.map((u: any) => u.id).sort();
      assert.deepEqual(ids, [server.creds.userId, reader.user.id].sort());
      const r = users.json.find((u: any) => u.id === reader.user.id);
      assert.equal(r.role, 'reader');
      assert.equal(r.display_name, 'A reader');
      assert.deepEqual(r.name, { first: 'A', last: 'reader' });
      assert.equal(r.organization_id, server.creds.orgId);
      assert.equal(r.email, reader.user.email);

      for (const id of [other.org.id, 'no-such-org']) {
        const missing = await get(`/api/v1/organizations/${id}/users`);
        assert.equal(missing.status, 404, id);
        assert.deepEqual(missing.json, { errors: ['Organization not found'] });
      }
      // Once a member of the other organization too, the user sees both, and its users.
      await server.store.memberships.upsert(other.org.id, server.creds.userId, 'reader');
      try {
        const both = await get('/api/v1/organizations');
        assert.deepEqual(
          both.json.map((o: any) => [o.id, o.role]).sort(),
          [[server.creds.orgId, 'owner'], [other.org.id, 'reader']].sort(),
        );
        const theirs = await get(`/api/v1/organizations/${other.org.id}/users`);
        assert.equal(theirs.status, 200);
        assert.ok(theirs.json.some((u: any) => u.id === other.user.id));
      } finally {
        await server.store.memberships.remove(other.org.id, server.creds.userId);
      }
    });

    it("lists the organization's audit records in v1 shape, newest first", async () => {
      const res = await get('/api/v1/logs');
      assert.equal(res.status, 200, res.text);
      const ours = res.json.filter((l: any) => l.action.startsWith('action_'));
      assert.deepEqual(ours.map((l: any) => l.action), ['action_2', 'action_1', 'action_0']);
      assert.equal(ours[0].timestamp, t0 + 2 * HOUR);
      assert.equal(ours[0].user, 'owner@example.com');
      assert.equal(ours[0].user_id, server.creds.userId);
      assert.equal(ours[0].organization_id, server.creds.orgId);
      assert.equal(ours[0].type, 'update');
      assert.deepEqual(ours[0].context, { i: 2 });
      assert.ok(!res.json.some((l: any) => l.action === 'other_org_action'));
      assert.equal((await get('/api/v1/logs/some-id')).status, 404, 'logs are list only');
    });

    it('selects the organization with the Organization header and reads it for a reader', async () => {
      const otherAuth = { apiKey: other.creds.apiKey, orgId: other.org.id };
      const theirs = await get('/api/v1/agents', otherAuth);
      assert.deepEqual(theirs.json.map((a: any) => a.id), [otherAgentId]);
      const reader = await memberWithRole(server.store, server.creds.orgId, 'reader');
      const asReader = { apiKey: reader.creds.apiKey, orgId: server.creds.orgId };
      for (const path of ['/api/v1/agents', '/api/v1/alerts', '/api/v1/policies', '/api/v1/logs', '/api/v1/organizations']) {
        assert.equal((await get(path, asReader)).status, 200, path);
      }
      // Without the header, v1's "active organization": the user's first.
      const noHeader = await get('/api/v1/agents', { apiKey: server.creds.apiKey });
      assert.equal(noHeader.status, 200);
      assert.deepEqual(noHeader.json.map((a: any) => a.id), [...agentIds].reverse());
    });

    it('answers a wrong method with 405 and Allow, an unknown path with 404, both in the errors envelope', async () => {
      const post = await v1Request(server.url, 'POST', '/api/v1/agents', auth);
      assert.equal(post.status, 405);
      assert.match(post.headers.get('allow') ?? '', /GET/);
      assert.ok(Array.isArray(post.json.errors));
      const del = await v1Request(server.url, 'DELETE', `/api/v1/alerts/${plainAlert.id}`, auth);
      assert.equal(del.status, 405);
      const unknown = await get('/api/v1/nothing-here');
      assert.equal(unknown.status, 404);
      assert.ok(Array.isArray(unknown.json.errors));
    });

    it('documents every v1 route in /openapi.json', async () => {
      const res = await fetch(`${server.url}/openapi.json`);
      const doc: any = await res.json();
      for (const path of [
        '/api/v1/agents',
        '/api/v1/agents/{id}',
        '/api/v1/alerts',
        '/api/v1/alerts/{id}',
        '/api/v1/policies',
        '/api/v1/policies/{id}',
        '/api/v1/organizations',
        '/api/v1/organizations/{id}/users',
        '/api/v1/logs',
      ]) {
        const op = doc.paths[path]?.get;
        assert.ok(op, path);
        assert.ok(op.summary, `${path} has a summary`);
        assert.deepEqual(op.security, [{ v1ApiKey: [] }], path);
      }
      const params = doc.paths['/api/v1/agents'].get.parameters.map((p: any) => p.name).sort();
      assert.deepEqual(params, ['count', 'end', 'fields', 'page', 'start']);
      assert.ok(doc.components.securitySchemes.v1ApiKey);
    });
  });
}
