import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { openStore } from '../src/index.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../src/testing.js';
import type { Cursor, Page, Store } from '../src/index.js';
import { generateDemoDataset, loadDemoDataset, summarizeDemoDataset } from '../src/demo/index.js';
import type { DemoDataset } from '../src/demo/index.js';
import { HOSTILE_IPS } from '../src/demo/accounts.js';
import { DEMO_THREAT_LIBRARY } from '../src/demo/threat-library.js';

const NOW = Date.UTC(2025, 2, 10, 15, 4, 5, 678);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const CIDR = /^([0-9.]+\/\d{1,2}|[0-9a-f:]+\/\d{1,3})$/;

describe('generateDemoDataset', () => {
  const orgId = 'org-demo';
  let data: DemoDataset;
  before(() => {
    data = generateDemoDataset({ orgId, now: NOW, seed: 42 });
  });

  it('is deterministic for (seed, now) and varies with the seed', () => {
    const again = generateDemoDataset({ orgId, now: NOW, seed: 42 });
    assert.deepEqual(again, data);
    assert.equal(JSON.stringify(again), JSON.stringify(data));
    const other = generateDemoDataset({ orgId, now: NOW, seed: 43 });
    assert.notDeepEqual(other, data);
    assert.notEqual(other.agents[0]!.id, data.agents[0]!.id);
    assert.deepEqual(generateDemoDataset({ orgId, now: NOW }), generateDemoDataset({ orgId, now: NOW, seed: 1 }));
  });

  it('uses UUID v4 ids that are unique across the dataset', () => {
    const ids = [
      ...data.agents.map((a) => a.id),
      ...data.rulesets.map((r) => r.id),
      ...data.rules.map((r) => r.id),
      ...data.alerts.flatMap(({ alert, events }) => [alert.id, ...events.map((e) => e.id)]),
      ...data.auditRecords.map((r) => r.id),
    ];
    for (const id of ids) assert.match(id, UUID_V4);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('has 30 online and 5 offline agents with realistic fields', () => {
    const online = data.agents.filter((a) => a.status === 'online');
    const offline = data.agents.filter((a) => a.status === 'offline');
    assert.equal(online.length, 30);
    assert.equal(offline.length, 5);
    assert.equal(new Set(data.agents.map((a) => a.hostname)).size, 35);
    for (const a of data.agents) {
      assert.equal(a.orgId, orgId);
      assert.ok(a.createdAt <= NOW - DAY / 2 && a.createdAt >= NOW - 201 * DAY, `${a.hostname} createdAt`);
      if (a.status === 'online') assert.ok(a.lastReportedAt! > NOW - 60_000 && a.lastReportedAt! <= NOW);
      else assert.ok(a.lastReportedAt! <= NOW - HOUR && a.lastReportedAt! > a.createdAt);
      assert.ok(a.instanceId === null || /^i-0[0-9a-f]{16}$/.test(a.instanceId), a.instanceId ?? '');
      assert.ok(a.ipAddresses.private.includes('127.0.0.1/8') && a.ipAddresses.private.includes('::1/128'));
      assert.match(a.ipAddresses.private[0]!, /^(10|172)\.\d+\.\d+\.\d+\/(2[0-4])$/);
      for (const cidr of [...a.ipAddresses.private, ...a.ipAddresses.link_local, ...a.ipAddresses.public]) {
        assert.match(cidr, CIDR);
      }
      assert.ok(a.ipAddresses.link_local.every((c) => c.startsWith('fe80::') && c.endsWith('/64')));
      assert.match(a.version, /^\d+\.\d+\.\d+$/);
      assert.ok(['investigate', 'monitor'].includes(a.agentType));
      assert.equal(typeof a.agentModuleHealth.isHealthy, 'boolean');
    }
    assert.ok(data.agents.filter((a) => a.instanceId !== null).length >= 30);
    assert.ok(data.agents.filter((a) => a.agentType === 'investigate').length > 25);
    assert.ok(data.agents.some((a) => a.agentModuleHealth.isHealthy === false));
  });

  it('has rulesets with rules of all severities', () => {
    assert.deepEqual(
      data.rulesets.map((r) => r.name),
      ['Base Rule Set', 'Production Hardening'],
    );
    assert.ok(data.rules.length >= 10);
    const rulesetIds = new Set(data.rulesets.map((r) => r.id));
    for (const rule of data.rules) {
      assert.ok(rulesetIds.has(rule.rulesetId));
      assert.ok(['Host', 'File'].includes(rule.type));
      assert.equal(rule.window, 3600);
      assert.equal(rule.threshold, 1);
      assert.ok(rule.aggregateFields.length > 0);
    }
    assert.deepEqual(new Set(data.rules.map((r) => r.severityOfAlerts)), new Set([1, 2, 3]));
  });

  it('has ~2,000 alerts over the last 30 days tied to generated rules and agents', () => {
    const alerts = data.alerts.map((a) => a.alert);
    assert.ok(alerts.length >= 1_800 && alerts.length <= 2_200, String(alerts.length));
    const agents = new Map(data.agents.map((a) => [a.id, a]));
    const rules = new Map(data.rules.map((r) => [r.id, r]));
    const bySeverity = [0, 0, 0, 0];
    for (const { alert, events } of data.alerts) {
      bySeverity[alert.severity]!++;
      assert.ok(alert.createdAt <= NOW && alert.createdAt >= NOW - 30 * DAY);
      const rule = rules.get(alert.ruleId!);
      const agent = agents.get(alert.agentId!);
      assert.ok(rule, 'alert references a generated rule');
      assert.ok(agent, 'alert references a generated agent');
      assert.ok(rule.enabled);
      assert.equal(alert.rulesetId, rule.rulesetId);
      assert.equal(alert.severity, rule.severityOfAlerts);
      assert.equal(alert.dataSource, 'agent');
      assert.doesNotMatch(alert.title, /\{\{|unknown/);
      assert.deepEqual(
        alert.aggregates.map((g) => g.fieldName),
        rule.aggregateFields,
      );
      assert.ok(alert.aggregates.every((g) => g.fieldValue !== null && g.fieldValue !== undefined));
      // the agent was registered before the activity and still reporting when the alert fired
      assert.ok(agent.createdAt < events[0]!.timestamp);
      assert.ok(agent.status === 'online' || agent.lastReportedAt! >= alert.createdAt);

      assert.ok(events.length >= 1 && events.length <= 4);
      const eventType = /^event_type = "(\w+)"/.exec(rule.filter)?.[1];
      for (const [i, e] of events.entries()) {
        assert.ok(e.timestamp <= alert.createdAt && e.timestamp >= NOW - 30 * DAY);
        if (i > 0) assert.ok(e.timestamp > events[i - 1]!.timestamp);
        assert.equal(e.data.timestamp, e.timestamp);
        assert.equal(e.data.agentId, agent.id);
        assert.equal(e.data.hostname, agent.hostname);
        assert.equal(e.data.event_type, eventType);
        assert.equal(e.data.eventType, eventType);
        assert.ok(Array.isArray(e.data.args) && typeof e.data.exe === 'string' && typeof e.data.user === 'string');
      }
    }
    const total = alerts.length;
    assert.ok(bySeverity[1]! / total > 0.06 && bySeverity[1]! / total < 0.14, `sev 1: ${bySeverity[1]}`);
    assert.ok(bySeverity[2]! / total > 0.24 && bySeverity[2]! / total < 0.36, `sev 2: ${bySeverity[2]}`);
    assert.ok(bySeverity[3]! / total > 0.52 && bySeverity[3]! / total < 0.68, `sev 3: ${bySeverity[3]}`);
    const span = alerts.at(-1)!.createdAt - alerts[0]!.createdAt;
    assert.ok(span > 28 * DAY && span <= 30 * DAY, `span ${span / DAY} days`);
  });

  it('dismisses about 15 % of the alerts older than a week, after they fired', () => {
    const createdAt = new Map(data.alerts.map(({ alert }) => [alert.id, alert.createdAt]));
    const olderThanWeek = data.alerts.filter(({ alert }) => alert.createdAt < NOW - 7 * DAY).length;
    let dismissed = 0;
    const seen = new Set<string>();
    for (const { ids, dismissal } of data.dismissals) {
      assert.ok(ids.length > 0);
      assert.ok(dismissal.at <= NOW);
      assert.ok(['BUSINESS_OP', 'COMPANY_POLICY', 'MAINTENANCE', 'OTHER'].includes(dismissal.reason));
      for (const id of ids) {
        const t = createdAt.get(id);
        assert.ok(t !== undefined && t < NOW - 7 * DAY && t < dismissal.at);
        assert.ok(!seen.has(id));
        seen.add(id);
      }
      dismissed += ids.length;
    }
    assert.ok(dismissed / olderThanWeek > 0.1 && dismissed / olderThanWeek < 0.2, `${dismissed}/${olderThanWeek}`);
  });

  it('ends the audit trail with demo_loaded', () => {
    const last = data.auditRecords.at(-1)!;
    assert.equal(last.action, 'demo_loaded');
    assert.equal(last.eventTime, NOW);
    assert.ok(data.auditRecords.length >= 3);
    assert.ok(data.auditRecords.every((r, i) => i === 0 || r.eventTime! >= data.auditRecords[i - 1]!.eventTime!));
  });

  it('rejects a missing orgId or a bad seed', () => {
    assert.throws(() => generateDemoDataset({ orgId: '' }), TypeError);
    assert.throws(() => generateDemoDataset({ orgId, seed: 1.5 }), RangeError);
  });
});

async function collect<T>(fetch: (after: Cursor | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let after: Cursor | undefined;
  do {
    const page = await fetch(after);
    items.push(...page.items);
    after = page.next;
  } while (after);
  return items;
}

for (const dialect of DIALECTS) {
  describe(`loadDemoDataset (${dialect})`, () => {
    let db: TestDatabase;
    let store: Store;
    let orgId: string;
    let expected: DemoDataset;

    before(async () => {
      db = await createTestDatabase(dialect);
      store = await openStore({ url: db.url, secret: 'x'.repeat(32) });
      orgId = (await store.organizations.create({ name: 'Demo Org' })).id;
      expected = generateDemoDataset({ orgId, now: NOW, seed: 7 });
    });
    after(async () => {
      await store?.close();
      await db?.drop();
    });

    it('loads the dataset and reports the counts that were stored', async (t) => {
      const started = performance.now();
      const summary = await loadDemoDataset(store, { orgId, now: NOW, seed: 7 });
      t.diagnostic(`${dialect}: loaded in ${Math.round(performance.now() - started)} ms`);
      // The report is checked against what the database holds afterwards, read back through the store.
      const online = await collect((after) => store.agents.list(orgId, { status: 'online' }, { limit: 100, after }));
      const rulesets = await store.rulesets.list(orgId);
      const rules = (await Promise.all(rulesets.map((r) => store.rulesets.listRules(orgId, r.id)))).flat();
      const alerts = [
        ...(await collect((after) => store.alerts.list(orgId, { isDismissed: false }, { limit: 500, after }))),
        ...(await collect((after) => store.alerts.list(orgId, { isDismissed: true }, { limit: 500, after }))),
      ];
      let events = 0;
      for (const alert of alerts) events += (await store.alerts.events(orgId, alert.id))?.length ?? 0;
      const agents = await store.agents.count(orgId);
      assert.deepEqual(summary, {
        agents,
        onlineAgents: online.length,
        offlineAgents: agents - online.length,
        rulesets: rulesets.length,
        rules: rules.length,
        alerts: alerts.length,
        events,
        inventories: (await store.inventory.listStates({ limit: 100 })).items.filter((s) => s.orgId === orgId).length,
        unmonitoredServers: (await store.servers.list(orgId, { monitored: false }, { limit: 100 })).items.length,
      });
      assert.deepEqual(summary, summarizeDemoDataset(expected), 'everything generated was stored');
      assert.equal(summary.agents, 35);
      assert.equal(summary.onlineAgents, 30);
      assert.equal(summary.offlineAgents, 5);
      assert.ok(summary.events >= summary.alerts);
    });

    it('stores 30 online and 5 offline agents', async () => {
      assert.equal(await store.agents.count(orgId), 35);
      const online = await collect((after) => store.agents.list(orgId, { status: 'online' }, { limit: 7, after }));
      const offline = await collect((after) => store.agents.list(orgId, { status: 'offline' }, { limit: 100, after }));
      assert.equal(online.length, 30);
      assert.equal(offline.length, 5);
      const byId = new Map(expected.agents.map((a) => [a.id, a]));
      for (const agent of [...online, ...offline]) {
        const want = byId.get(agent.id);
        assert.ok(want);
        // EC2 hosts carry the instance metadata their agent read; the office rack's LDAP server none.
        assert.deepEqual(agent, { cloud: null, ...want, orgId });
        assert.equal(agent.cloud?.instanceId ?? null, agent.instanceId);
      }
    });

    it('stores rulesets and rules', async () => {
      const rulesets = await store.rulesets.list(orgId);
      assert.deepEqual(rulesets.map((r) => r.name).sort(), ['Base Rule Set', 'Production Hardening']);
      let rules = 0;
      for (const ruleset of rulesets) {
        const list = await store.rulesets.listRules(orgId, ruleset.id);
        assert.ok(list.length > 0);
        rules += list.length;
      }
      assert.equal(rules, expected.rules.length);
      const sudo = expected.rules.find((r) => r.name === 'User Activity: sudo by non-admin')!;
      const stored = await store.rulesets.getRule(orgId, sudo.id);
      assert.equal(stored?.filter, sudo.filter);
      assert.deepEqual(stored?.suppressions, sudo.suppressions);
    });

    it('stores every alert, dismisses the planned ones and counts active alerts by severity', async () => {
      const active = await collect((after) => store.alerts.list(orgId, { isDismissed: false }, { limit: 100, after }));
      const dismissed = await collect((after) => store.alerts.list(orgId, { isDismissed: true }, { limit: 100, after }));
      const dismissedIds = new Set(expected.dismissals.flatMap((d) => d.ids));
      assert.equal(active.length + dismissed.length, expected.alerts.length);
      assert.equal(dismissed.length, dismissedIds.size);
      assert.ok(dismissed.every((a) => dismissedIds.has(a.id) && a.dismissReason !== null && a.dismissedAt! > a.createdAt));
      assert.ok(active.every((a) => a.createdAt >= NOW - 30 * DAY && a.createdAt <= NOW));

      const want = { 1: 0, 2: 0, 3: 0 };
      for (const { alert } of expected.alerts) if (!dismissedIds.has(alert.id)) want[alert.severity]++;
      const counts = await store.alerts.severityCounts(orgId, {});
      assert.deepEqual(
        counts.map((c) => [c.severity, c.count]),
        [
          [1, want[1]],
          [2, want[2]],
          [3, want[3]],
        ],
      );
      assert.ok(want[1] > 0 && want[2] > 0 && want[3] > 0);
      const lastWeek = await store.alerts.severityCounts(orgId, { from: NOW - 7 * DAY, until: NOW });
      assert.ok(lastWeek.reduce((n, c) => n + c.count, 0) > 300);
    });

    it('stores the events of an alert in time order', async () => {
      const sample = expected.alerts.find((a) => a.events.length === 3)!;
      const events = await store.alerts.events(orgId, sample.alert.id);
      assert.deepEqual(
        events?.map((e) => ({ id: e.id, timestamp: e.timestamp, data: e.data })),
        sample.events,
      );
      const alert = await store.alerts.get(orgId, sample.alert.id);
      assert.equal(alert?.title, sample.alert.title);
      assert.deepEqual(alert?.aggregates, sample.alert.aggregates);
    });

    it('records the audit trail and keeps other organizations empty', async () => {
      const records = await collect((after) => store.auditLogs.list(orgId, {}, { limit: 50, after }));
      assert.equal(records.length, expected.auditRecords.length);
      assert.equal(records[0]?.action, 'demo_loaded');
      const other = await store.organizations.create({ name: 'Other Org' });
      assert.equal((await store.alerts.list(other.id, { isDismissed: false }, { limit: 10 })).items.length, 0);
      assert.equal(await store.agents.count(other.id), 0);
    });

    it('fills the threat library: every attacker address of the alerts an indicator, linked to events and adversaries', async () => {
      const indicators = await store.indicators.list({ orgId, limit: 100, offset: 0 });
      assert.equal(indicators.total, DEMO_THREAT_LIBRARY.indicators.length);
      const byValue = new Map(indicators.items.map((i) => [i.value, i]));
      for (const address of HOSTILE_IPS) assert.equal(byValue.get(address)?.statusId, 1, `${address} is an Active indicator`);
      const ids = indicators.items.map((i) => i.id);
      const sourced = new Set((await store.indicators.sources(ids)).map((s) => s.indicatorId));
      assert.equal(sourced.size, ids.length, 'every indicator has a source');
      assert.ok((await store.indicators.tags(ids)).length > 0);
      assert.ok((await store.indicators.attributes(ids)).length > 0);
      const events = await store.threatEvents.list({ orgId, limit: 50, offset: 0 });
      assert.deepEqual(events.items.map((e) => e.title).sort(), DEMO_THREAT_LIBRARY.events.map((e) => e.name).sort());
      const adversaries = await store.adversaries.list({ orgId, limit: 50, offset: 0 });
      assert.deepEqual(adversaries.items.map((a) => a.name).sort(), DEMO_THREAT_LIBRARY.adversaries.map((a) => a.name).sort());
      for (const event of events.items) {
        const spec = DEMO_THREAT_LIBRARY.events.find((e) => e.name === event.title)!;
        assert.ok(event.happenedAt < NOW);
        const linked = await store.objectLinks.list(orgId, { type: 'event', id: event.id }, 'indicator', { limit: 100, offset: 0 });
        assert.deepEqual(new Set(linked.items.map((l) => l.otherId)), new Set(spec.indicators.map((v) => byValue.get(v)!.id)), event.title);
        const withAdversaries = await store.objectLinks.list(orgId, { type: 'event', id: event.id }, 'adversary', { limit: 10, offset: 0 });
        assert.equal(withAdversaries.total, spec.adversaries.length, event.title);
      }
      // A second demo load (another seed, so other ids) adds no second library.
      await loadDemoDataset(store, { orgId, now: NOW + 1000, seed: 8 });
      assert.equal((await store.indicators.list({ orgId, limit: 1, offset: 0 })).total, DEMO_THREAT_LIBRARY.indicators.length);
      assert.equal((await store.threatEvents.list({ orgId, limit: 1, offset: 0 })).total, DEMO_THREAT_LIBRARY.events.length);
      const other = await store.organizations.create({ name: 'Library-less Org' });
      assert.equal((await store.indicators.list({ orgId: other.id, limit: 1, offset: 0 })).total, 0);
    });

    it('refuses an unknown organization', async () => {
      await assert.rejects(loadDemoDataset(store, { orgId: randomUUID(), now: NOW }), /does not exist/);
    });
  });
}
