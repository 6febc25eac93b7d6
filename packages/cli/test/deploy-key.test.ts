import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeStoreUrl, openStore } from '@vigil/store';
import { DIALECTS } from '@vigil/store/testing';
import { useCliDatabase } from './helpers/cli-database.js';

for (const dialect of DIALECTS) {
  describe(`vigil admin deploy-key (${dialect})`, () => {
    const cli = useCliDatabase(dialect);
    const vigil = cli.vigil;

    it('issues a deploy key once, rotates it, audits both, and refuses unknown organizations', async () => {
      assert.equal((await vigil('admin', 'orgs', 'create', '--name', 'Acme', '--id', 'acme')).code, 0);
      const first = await vigil('admin', 'deploy-key', '--org', 'acme');
      assert.equal(first.code, 0, first.err);
      const key1 = /^VIGIL_DEPLOY_KEY=(\S+)$/m.exec(first.out)?.[1];
      assert.ok(key1?.startsWith('vdk_'));
      assert.match(first.out, /shown once/);
      const second = await vigil('admin', 'deploy-key', '--org', 'acme', '--json');
      assert.equal(second.code, 0, second.err);
      const json = JSON.parse(second.out);
      assert.equal(json.organizationId, 'acme');
      assert.equal(json.rotated, true);
      assert.notEqual(json.deployKey, key1);

      const missing = await vigil('admin', 'deploy-key', '--org', 'nope');
      assert.notEqual(missing.code, 0);
      // Names the database it looked in (the usual cause: not the server's database) and the setting.
      const where = describeStoreUrl(cli.url);
      assert.ok(missing.err.includes(`organization nope does not exist in the database ${where}; if the server uses another one, set VIGIL_DATABASE_URL (or --database-url) to it`), missing.err);
      assert.match((await vigil('admin', 'deploy-key')).err, /--org/);

      const store = await openStore({ url: cli.url, secret: cli.secret });
      try {
        assert.equal(await store.deployKeys.findOrg(key1!), undefined, 'rotated out');
        assert.equal(await store.deployKeys.findOrg(json.deployKey), 'acme');
        const page = await store.auditLogs.list('acme', {}, { limit: 50 });
        const actions = page.items.filter((r) => r.source === 'cli').map((r) => r.action).sort();
        assert.deepEqual(actions, ['create_organization', 'issue_deploy_key', 'rotate_deploy_key']);
        assert.ok(!JSON.stringify(page.items).includes(json.deployKey), 'the key is never audited');
      } finally {
        await store.close();
      }
    });
  });
}
