import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openStore } from '@vigil/store';
import { DIALECTS } from '@vigil/store/testing';
import { useCliDatabase } from './helpers/cli-database.js';

for (const dialect of DIALECTS) {
  describe(`vigil admin (${dialect})`, () => {
    const cli = useCliDatabase(dialect);
    const vigil = cli.vigil;

    it('creates orgs, users, members and keys; rotation revokes; every change is audited', async () => {
      const org = await vigil('admin', 'orgs', 'create', '--name', 'Acme', '--id', 'acme', '--json');
      assert.equal(org.code, 0, org.err);
      assert.equal(JSON.parse(org.out)[0].id, 'acme');
      const user = await vigil('admin', 'users', 'create', '--email', 'ops@acme.test', '--name', 'Ops', '--json');
      assert.equal(user.code, 0, user.err);
      const userId = JSON.parse(user.out)[0].id;
      assert.match(userId, /^[0-9a-f]{24}$/);
      assert.equal((await vigil('admin', 'members', 'add', '--org', 'acme', '--user', 'ops@acme.test', '--role', 'user')).code, 0);
      const k1 = JSON.parse((await vigil('admin', 'keys', 'issue', '--user', userId, '--json')).out).apiKey;
      const k2 = JSON.parse((await vigil('admin', 'keys', 'rotate', '--user', userId, '--json')).out).apiKey;
      assert.ok(k1.length >= 43 && k2.length >= 43 && k1 !== k2);
      const list = await vigil('admin', 'keys', 'list', '--user', userId);
      assert.equal(list.code, 0);
      assert.doesNotMatch(list.out, new RegExp(k1.slice(8)));
      const members = await vigil('admin', 'members', 'list', '--org', 'acme');
      assert.match(members.out, /ops@acme\.test\s+Ops\s+user/);

      const store = await openStore({ url: cli.url, secret: cli.secret });
      try {
        const creds = await store.apiKeys.credentials(userId, 'acme');
        assert.equal(creds?.key, k2, 'only the rotated key is active');
        assert.equal(creds?.role, 'user');
        const page = await store.auditLogs.list('acme', {}, { limit: 50 });
        const actions = page.items.map((r) => r.action).sort();
        assert.deepEqual(actions, ['add_member', 'create_organization', 'issue_api_key', 'rotate_api_key']);
        assert.ok(page.items.every((r) => r.source === 'cli'));
        // The user was created before joining any organization: the installation-wide log (`*`) has it.
        const installation = await store.auditLogs.list('*', {}, { limit: 50 });
        const created = installation.items.filter((r) => r.action === 'create_user');
        assert.equal(created.length, 1);
        assert.deepEqual([created[0]!.crud, created[0]!.source, created[0]!.context], ['create', 'cli', { userId }]);
        assert.match(created[0]!.description, /ops@acme\.test/);
      } finally {
        await store.close();
      }
    });

    it('refuses bad input with a message and a non-zero exit, changing nothing', async () => {
      const badRole = await vigil('admin', 'members', 'add', '--org', 'acme', '--user', 'ops@acme.test', '--role', 'admin');
      assert.notEqual(badRole.code, 0);
      assert.match(badRole.err, /--role/);
      const noOrg = await vigil('admin', 'members', 'add', '--org', 'nope', '--user', 'ops@acme.test', '--role', 'user');
      assert.notEqual(noOrg.code, 0);
      assert.match(noOrg.err, /organization nope does not exist/);
      const dupe = await vigil('admin', 'users', 'create', '--email', 'OPS@acme.test');
      assert.notEqual(dupe.code, 0);
      const missing = await vigil('admin', 'orgs', 'create');
      assert.notEqual(missing.code, 0);
      assert.match(missing.err, /--name/);
      const badId = await vigil('admin', 'orgs', 'create', '--name', 'x', '--id', 'has space');
      assert.notEqual(badId.code, 0);
      const users = JSON.parse((await vigil('admin', 'users', 'list', '--json')).out);
      assert.equal(users.length, 1);
    });

    it("creates a user straight into an organization, audited in that organization's log; audit-logs lists both logs", async () => {
      const store = await openStore({ url: cli.url, secret: cli.secret });
      try {
        await store.organizations.create({ id: 'beta', name: 'Beta' });
        const created = await vigil('admin', 'users', 'create', '--email', 'analyst@beta.test', '--org', 'beta', '--role', 'reader', '--json');
        assert.equal(created.code, 0, created.err);
        const userId = JSON.parse(created.out)[0].id;
        assert.equal((await store.memberships.get('beta', userId))?.role, 'reader');
        // The organization's log is what GET /v2/auditlogs and the console show.
        const log = (await store.auditLogs.list('beta', {}, { limit: 50 })).items.filter((r) => r.action === 'create_user');
        assert.deepEqual(log.map((r) => [r.crud, r.source, r.context]), [['create', 'cli', { userId, role: 'reader' }]]);
        assert.match(log[0]!.description, /analyst@beta\.test as reader/);
        const orgLog = await vigil('admin', 'audit-logs', '--org', 'beta', '--json');
        assert.equal(orgLog.code, 0, orgLog.err);
        assert.deepEqual(JSON.parse(orgLog.out).map((r: any) => [r.action, r.context.userId]), [['create_user', userId]]);
        // A user created without an organization is in the installation-wide log, which audit-logs shows by default.
        assert.equal((await vigil('admin', 'users', 'create', '--email', 'loner@beta.test')).code, 0);
        const installation = await vigil('admin', 'audit-logs');
        assert.equal(installation.code, 0, installation.err);
        assert.match(installation.out, /create_user\s+cli\s+Created user loner@beta\.test/);
        // Bad input creates nobody.
        const before = (await store.users.list()).length;
        const badRole = await vigil('admin', 'users', 'create', '--email', 'x@beta.test', '--org', 'beta', '--role', 'admin');
        assert.notEqual(badRole.code, 0);
        assert.match(badRole.err, /--role/);
        const noOrg = await vigil('admin', 'users', 'create', '--email', 'x@beta.test', '--org', 'nope');
        assert.notEqual(noOrg.code, 0);
        assert.match(noOrg.err, /organization nope does not exist/);
        assert.equal((await store.users.list()).length, before);
      } finally {
        await store.close();
      }
    });
  });
}
