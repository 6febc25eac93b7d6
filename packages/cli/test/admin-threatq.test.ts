/**
 * `vigil admin users set-password` and `vigil admin oauth-clients …` against a real database: the
 * password is read from stdin (never argv), clients are created with a one-time secret, listed without it
 * and revoked; bad input exits non-zero and changes nothing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openStore } from '@vigil/store';
import { DIALECTS } from '@vigil/store/testing';
import { useCliDatabase } from './helpers/cli-database.js';

for (const dialect of DIALECTS) {
  describe(`vigil admin passwords and OAuth clients (${dialect})`, () => {
    const cli = useCliDatabase(dialect);
    const vigil = cli.vigil;
    const piped = cli.piped;

    it('sets a password from stdin, manages OAuth clients, and audits both', async () => {
      assert.equal((await vigil('admin', 'orgs', 'create', '--name', 'Acme', '--id', 'acme')).code, 0);
      assert.equal((await vigil('admin', 'users', 'create', '--email', 'ann@acme.test')).code, 0);
      assert.equal((await vigil('admin', 'members', 'add', '--org', 'acme', '--user', 'ann@acme.test', '--role', 'owner')).code, 0);
      const set = await piped('correct horse battery\n', 'admin', 'users', 'set-password', 'ann@acme.test', '--password-stdin');
      assert.equal(set.code, 0, set.err);
      assert.doesNotMatch(set.out + set.err, /correct horse/);

      const created = await vigil('admin', 'oauth-clients', 'create', '--org', 'acme', '--user', 'ann@acme.test', '--name', 'SOAR', '--json');
      assert.equal(created.code, 0, created.err);
      const { clientId, clientSecret } = JSON.parse(created.out);
      assert.match(clientId, /^[a-z0-9]{32}$/);
      const list = await vigil('admin', 'oauth-clients', 'list', '--org', 'acme');
      assert.match(list.out, new RegExp(`${clientId}\\s+SOAR`));
      assert.ok(!list.out.includes(clientSecret));

      const store = await openStore({ url: cli.url, secret: cli.secret });
      try {
        assert.equal((await store.passwords.verify('ann@acme.test', 'correct horse battery'))?.email, 'ann@acme.test');
        assert.ok(await store.oauth.verifyClient(clientId, clientSecret));
        assert.equal((await vigil('admin', 'oauth-clients', 'revoke', clientId)).code, 0);
        assert.equal(await store.oauth.verifyClient(clientId, clientSecret), undefined);
        const actions = (await store.auditLogs.list('acme', {}, { limit: 50 })).items.map((r) => r.action);
        for (const action of ['set_password', 'create_oauth_client', 'revoke_oauth_client']) assert.ok(actions.includes(action), action);
      } finally {
        await store.close();
      }
    });

    it('refuses bad input with a message and a non-zero exit', async () => {
      const short = await piped('short\n', 'admin', 'users', 'set-password', 'ann@acme.test');
      assert.notEqual(short.code, 0);
      assert.match(short.err, /at least 8 characters/);
      // No terminal and nothing piped (a script, cron): say how to give it one.
      const empty = await piped('', 'admin', 'users', 'set-password', 'ann@acme.test');
      assert.equal(empty.code, 1);
      assert.match(empty.err, /no new password: standard input is not a terminal \(no prompt\) and was empty; pipe one with --password-stdin/);
      const nobody = await piped('long enough password\n', 'admin', 'users', 'set-password', 'nobody@acme.test', '--password-stdin');
      assert.notEqual(nobody.code, 0);
      assert.match(nobody.err, /does not exist/);
      const notMember = await vigil('admin', 'users', 'create', '--email', 'bob@acme.test');
      assert.equal(notMember.code, 0);
      const outsider = await vigil('admin', 'oauth-clients', 'create', '--org', 'acme', '--user', 'bob@acme.test', '--name', 'x');
      assert.notEqual(outsider.code, 0);
      assert.match(outsider.err, /not a member/);
      const noOrg = await vigil('admin', 'oauth-clients', 'create', '--org', 'nope', '--user', 'ann@acme.test', '--name', 'x');
      assert.notEqual(noOrg.code, 0);
      const unknown = await vigil('admin', 'oauth-clients', 'revoke', 'doesnotexist');
      assert.notEqual(unknown.code, 0);
      assert.match(unknown.err, /does not exist or is already revoked/);
      const store = await openStore({ url: cli.url, secret: cli.secret });
      try {
        assert.ok(await store.passwords.verify('ann@acme.test', 'correct horse battery'), 'password unchanged');
        assert.equal((await store.oauth.listClients('acme')).filter((c) => c.revokedAt === null).length, 0);
      } finally {
        await store.close();
      }
    });
  });
}
