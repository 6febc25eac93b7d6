import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DIALECTS } from '@vigil/store/testing';
import { postBatch, registerAgent, type AgentCreds } from './helpers/agent-client.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

const rand = () => randomBytes(4).toString('hex');

function hostRule(over: Record<string, unknown> = {}) {
  return {
    name: `Rule ${rand()}`,
    type: 'Host',
    title: 'ran {{command}} as {{user}}',
    severityOfAlerts: 1,
    alertDescription: 'detection test',
    aggregateFields: ['user'],
    window: 60,
    threshold: 1,
    suppressions: [],
    enabled: true,
    ...over,
  };
}

for (const dialect of DIALECTS) {
  describe(`detection over HTTP (${dialect})`, () => {
    let server: TestServer;
    let agent: AgentCreds;
    let rulesetId: string;
    let seq = 0;
    const batchId = () => `det-${process.pid}-${++seq}`;
    const audit = (command: string, over: Record<string, unknown> = {}) => ({
      event_type: 'audit',
      timestamp: Date.now(),
      syscall: 'execve',
      command,
      user: 'kpatel',
      ...over,
    });

    async function ok(method: string, path: string, body?: unknown) {
      const res = await server.request(method, path, body === undefined ? {} : { body });
      assert.equal(res.status, 200, `${method} ${path} → ${res.status} ${res.text}`);
      return res.json;
    }
    async function send(events: unknown[], id = batchId(), who = agent) {
      const res = await postBatch(server.url, who, id, events);
      assert.equal(res.status, 200, res.text);
      return res.json as { accepted: number; duplicate: boolean };
    }
    const alertsOf = async (ruleId: string) => (await ok('GET', `/v2/alerts?status=active&ruleId=${ruleId}`)).alerts as any[];
    /** polls until `count` alerts of the rule exist (≤ 10 s) */
    async function waitForAlerts(ruleId: string, count: number) {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const alerts = await alertsOf(ruleId);
        if (alerts.length >= count || Date.now() > deadline) return alerts;
        await sleep(100);
      }
    }
    const newRule = (over: Record<string, unknown> = {}) => ok('POST', `/v2/rulesets/${rulesetId}/rules`, hostRule(over));

    before(async () => {
      server = await startTestServer(dialect, { detectionThread: true, config: { rateLimit: { perOrg: 100_000, perIp: 100_000, lockoutSeconds: 900 } } });
      const deployKey = (await server.store.deployKeys.issue(server.creds.orgId)).key;
      agent = await registerAgent(server.url, deployKey);
      rulesetId = (await ok('POST', '/v2/rulesets', { name: `Detection ${rand()}`, description: '', ruleIds: [] })).id;
    });
    after(() => server.close());

    it('raises an alert at the threshold, attaches later events, and serves them', async () => {
      const cmd = `tool-${rand()}`;
      const rule = await newRule({ filter: `event_type = "audit" and command = "${cmd}"`, threshold: 3, window: 600 });
      await send([audit(cmd), audit(cmd)]);
      await send([audit(cmd), audit(cmd, { user: 'other' }), audit(cmd)]);
      const [alert, ...rest] = await waitForAlerts(rule.id, 1);
      assert.ok(alert, 'the alert appears');
      assert.deepEqual(rest, []);
      assert.equal(alert.title, `ran ${cmd} as kpatel`);
      assert.equal(alert.severity, 1);
      assert.equal(alert.dataSource, 'agent');
      assert.equal(alert.agentId, agent.agentId);
      assert.equal(alert.rulesetId, rulesetId);
      assert.deepEqual(alert.aggregates, [{ fieldName: 'user', fieldValue: 'kpatel' }]);
      const { events } = await ok('GET', `/v2/alerts/${alert.id}/events`);
      assert.equal(events.length, 4, 'three that reached the threshold and one attached');
      assert.ok(events.every((e: any) => e.command === cmd && e.user === 'kpatel' && e.alertId === alert.id));
    });

    it('a re-sent batch creates no duplicate alert; suppressions and other orgs do not fire', async () => {
      const cmd = `dup-${rand()}`;
      const rule = await newRule({ filter: `command = "${cmd}"`, window: 1, suppressions: ['user = "ansible"'] });
      const id = batchId();
      assert.equal((await send([audit(cmd, { timestamp: Date.now() - 60_000 })], id)).duplicate, false);
      assert.equal((await waitForAlerts(rule.id, 1)).length, 1);
      assert.equal((await send([audit(cmd, { timestamp: Date.now() - 60_000 })], id)).duplicate, true);
      await send([audit(cmd, { user: 'ansible' })]);

      // Another organization with a rule on the same command, and its own agent sending it.
      const other = await server.store.organizations.create({ name: `Other ${rand()}` });
      const otherSet = await server.store.rulesets.create({ orgId: other.id, name: 'Theirs', description: '' });
      const otherRule = await server.store.rulesets.createRule({
        orgId: other.id, rulesetId: otherSet.id, name: 'theirs', type: 'Host', title: 't', severityOfAlerts: 1,
        alertDescription: '', aggregateFields: [], filter: `command = "${cmd}-theirs"`, window: 60, threshold: 1,
        suppressions: [], enabled: true,
      });
      const otherKey = (await server.store.deployKeys.issue(other.id)).key;
      const otherAgent = await registerAgent(server.url, otherKey, { hostname: 'theirs' });
      await send([audit(cmd), audit(`${cmd}-theirs`)], batchId(), otherAgent);
      await send([audit(`${cmd}-theirs`)]);

      // A marker rule proves detection has processed everything sent before it.
      const mark = `mark-${rand()}`;
      const marker = await newRule({ filter: `command = "${mark}"` });
      await send([audit(mark)]);
      assert.equal((await waitForAlerts(marker.id, 1)).length, 1);
      await server.store.ingest.countEvents(other.id);
      const deadline = Date.now() + 10_000;
      let theirs = await server.store.alerts.list(other.id, { isDismissed: false }, { limit: 10 });
      while (theirs.items.length === 0 && Date.now() < deadline) {
        await sleep(100);
        theirs = await server.store.alerts.list(other.id, { isDismissed: false }, { limit: 10 });
      }
      assert.deepEqual(theirs.items.map((a) => [a.ruleId, a.agentId]), [[otherRule.id, otherAgent.agentId]], 'their rule fired on their event only');
      assert.equal((await alertsOf(rule.id)).length, 1, 'no duplicate, nothing from the suppressed event or the other org');
    });

    it('a disabled rule stops firing within 5 seconds', async () => {
      const cmd = `dis-${rand()}`;
      const body = hostRule({ filter: `command = "${cmd}"`, window: 1 });
      const rule = await ok('POST', `/v2/rulesets/${rulesetId}/rules`, body);
      const control = await newRule({ filter: `command = "${cmd}-control"`, window: 1 });
      await send([audit(cmd)]);
      assert.equal((await waitForAlerts(rule.id, 1)).length, 1);

      await ok('PUT', `/v2/rulesets/${rulesetId}/rules/${rule.id}`, { ...body, enabled: false });
      // Sent right after the change: the promise is "within 5 s" and a change the rules' fingerprint sees
      // applies on the next detection pass (rule-set-cache.test.ts covers the rest with a fake clock).
      await send([audit(cmd, { user: 'someone-else' }), audit(`${cmd}-control`)]);
      // The control rule firing shows the batch has been judged; by then the disabled rule had its chance.
      assert.equal((await waitForAlerts(control.id, 1)).length, 1);
      assert.equal((await alertsOf(rule.id)).length, 1, 'the disabled rule raised nothing');
    });
  });
}
