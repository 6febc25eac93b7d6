import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FilterError, readRuleDefinition, ruleTypeNamed, type RuleDefinitionInput } from '../src/index.js';

const problemOf = (input: RuleDefinitionInput) => {
  const read = readRuleDefinition(input);
  assert.ok(!read.ok, `expected ${JSON.stringify(input)} to be refused`);
  return read.problem;
};

describe('rule definitions', () => {
  test('rule types in any spelling', () => {
    assert.deepEqual(['host', 'FILE', 'threat_intel', 'Threat Intel', 'cloudtrail'].map(ruleTypeNamed), ['Host', 'File', 'ThreatIntel', 'ThreatIntel', undefined]);
  });

  test('the stored form: canonical type, duplicates dropped, File rules default to every event', () => {
    const read = readRuleDefinition({ type: 'file', aggregateFields: ['filename', 'filename'], watchedPaths: 1, eventsToMonitor: ['MODIFY', 'modify', ' delete '] });
    assert.ok(read.ok);
    assert.deepEqual(read.rule, { type: 'File', filter: '', suppressions: [], aggregateFields: ['filename'], eventsToMonitor: ['modify', 'delete'] });
    const all = readRuleDefinition({ type: 'File', watchedPaths: 2 });
    assert.ok(all.ok);
    assert.deepEqual(all.rule.eventsToMonitor, ['ALL']);
    const host = readRuleDefinition({ type: 'Host', filter: 'command = "sudo"', eventsToMonitor: ['bogus'] });
    assert.ok(host.ok, 'File details are ignored on other rule types');
    assert.deepEqual(host.rule.eventsToMonitor, []);
  });

  test('names the field and the reason of the first problem', () => {
    assert.deepEqual(problemOf({ type: 'CloudTrail' }), { kind: 'invalid', field: 'type', reason: 'Must be one of Host, File, ThreatIntel, Vulnerability.' });
    assert.deepEqual(problemOf({ type: 'Host', filter: null }), { kind: 'missing', field: 'filter' });
    assert.deepEqual(problemOf({ type: 'Host', filter: ' ' }), { kind: 'invalid', field: 'filter', reason: 'Must not be empty for Host rules.' });
    assert.match((problemOf({ type: 'Host', filter: 'x', aggregateFields: ['rule_id'] }) as { reason: string }).reason, /rule_id.*deprecated/);
    assert.match((problemOf({ type: 'Host', filter: 'x', aggregateFields: ['threatintel_source'] }) as { reason: string }).reason, /not an aggregate field of Host rules/);
    assert.deepEqual(problemOf({ type: 'File' }), { kind: 'invalid', field: 'fileIntegrityPaths', reason: 'A File rule must watch at least one path.' });
    assert.equal(problemOf({ type: 'File', watchedPaths: 1, eventsToMonitor: [] }).field, 'eventsToMonitor');
    assert.equal(problemOf({ type: 'File', watchedPaths: 1, eventsToMonitor: ['open', 'bogus'] }).field, 'eventsToMonitor[1]');
  });

  test('filters and suppressions must compile', () => {
    const bad = problemOf({ type: 'Host', filter: 'comand = "curl"' });
    assert.equal(bad.kind, 'filter');
    assert.ok(bad.kind === 'filter' && bad.error instanceof FilterError && bad.error.position === 0);
    const suppression = problemOf({ type: 'ThreatIntel', suppressions: ['user = "a"', 'usr = "b"'] });
    assert.equal(suppression.field, 'suppressions[1]');
  });
});
