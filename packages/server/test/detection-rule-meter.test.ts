/**
 * The per-organization rule budget (`rule-meter.ts`) alone and inside the engine, on a fake clock: which rule
 * is disabled, when rules start being timed one by one, and that detection goes on without the rule.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it, mock } from 'node:test';
import type { Rule } from '@vigil/store';
import { createDetectionEngine, type EngineEvent } from '../src/detection/engine.js';
import { RuleMeter, SPIKE_MS } from '../src/detection/rule-meter.js';
import { buildRuleIndex, type DetectionRule } from '../src/detection/rule-set-cache.js';

const T0 = 1_700_000_000_000;
const asRule = (id: string) => ({ id, name: id }) as DetectionRule;

describe('RuleMeter', () => {
  it('times whole events until half the allowance is used or one event spikes', () => {
    const meter = new RuleMeter(100);
    meter.allow(10);
    for (let i = 0; i < 3; i++) meter.chargeEvent(15);
    assert.equal(meter.detailed, false);
    meter.chargeEvent(10);
    assert.equal(meter.detailed, true, 'past half of 100 ms');
    const spiky = new RuleMeter(100);
    spiky.chargeEvent(SPIKE_MS);
    assert.equal(spiky.detailed, true, 'one event took 20 ms');
    assert.deepEqual(meter.takeOverruns(), [], 'timing whole events never disables a rule');
  });

  it('past the allowance disables the costliest rule measured, once, and starts a fresh account', () => {
    const [cheap, costly] = [asRule('cheap'), asRule('costly')];
    const meter = new RuleMeter(100);
    meter.allow(1000);
    meter.charge(costly, 60);
    meter.charge(cheap, 30);
    assert.deepEqual(meter.takeOverruns(), []);
    meter.charge(cheap, 20);
    // The last test charged was the cheap rule's; the costly one used the most.
    assert.deepEqual(meter.takeOverruns(), [{ rule: costly, spentMs: 60, totalMs: 110, allowedMs: 100 }]);
    assert.deepEqual(meter.takeOverruns(), []);
    assert.equal(meter.isDisabled(costly), true);
    assert.equal(meter.isDisabled(cheap), false);
    meter.charge(cheap, 90);
    assert.deepEqual(meter.takeOverruns(), [], 'a fresh account');
  });

  it('allows the budget per 1,000 events, and the budget at least', () => {
    const meter = new RuleMeter(100);
    assert.equal(meter.allowedMs, 100);
    meter.allow(500);
    assert.equal(meter.allowedMs, 100);
    meter.allow(4500);
    assert.equal(meter.allowedMs, 500);
  });
});

describe('detection engine with a RuleMeter', () => {
  afterEach(() => mock.restoreAll());

  function fileRule(id: string, over: Partial<Rule> = {}): Rule {
    return {
      id, orgId: 'org-1', rulesetId: 'rs-1', name: id, type: 'File', title: id, severityOfAlerts: 2, alertDescription: '',
      aggregateFields: ['filename'], filter: 'event_type = "file"', window: 60, threshold: 1, suppressions: [], enabled: true,
      createdAt: T0, updatedAt: T0, fileIntegrityPaths: [{ path: '/etc', recursive: true }], ignoreFiles: [], eventsToMonitor: ['ALL'], ...over,
    };
  }

  it('skips the rule the meter disabled from the next test on, and the other rules go on alerting', () => {
    // A fake clock: the expensive rule's File test takes 40 ms of it, everything else nothing.
    let clock = 0;
    mock.method(performance, 'now', () => clock);
    const index = buildRuleIndex([fileRule('expensive'), fileRule('cheap')]);
    const expensive = index.byType.get('file')!.find((r) => r.id === 'expensive')!;
    const test = expensive.file!;
    expensive.file = (data) => {
      clock += 40;
      return test(data);
    };
    const engine = createDetectionEngine();
    const meter = new RuleMeter(100);
    const events: EngineEvent[] = Array.from({ length: 8 }, (_, i) => ({
      eventType: 'file',
      timestamp: T0 + i,
      data: { event_type: 'file', type: 'modify', filename: `/etc/f${i}` },
    }));
    const { newAlerts } = engine.processBatch('org-1', { id: 'agent-1', tags: [] }, index, events, undefined, meter);
    const fired = (id: string) => newAlerts.filter((a) => a.alert.ruleId === id).map((a) => a.alert.aggregates[0]!.fieldValue);

    // Event 0 is timed whole: 40 ms is a spike, so from event 1 each test is timed; event 2's test brings the
    // total to 120 ms of 100: the rule is disabled after it and skipped from event 3 on.
    assert.deepEqual(fired('expensive'), ['/etc/f0', '/etc/f1', '/etc/f2']);
    assert.deepEqual(fired('cheap'), events.map((e) => e.data.filename));
    const [overrun, ...more] = meter.takeOverruns();
    assert.deepEqual(more, []);
    assert.deepEqual({ ...overrun, rule: overrun!.rule.id }, { rule: 'expensive', spentMs: 80, totalMs: 120, allowedMs: 100 });
    assert.equal(meter.isDisabled(expensive), true);
  });
});
