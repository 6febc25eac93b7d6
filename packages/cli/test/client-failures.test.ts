/**
 * How the client commands fail: credentials and config file problems (exit 2), a stopped server (6),
 * a rate-limited server (5); and the order flags > environment > threatstack.cfg.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '@vigil/store/testing';
import type { TestServer } from '@vigil/server/testing';
import { jsonOut, serverEnv, tempDir, startCliTestServer } from './helpers/client-cli.js';
import { runCli } from './helpers/run-cli.js';

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as { port: number };
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

function writeCfg(path: string, server: TestServer, sections: { user?: Record<string, string>; org?: Record<string, string>; extra?: string } = {}): string {
  const user = sections.user ?? { TS_USER_ID: server.creds.userId, TS_API_KEY: server.creds.apiKey };
  const org = sections.org ?? { TS_ORGANIZATION_ID: server.creds.orgId, TS_ORGANIZATION_NAME: 'Test Org', TS_API_ENDPOINT: server.url };
  const ini = (name: string, kv: Record<string, string>) => `[${name}]\n${Object.entries(kv).map(([k, v]) => `${k} = ${v}`).join('\n')}\n`;
  writeFileSync(path, `${ini('USER_INFO', user)}\n${ini('DEFAULT', org)}\n${sections.extra ?? ''}`);
  return path;
}

describe('vigil client commands without a server', () => {
  let dir: ReturnType<typeof tempDir>;
  before(() => {
    dir = tempDir();
  });
  after(() => dir.remove());

  it('with no credentials anywhere: exit 2 naming what is missing', async () => {
    const r = await runCli(['agents', 'list'], { cwd: dir.path });
    assert.equal(r.code, 2);
    assert.match(r.err, /TS_USER_ID.*TS_API_KEY.*TS_ORGANIZATION_ID/);
    assert.match(r.err, /threatstack\.cfg/);
    assert.equal(r.out, '');
  });

  it('a missing --config-file, section or key: one clear message and exit 2', async () => {
    const missing = await runCli(['agents', 'list', '--config-file', join(dir.path, 'nope.cfg')], { cwd: dir.path });
    assert.equal(missing.code, 2);
    assert.match(missing.err, /nope\.cfg/);

    const cfg = join(dir.path, 'threatstack.cfg');
    writeFileSync(cfg, '[USER_INFO]\nTS_USER_ID = u1\nTS_API_KEY = secret-key-value-123456\n\n[DEFAULT]\nTS_ORGANIZATION_ID = o1\nTS_ORGANIZATION_NAME = Acme\n');
    const section = await runCli(['agents', 'list', '--org', 'STAGING'], { cwd: dir.path });
    assert.equal(section.code, 2);
    assert.match(section.err, /STAGING/);
    assert.ok(!section.err.includes('secret-key-value-123456'));

    writeFileSync(cfg, '[USER_INFO]\nTS_USER_ID = u1\n\n[DEFAULT]\nTS_ORGANIZATION_ID = o1\n');
    const key = await runCli(['alerts', 'list', '--config_file', cfg], { cwd: dir.path });
    assert.equal(key.code, 2);
    assert.match(key.err, /TS_API_KEY/);
    assert.equal(key.err.trim().split('\n').length, 1, 'one line');
  });

  it('a stopped server: exit 6 with a hint, within the --timeout', async () => {
    const port = await closedPort();
    const r = await runCli(['agents', 'list', '--timeout', '5'], {
      env: { TS_USER_ID: 'u', TS_API_KEY: 'k'.repeat(40), TS_ORGANIZATION_ID: 'o', TS_API_ENDPOINT: `http://127.0.0.1:${port}` },
    });
    assert.equal(r.code, 6, r.err);
    assert.match(r.err, /server running/);
    assert.ok(!r.err.includes('k'.repeat(40)));
  });

  it('bad flag values are usage errors (exit 2)', async () => {
    const env = { TS_USER_ID: 'u', TS_API_KEY: 'k'.repeat(40), TS_ORGANIZATION_ID: 'o' };
    for (const args of [
      ['agents', 'list', '--format', 'xml'],
      ['agents', 'list', '--timeout', 'soon'],
      ['agents', 'list', '--endpoint', 'ftp://x'],
      ['agents', 'list', '--no-such-flag'],
      ['agents', 'frobnicate'],
      ['alerts', 'show'],
    ]) {
      const r = await runCli(args, { env });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    }
  });

  it('vigil --help lists every client command and the exit codes', async () => {
    const r = await runCli(['--help']);
    assert.equal(r.code, 0);
    for (const cmd of ['agents', 'alerts', 'members', 'rulesets', 'rules', 'webhooks', 'raw', 'export']) assert.match(r.out, new RegExp(`\\n  ${cmd}[| ]`));
    assert.match(r.out, /5 {2}rate limited/);
    const exp = await runCli(['export', '--help']);
    for (const cmd of ['agents', 'alerts', 'rules', 'users']) assert.match(exp.out, new RegExp(`\\n  ${cmd} `));
  });
});

for (const dialect of DIALECTS) {
  describe(`vigil credentials and limits against a server (${dialect})`, () => {
    let server: TestServer;
    let limited: TestServer;
    let dir: ReturnType<typeof tempDir>;
    before(async () => {
      server = await startCliTestServer(dialect);
      limited = await startCliTestServer(dialect, { config: { rateLimit: { perOrg: 2, perIp: 1000, lockoutSeconds: 900 } } });
      dir = tempDir();
    });
    after(async () => {
      await server.close();
      await limited.close();
      dir.remove();
    });

    it('reads threatstack.cfg (USER_INFO + DEFAULT, endpoint included) from the working folder', async () => {
      writeCfg(join(dir.path, 'threatstack.cfg'), server);
      const r = await runCli(['members', 'list'], { cwd: dir.path });
      assert.equal(r.code, 0, r.err);
      assert.equal(jsonOut(r)[0].id, server.creds.userId);
    });

    it('reads another section with --org, inheriting DEFAULT keys', async () => {
      const cfg = writeCfg(join(dir.path, 'multi.cfg'), server, {
        org: { TS_ORGANIZATION_ID: 'wrong-org', TS_ORGANIZATION_NAME: 'Wrong', TS_API_ENDPOINT: server.url },
        extra: `[STAGING]\nTS_ORGANIZATION_ID = ${server.creds.orgId}\n`,
      });
      const staging = await runCli(['members', 'list', '--config-file', cfg, '--org', 'STAGING']);
      assert.equal(staging.code, 0, staging.err);
      const def = await runCli(['members', 'list', '--config-file', cfg]);
      assert.equal(def.code, 3, 'DEFAULT names an organization the user is not in');
    });

    it('flags beat environment variables, which beat the config file', async () => {
      const wrong = 'wrong-'.padEnd(43, 'q');
      const cfg = writeCfg(join(dir.path, 'wrong-key.cfg'), server, { user: { TS_USER_ID: server.creds.userId, TS_API_KEY: wrong } });
      const envWins = await runCli(['members', 'list', '--config-file', cfg], { env: { TS_API_KEY: server.creds.apiKey } });
      assert.equal(envWins.code, 0, envWins.err);
      const flagWins = await runCli(['members', 'list', '--api-key', server.creds.apiKey], { env: { ...serverEnv(server), TS_API_KEY: wrong } });
      assert.equal(flagWins.code, 0, flagWins.err);
      const envOnly = await runCli(['members', 'list'], { env: { ...serverEnv(server), TS_API_KEY: wrong } });
      assert.equal(envOnly.code, 3);
      assert.ok(!(envOnly.out + envOnly.err).includes(wrong));
      const endpointFlag = await runCli(['members', 'list', '-e', `${server.url}/v2/`], { env: { ...serverEnv(server), TS_API_ENDPOINT: 'http://127.0.0.1:9' } });
      assert.equal(endpointFlag.code, 0, endpointFlag.err);
    });

    it('a rate-limited server: exit 5 with a message', async () => {
      for (let i = 0; i < 3; i++) await limited.request('GET', '/v2/agents?status=online');
      const r = await runCli(['agents', 'list', '--max-retries', '0'], { env: serverEnv(limited) });
      assert.equal(r.code, 5, r.err);
      assert.match(r.err, /429/);
      assert.match(r.err, /rate limited/);
    });
  });
}
