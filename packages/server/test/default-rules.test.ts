import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BASE_RULE_SET } from '@vigil/rules';
import { DIALECTS } from '@vigil/store/testing';
import { installBaseRuleSet } from '../src/index.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

for (const dialect of DIALECTS) {
  describe(`default Base Rule Set (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(dialect, { baseRuleSet: true });
    });
    after(async () => {
      await server?.close();
    });

    it('is installed into the first organization at bootstrap, with every rule, in order', async () => {
      const rulesets = await server.store.rulesets.list(server.creds.orgId);
      assert.deepEqual(rulesets.map((r) => r.name), ['Base Rule Set']);
      const rules = await server.store.rulesets.listRules(server.creds.orgId, rulesets[0]!.id);
      assert.equal(rules.length, BASE_RULE_SET.rules.length);
      assert.deepEqual(rules.map((r) => r.name), BASE_RULE_SET.rules.map((r) => r.name));
      const first = BASE_RULE_SET.rules[0]!;
      assert.equal(rules[0]!.filter, first.filter);
      assert.deepEqual(rules[0]!.suppressions, first.suppressions);
      const res = await server.request('GET', `/v2/rulesets/${rulesets[0]!.id}/rules`);
      assert.equal(res.status, 200);
    });

    it('is idempotent and per organization', async () => {
      const again = await installBaseRuleSet(server.store, server.creds.orgId);
      assert.equal(again.installed, false);
      assert.equal(again.rules, 0);
      assert.equal((await server.store.rulesets.list(server.creds.orgId)).length, 1);

      const other = await server.store.organizations.create({ id: `other-${Date.now()}`, name: 'Other' });
      const r = await installBaseRuleSet(server.store, other.id);
      assert.equal(r.installed, true);
      assert.equal((await server.store.rulesets.listRules(other.id, r.ruleset.id)).length, BASE_RULE_SET.rules.length);
      assert.ok(Object.isFrozen(BASE_RULE_SET.rules[0]), 'the shared definition is untouched');
    });
  });
}

describe('default Base Rule Set with the demo dataset', () => {
  it('leaves the demo its own Base Rule Set', async () => {
    const server = await startTestServer('sqlite', { demo: true, baseRuleSet: true });
    try {
      const names = (await server.store.rulesets.list(server.creds.orgId)).map((r) => r.name).sort();
      assert.deepEqual(names, ['Base Rule Set', 'Production Hardening']);
    } finally {
      await server.close();
    }
  });
});
