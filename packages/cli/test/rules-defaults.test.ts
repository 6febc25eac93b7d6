import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BASE_RULE_SET } from '@vigil/rules';
import { openStore } from '@vigil/store';
import { DIALECTS } from '@vigil/store/testing';
import { useCliDatabase } from './helpers/cli-database.js';

for (const dialect of DIALECTS) {
  describe(`vigil admin: the default Base Rule Set (${dialect})`, () => {
    const cli = useCliDatabase(dialect);
    const vigil = cli.vigil;

    it('orgs create installs it; install-defaults installs it once; the demo merges into it', async () => {
      assert.equal((await vigil('admin', 'orgs', 'create', '--name', 'Acme', '--id', 'acme')).code, 0);
      assert.equal((await vigil('admin', 'orgs', 'create', '--name', 'Bare', '--id', 'bare', '--no-base-rule-set')).code, 0);
      const again = await vigil('admin', 'rules', 'install-defaults', '--org', 'acme', '--json');
      assert.equal(again.code, 0, again.err);
      assert.match(again.out, /"installed":\s*false/);
      const bare = await vigil('admin', 'rules', 'install-defaults', '--org', 'bare', '--json');
      assert.equal(bare.code, 0, bare.err);
      assert.match(bare.out, /"installed":\s*true/);
      assert.match((await vigil('admin', 'rules', 'install-defaults', '--org', 'nope')).err, /organization nope does not exist/);
      const demo = await vigil('admin', 'demo', '--org', 'acme');
      assert.equal(demo.code, 0, demo.err);

      const store = await openStore({ url: cli.url, secret: cli.secret });
      try {
        for (const org of ['acme', 'bare']) {
          const sets = await store.rulesets.list(org);
          const base = sets.find((r) => r.name === 'Base Rule Set');
          assert.ok(base, org);
          const rules = await store.rulesets.listRules(org, base.id);
          assert.ok(rules.length >= BASE_RULE_SET.rules.length, org);
        }
        assert.equal((await store.rulesets.list('bare')).length, 1);
        const actions = (await store.auditLogs.list('bare', {}, { limit: 50 })).items.map((r) => r.action);
        assert.ok(actions.includes('install_base_rule_set'));
      } finally {
        await store.close();
      }
    });
  });
}
