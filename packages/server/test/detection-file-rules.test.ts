import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Rule } from '@vigil/store';
import { createDetectionEngine, type EngineEvent } from '../src/detection/engine.js';
import { buildRuleIndex, compileFileConditions, rulesForType } from '../src/detection/rule-set-cache.js';

const ORG = 'org-1';
const AGENT = { id: 'agent-1', tags: [] };
const T0 = 1_700_000_000_000;

let ruleSeq = 0;
function fileRule(over: Partial<Rule> = {}): Rule {
  return {
    id: `rule-${++ruleSeq}`,
    orgId: ORG,
    rulesetId: 'rs-1',
    name: 'Watched file changed',
    type: 'File',
    title: '{{filename}} changed',
    severityOfAlerts: 2,
    alertDescription: '',
    aggregateFields: ['filename'],
    filter: 'event_type = "file"',
    window: 60,
    threshold: 1,
    suppressions: [],
    enabled: true,
    createdAt: T0,
    updatedAt: T0,
    fileIntegrityPaths: [
      { path: '/etc/passwd', recursive: false },
      { path: '/etc/cron.d', recursive: true },
      { path: '/etc/ssh/', recursive: false },
    ],
    ignoreFiles: [],
    eventsToMonitor: ['ALL'],
    ...over,
  };
}

let at = 0;
const file = (filename: string, over: Record<string, unknown> = {}): EngineEvent => {
  const timestamp = T0 + ++at;
  return { eventType: 'file', timestamp, data: { event_type: 'file', type: 'modify', filename, user: 'root', timestamp, ...over } };
};

/** How many alerts one rule raises over the events (each event its own group, by filename). */
function alerts(rule: Rule, events: EngineEvent[]): number {
  const engine = createDetectionEngine();
  return engine.processBatch(ORG, AGENT, buildRuleIndex([rule]), events).newAlerts.length;
}
const fires = (rule: Rule, event: EngineEvent) => alerts(rule, [event]) === 1;

describe('detection: File rule paths', () => {
  const r = fileRule();
  it('fires on an exact watched file', () => assert.ok(fires(r, file('/etc/passwd'))));
  it('does not fire on a sibling sharing the prefix without a segment boundary', () => {
    assert.ok(!fires(r, file('/etc/passwd-')));
    assert.ok(!fires(r, file('/etc/cron.daily/logrotate')));
  });
  it('covers any depth below a recursive directory', () => {
    assert.ok(fires(r, file('/etc/cron.d/job')));
    assert.ok(fires(r, file('/etc/cron.d/sub/deeper/job')));
  });
  it('covers only direct children of a non-recursive directory (a trailing slash is ignored)', () => {
    assert.ok(fires(r, file('/etc/ssh/sshd_config')));
    assert.ok(!fires(r, file('/etc/ssh/sshd_config.d/50-cloud.conf')));
  });
  it('normalises the event path, so ".." cannot escape into a watched tree', () => {
    assert.ok(!fires(r, file('/etc/cron.d/../shadow')));
    assert.ok(fires(r, file('/etc//cron.d/./job')));
  });
  it('does not fire on an unwatched path, a missing filename or a non-file event', () => {
    assert.ok(!fires(r, file('/tmp/x')));
    assert.ok(!fires(r, file('/etc/passwd', { filename: undefined })));
    const audit: EngineEvent = { eventType: 'audit', timestamp: T0, data: { event_type: 'audit', filename: '/etc/passwd' } };
    assert.ok(!fires(fileRule({ filter: 'filename = "/etc/passwd"' }), audit));
  });
  it('reads a missing or null recursive as false, as the REST API does, and watches "/" as a directory', () => {
    const loose = fileRule({ fileIntegrityPaths: [{ path: '/srv' } as never, { path: '/opt', recursive: null } as never] });
    assert.ok(fires(loose, file('/srv/a')));
    assert.ok(!fires(loose, file('/srv/a/b')));
    assert.ok(!fires(loose, file('/opt/a/b')));
    const root = fileRule({ fileIntegrityPaths: [{ path: '/', recursive: false }] });
    assert.ok(fires(root, file('/x')));
    assert.ok(!fires(root, file('/x/y')));
  });
  it('does not restrict paths when a stored rule has none', () => {
    assert.ok(fires(fileRule({ fileIntegrityPaths: [] }), file('/anywhere/at/all')));
  });
});

describe('detection: File rule ignoreFiles', () => {
  const r = fileRule({ ignoreFiles: ['/etc/cron.d/ignored', '/etc/cron.d/*.bak', '/etc/cron.d/cache/**'] });
  it('skips an exact ignored path, and only that path', () => {
    assert.ok(!fires(r, file('/etc/cron.d/ignored')));
    assert.ok(fires(r, file('/etc/cron.d/ignored2')));
  });
  it('"*" matches within one path segment', () => {
    assert.ok(!fires(r, file('/etc/cron.d/job.bak')));
    assert.ok(fires(r, file('/etc/cron.d/sub/job.bak')), '* does not cross "/"');
    assert.ok(fires(r, file('/etc/cron.d/job.bak2')), 'the pattern is anchored');
  });
  it('"**" matches across segments', () => {
    assert.ok(!fires(r, file('/etc/cron.d/cache/a/b/c')));
    assert.ok(fires(r, file('/etc/cron.d/cached')));
  });
  it('treats regex characters in patterns literally', () => {
    const dots = fileRule({ ignoreFiles: ['/etc/cron.d/a.b*'] });
    assert.ok(!fires(dots, file('/etc/cron.d/a.bc')));
    assert.ok(fires(dots, file('/etc/cron.d/aXbc')));
  });
});

describe('detection: File rule eventsToMonitor', () => {
  const r = fileRule({ eventsToMonitor: ['modify', 'delete'] });
  it('fires on a monitored action', () => {
    assert.ok(fires(r, file('/etc/passwd', { type: 'delete' })));
  });
  it('does not fire on an action not monitored', () => {
    assert.ok(!fires(r, file('/etc/passwd', { type: 'open' })));
    assert.ok(!fires(r, file('/etc/passwd', { type: 'attrib' })));
  });
  it('derives the action from the syscall when the event has no type', () => {
    assert.ok(fires(r, file('/etc/passwd', { type: undefined, syscall: 'unlink' })));
    assert.ok(!fires(r, file('/etc/passwd', { type: undefined, syscall: 'chmod' })));
    assert.ok(!fires(r, file('/etc/passwd', { type: undefined, syscall: 'no-such-call' })));
  });
  it('ALL admits any action, case-insensitively', () => {
    const all = fileRule({ eventsToMonitor: ['all'] });
    assert.ok(fires(all, file('/etc/passwd', { type: 'open' })));
    assert.ok(fires(all, file('/etc/passwd', { type: 'attrib' })));
    assert.ok(fires(fileRule({ eventsToMonitor: ['OPEN'] }), file('/etc/passwd', { type: 'open' })));
  });
});

describe('detection: File rules with filter, suppressions and threshold', () => {
  it('still needs the filter to match', () => {
    const r = fileRule({ filter: 'event_type = "file" and user = "mallory"' });
    assert.ok(!fires(r, file('/etc/passwd')));
    assert.ok(fires(r, file('/etc/passwd', { user: 'mallory' })));
  });
  it('still applies suppressions', () => {
    const r = fileRule({ suppressions: ['user = "root"'] });
    assert.ok(!fires(r, file('/etc/passwd')));
    assert.ok(fires(r, file('/etc/passwd', { user: 'kpatel' })));
  });
  it('counts only passing events towards the threshold', () => {
    const r = fileRule({ threshold: 2, aggregateFields: [] });
    assert.equal(alerts(r, [file('/etc/passwd'), file('/tmp/x'), file('/etc/passwd', { type: 'open' })]), 1);
    assert.equal(alerts(fileRule({ threshold: 2, aggregateFields: [], eventsToMonitor: ['modify'] }), [file('/etc/passwd'), file('/etc/passwd', { type: 'open' })]), 0);
  });
  it('buckets File rules under "file" only, and drops those whose filter names other event types', () => {
    const untyped = buildRuleIndex([fileRule({ filter: 'user = "root"' })]);
    assert.equal(rulesForType(untyped, 'file').length, 1);
    assert.equal(rulesForType(untyped, 'audit').length, 0);
    const other = buildRuleIndex([fileRule({ filter: 'event_type = "audit"' })]);
    assert.equal(other.size, 0);
  });
  it('leaves Host rules without file conditions', () => {
    const index = buildRuleIndex([fileRule({ type: 'Host', filter: 'filename = "/tmp/x"' })]);
    assert.equal(rulesForType(index, 'file')[0]!.file, undefined);
    assert.equal(rulesForType(index, 'audit').length, 1);
  });
  it('compileFileConditions can be used on its own', () => {
    const passes = compileFileConditions({ fileIntegrityPaths: [{ path: '/etc', recursive: false }], eventsToMonitor: ['modify'] });
    assert.equal(passes({ event_type: 'file', filename: '/etc/passwd', syscall: 'write' }), true);
    assert.equal(passes({ event_type: 'file', filename: '/etc/ssh/sshd_config', syscall: 'write' }), false);
  });
});
