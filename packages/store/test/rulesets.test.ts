import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StoreNotFoundError, StoreValidationError, type NewRule } from '../src/index.js';
import { DIALECTS } from '../src/testing.js';
import { T0, newOrg, useStore } from './support.js';

function rule(orgId: string, rulesetId: string, over: Partial<NewRule> = {}): NewRule {
  return {
    orgId,
    rulesetId,
    name: 'Curl executed',
    type: 'Host',
    title: 'Curl executed by {{user}}',
    severityOfAlerts: 2,
    alertDescription: 'A download tool ran',
    aggregateFields: ['user', 'exe'],
    filter: 'event_type = "audit" and exe = "/usr/bin/curl"',
    window: 3600,
    threshold: 1,
    suppressions: ['user = "deploy"'],
    enabled: true,
    ...over,
  };
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: rulesets`, () => {
    const s = useStore(dialect);

    it('creates, gets and lists rulesets per org', async () => {
      const org = await newOrg(s.store);
      const other = await newOrg(s.store);
      const base = await s.store.rulesets.create({ orgId: org, name: 'Base', description: 'd', createdAt: T0 });
      assert.deepEqual(base, { id: base.id, orgId: org, name: 'Base', description: 'd', createdAt: T0, updatedAt: T0 });
      const second = await s.store.rulesets.create({ orgId: org, id: 'rs-second', name: 'Second', description: '', createdAt: T0 + 1 });
      await s.store.rulesets.create({ orgId: other, name: 'Theirs', description: '' });
      assert.deepEqual(await s.store.rulesets.get(org, base.id), base);
      assert.equal(await s.store.rulesets.get(other, base.id), undefined);
      assert.deepEqual(await s.store.rulesets.list(org), [base, second]);
    });

    it('creates rules in a ruleset of the same org only', async () => {
      const org = await newOrg(s.store);
      const other = await newOrg(s.store);
      const rs = await s.store.rulesets.create({ orgId: org, name: 'Base', description: '' });
      const created = await s.store.rulesets.createRule(rule(org, rs.id, { createdAt: T0 }));
      assert.deepEqual(created, { ...rule(org, rs.id), id: created.id, createdAt: T0, updatedAt: T0 });
      const disabled = await s.store.rulesets.createRule(rule(org, rs.id, { enabled: false, createdAt: T0 + 1 }));
      assert.equal(disabled.enabled, false);
      assert.deepEqual(await s.store.rulesets.getRule(org, created.id), created);
      assert.equal(await s.store.rulesets.getRule(other, created.id), undefined);
      assert.deepEqual(await s.store.rulesets.listRules(org, rs.id), [created, disabled]);
      assert.deepEqual(await s.store.rulesets.listRules(other, rs.id), []);

      await assert.rejects(s.store.rulesets.createRule(rule(other, rs.id)), StoreNotFoundError, "another org's ruleset");
      await assert.rejects(s.store.rulesets.createRule(rule(org, 'no-such-ruleset')), StoreNotFoundError);
      await assert.rejects(s.store.rulesets.createRule(rule(org, rs.id, { severityOfAlerts: 0 as never })), StoreValidationError);
    });
  });
}
