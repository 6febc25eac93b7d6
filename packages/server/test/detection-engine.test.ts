import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Rule } from '@vigil/store';
import { createDetectionEngine, type EngineEvent } from '../src/detection/engine.js';
import { buildRuleIndex, rulesForType } from '../src/detection/rule-set-cache.js';

const ORG = 'org-1';
const AGENT = { id: 'agent-1', tags: [{ source: 'ec2', key: 'env', value: 'prod' }] };
const T0 = 1_700_000_000_000;

let ruleSeq = 0;
function rule(over: Partial<Rule> = {}): Rule {
  return {
    id: `rule-${++ruleSeq}`,
    orgId: ORG,
    rulesetId: 'rs-1',
    name: 'Sudo used',
    type: 'Host',
    title: 'Sudo by {{user}} on {{hostname}}',
    severityOfAlerts: 2,
    alertDescription: '',
    aggregateFields: ['user'],
    filter: 'event_type = "audit" and command = "sudo"',
    window: 60,
    threshold: 1,
    suppressions: [],
    enabled: true,
    createdAt: T0,
    updatedAt: T0,
    ...over,
  };
}

const sudo = (at: number, over: Record<string, unknown> = {}): EngineEvent => ({
  eventType: 'audit',
  timestamp: T0 + at,
  data: { event_type: 'audit', command: 'sudo', user: 'kpatel', hostname: 'web-1', timestamp: T0 + at, ...over },
});

function engineFor(rules: Rule[]) {
  let n = 0;
  const engine = createDetectionEngine({ newId: () => `alert-${++n}` });
  const index = buildRuleIndex(rules);
  return (events: EngineEvent[], agent = AGENT) => engine.processBatch(ORG, agent, index, events);
}

describe('detection engine', () => {
  it('fires once the threshold is reached within the window, with the events and the rendered title', () => {
    const r = rule({ threshold: 3, window: 10 });
    const run = engineFor([r]);
    assert.deepEqual(run([sudo(0), sudo(1000)]).newAlerts, [], 'below the threshold');
    const d = run([sudo(2000)]);
    assert.equal(d.newAlerts.length, 1);
    const { alert, events } = d.newAlerts[0]!;
    assert.deepEqual(alert, {
      id: 'alert-1',
      orgId: ORG,
      title: 'Sudo by kpatel on web-1',
      dataSource: 'agent',
      createdAt: T0 + 2000,
      severity: 2,
      agentId: AGENT.id,
      ruleId: r.id,
      rulesetId: 'rs-1',
      aggregates: [{ fieldName: 'user', fieldValue: 'kpatel' }],
    });
    assert.deepEqual(events.map((e) => e.timestamp), [T0, T0 + 1000, T0 + 2000]);
  });

  it('does not fire when the matches spread wider than the window', () => {
    const run = engineFor([rule({ threshold: 2, window: 5 })]);
    assert.equal(run([sudo(0), sudo(6000), sudo(12_000)]).newAlerts.length, 0);
    assert.equal(run([sudo(15_000)]).newAlerts.length, 1, 'two within 5 s');
  });

  it('attaches further events while the alert is open, and opens a new alert after its window', () => {
    const run = engineFor([rule({ window: 10 })]);
    const first = run([sudo(0), sudo(3000), sudo(9000)]);
    assert.equal(first.newAlerts.length, 1);
    assert.deepEqual(first.attach, [{ orgId: ORG, alertId: 'alert-1', events: [sudo(3000), sudo(9000)].map((e) => ({ timestamp: e.timestamp, data: e.data })) }]);
    const later = run([sudo(10_000), sudo(10_001)]);
    assert.equal(later.attach[0]?.events.length, 1, 'the window end is inclusive');
    assert.deepEqual(later.newAlerts.map((a) => [a.alert.id, a.alert.createdAt]), [['alert-2', T0 + 10_001]], 'past the window: a new alert');
    const next = run([sudo(20_002)]);
    assert.equal(next.newAlerts.length, 1, 'a new alert after the window');
    assert.equal(next.newAlerts[0]!.alert.id, 'alert-3');
  });

  it('groups by the aggregate fields and the agent', () => {
    const run = engineFor([rule({ threshold: 2 })]);
    assert.equal(run([sudo(0, { user: 'a' }), sudo(1, { user: 'b' })]).newAlerts.length, 0);
    assert.equal(run([sudo(2, { user: 'a' }, )], { id: 'agent-2', tags: [] }).newAlerts.length, 0, 'another agent is another group');
    const d = run([sudo(3, { user: 'b' })]);
    assert.equal(d.newAlerts.length, 1);
    assert.deepEqual(d.newAlerts[0]!.alert.aggregates, [{ fieldName: 'user', fieldValue: 'b' }]);
  });

  it('suppressions stop matching events from counting', () => {
    const run = engineFor([rule({ suppressions: ['user = "ansible"'] })]);
    assert.equal(run([sudo(0, { user: 'ansible' })]).newAlerts.length, 0);
    assert.equal(run([sudo(1, { user: 'root' })]).newAlerts.length, 1);
  });

  it('disabled rules and rules with an invalid filter do nothing', () => {
    const errors: string[] = [];
    const index = buildRuleIndex([rule({ enabled: false }), rule({ filter: 'nonsense ===' })], (r) => errors.push(r.id));
    assert.equal(index.size, 0);
    assert.equal(errors.length, 1);
    const d = createDetectionEngine().processBatch(ORG, AGENT, index, [sudo(0)]);
    assert.deepEqual(d, { newAlerts: [], attach: [] });
  });

  it('applies rules by tag inclusion and exclusion', () => {
    const prod = { source: '', key: 'env', value: 'prod' };
    const run = engineFor([
      rule({ name: 'incl', title: 'incl', tags: { inclusion: [prod], exclusion: [] } }),
      rule({ name: 'excl', title: 'excl', tags: { inclusion: [], exclusion: [prod] } }),
      rule({ name: 'other', title: 'other', tags: { inclusion: [{ source: '', key: 'env', value: 'dev' }], exclusion: [] } }),
    ]);
    assert.deepEqual(run([sudo(0)]).newAlerts.map((a) => a.alert.title), ['incl']);
    assert.deepEqual(run([sudo(0)], { id: 'agent-2', tags: [] }).newAlerts.map((a) => a.alert.title), ['excl']);
  });

  it('falls back to the rule name for an empty title, and buckets rules by event type', () => {
    const typed = rule({ title: '' });
    const untyped = rule({ filter: 'user = "kpatel"', title: 'any {{missing}}' });
    const index = buildRuleIndex([typed, untyped]);
    assert.deepEqual(rulesForType(index, 'audit').map((r) => r.id), [typed.id, untyped.id]);
    assert.deepEqual(rulesForType(index, 'file').map((r) => r.id), [untyped.id]);
    const d = createDetectionEngine().processBatch(ORG, AGENT, index, [sudo(0)]);
    assert.deepEqual(d.newAlerts.map((a) => a.alert.title), ['Sudo used', 'any']);
  });

  it('reset forgets the windows', () => {
    const engine = createDetectionEngine();
    const index = buildRuleIndex([rule({ threshold: 2 })]);
    engine.processBatch(ORG, AGENT, index, [sudo(0)]);
    engine.reset();
    assert.equal(engine.processBatch(ORG, AGENT, index, [sudo(1)]).newAlerts.length, 0);
    assert.equal(engine.groups, 1);
  });
});
