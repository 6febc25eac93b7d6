/**
 * The real `vigil` process, kept for what only a process shows: the bin starts, exit statuses reach the
 * shell, a server in another process answers, and a password comes through a pipe. Everything else runs
 * in-process (helpers/run-cli.ts); `serve.test.ts`, `intel-process.test.ts` and `simulate.test.ts` keep
 * their own process runs.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openStore } from '@vigil/store';
import { DIALECTS } from '@vigil/store/testing';
import type { TestServer } from '@vigil/server/testing';
import { useCliDatabase } from './helpers/cli-database.js';
import { jsonOut, serverEnv, startCliTestServer } from './helpers/client-cli.js';
import { spawnCli } from './helpers/spawn-cli.js';

describe('vigil as a process', () => {
  it('--help exits 0 with the commands and exit codes; a usage error exits 2', async () => {
    const [help, usage] = await Promise.all([
      spawnCli(['--help']),
      spawnCli(['agents', 'list', '--format', 'xml'], { env: { TS_USER_ID: 'u', TS_API_KEY: 'k'.repeat(40), TS_ORGANIZATION_ID: 'o' } }),
    ]);
    assert.equal(help.code, 0, help.err);
    assert.match(help.out, /\n {2}agents\|agent {2}/);
    assert.match(help.out, /7 {2}bad request or conflict/);
    assert.equal(usage.code, 2, usage.err);
    assert.match(usage.err, /xml/);
  });
});

for (const dialect of DIALECTS) {
  describe(`vigil as a process against a server (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startCliTestServer(dialect);
    });
    after(() => server.close());

    it('members list prints what the API returns', async () => {
      const r = await spawnCli(['members', 'list'], { env: serverEnv(server) });
      assert.equal(r.code, 0, r.err);
      assert.deepEqual(jsonOut(r), (await server.request('GET', '/v2/organizations/members')).json.members);
    });
  });

  describe(`vigil admin as a process (${dialect})`, () => {
    const cli = useCliDatabase(dialect);

    it('reads a password piped to stdin', async () => {
      assert.equal((await cli.vigil('admin', 'orgs', 'create', '--name', 'Acme', '--id', 'acme')).code, 0);
      assert.equal((await cli.vigil('admin', 'users', 'create', '--email', 'ann@acme.test', '--org', 'acme')).code, 0);
      const set = await spawnCli(['admin', 'users', 'set-password', 'ann@acme.test'], { env: cli.env, stdin: 'correct horse battery\n' });
      assert.equal(set.code, 0, set.err);
      const store = await openStore({ url: cli.url, secret: cli.secret });
      try {
        assert.equal((await store.passwords.verify('ann@acme.test', 'correct horse battery'))?.email, 'ann@acme.test');
      } finally {
        await store.close();
      }
    });
  });
}
