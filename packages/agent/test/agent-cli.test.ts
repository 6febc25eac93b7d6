/** vigil-agent's command line: install writes a config file and a systemd unit; run and status read them. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { main } from '@vigil/agent/cli';

const dir = mkdtempSync(join(tmpdir(), 'vigil-agent-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, env, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join(''), err: err.join('') };
}

describe('vigil-agent install, run --config, status', () => {
  it('install writes the config (0600, with the deploy key) and a unit that runs the agent with it', async () => {
    const configPath = join(dir, 'etc', 'config.json');
    const unitDir = join(dir, 'units');
    const r = await run(['install', '--url', 'https://vigil.example.com', '--deploy-key', 'dk-123', '--config', configPath, '--unit-dir', unitDir]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /systemctl daemon-reload && systemctl enable --now vigil-agent/);
    assert.deepEqual(JSON.parse(readFileSync(configPath, 'utf8')), { url: 'https://vigil.example.com', deployKey: 'dk-123' });
    assert.equal(statSync(configPath).mode & 0o777, 0o600);
    const unit = readFileSync(join(unitDir, 'vigil-agent.service'), 'utf8');
    assert.match(unit, new RegExp(`^ExecStart=${process.execPath} \\S+/bin/vigil-agent\\.js run --config ${configPath}$`, 'm'));
    assert.match(unit, /^Restart=always$/m);
    assert.match(unit, /^KillSignal=SIGTERM$/m);
    assert.match(unit, /^WantedBy=multi-user.target$/m);
  });

  it('run takes its settings from the config file, flags and variables winning over it', async () => {
    const configPath = join(dir, 'run.json');
    const stateDir = join(dir, 'state');
    // Port 9 on 127.0.0.1 refuses: the start ends with a message that shows which URL was used.
    writeFileSync(configPath, JSON.stringify({ url: 'http://127.0.0.1:9', deployKey: 'dk', stateDir }));
    const fromFile = await run(['run', '--config', configPath]);
    assert.equal(fromFile.code, 2);
    assert.match(fromFile.err, /cannot reach the server at http:\/\/127\.0\.0\.1:9\//);
    const fromFlag = await run(['run', '--config', configPath, '--url', 'ftp://nope'], {});
    assert.equal(fromFlag.code, 2);
    assert.match(fromFlag.err, /must be the server's http\(s\) URL/);
    const fromEnv = await run(['run'], { VIGIL_AGENT_CONFIG: configPath, VIGIL_AGENT_URL: 'not a url' });
    assert.match(fromEnv.err, /must be the server's http\(s\) URL/);
  });

  it('refuses a config file that is missing, not JSON, or holds an unknown or mistyped setting, naming it', async () => {
    const bad = join(dir, 'bad.json');
    assert.match((await run(['run', '--config', join(dir, 'missing.json')])).err, /cannot read the config file .*missing\.json: ENOENT/);
    writeFileSync(bad, '{"url": ');
    assert.match((await run(['run', '--config', bad])).err, /cannot read the config file .*bad\.json/);
    writeFileSync(bad, '{"url": "http://x", "deploykey": "typo"}');
    const unknown = await run(['run', '--config', bad]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /unknown setting "deploykey" \(known: url, deployKey, stateDir, logins, authLog\)/);
    writeFileSync(bad, '{"url": 42}');
    assert.match((await run(['run', '--config', bad])).err, /"url" must be a non-empty string/);
    writeFileSync(bad, '[]');
    assert.match((await run(['run', '--config', bad])).err, /must hold a JSON object/);
  });

  it('takes the login source setting from a flag, a variable or the file, refusing a value it does not know', async () => {
    const configPath = join(dir, 'logins.json');
    writeFileSync(configPath, JSON.stringify({ url: 'http://127.0.0.1:9', deployKey: 'dk', stateDir: join(dir, 'logins-state'), logins: 'sometimes' }));
    const fromFile = await run(['run', '--config', configPath]);
    assert.equal(fromFile.code, 2);
    assert.match(fromFile.err, /the login source setting \(--logins, VIGIL_AGENT_LOGINS or "logins"\) must be one of auto, journal, file, off, not "sometimes"/);
    assert.match((await run(['run', '--config', configPath], { VIGIL_AGENT_LOGINS: 'never' })).err, /not "never"/);
    assert.match((await run(['run', '--config', configPath, '--logins', 'maybe'], { VIGIL_AGENT_LOGINS: 'never' })).err, /not "maybe"/);
    // a known value gets as far as the server
    const good = await run(['run', '--config', configPath, '--logins', 'off', '--auth-log', join(dir, 'auth.log')]);
    assert.match(good.err, /cannot reach the server at http:\/\/127\.0\.0\.1:9\//);
    const installed = join(dir, 'installed.json');
    const install = await run(['install', '--url', 'https://vigil.example.com', '--config', installed, '--unit-dir', join(dir, 'units2'), '--logins', 'file', '--auth-log', '/var/log/secure']);
    assert.equal(install.code, 0, install.err);
    assert.deepEqual(JSON.parse(readFileSync(installed, 'utf8')), { url: 'https://vigil.example.com', logins: 'file', authLog: '/var/log/secure' });
  });

  it('status reads the state folder the config names; usage errors exit 2', async () => {
    const configPath = join(dir, 'status.json');
    writeFileSync(configPath, JSON.stringify({ url: 'http://127.0.0.1:9', stateDir: join(dir, 'nothing-ran-here') }));
    const r = await run(['status', '--config', configPath]);
    assert.equal(r.code, 3);
    assert.match(r.err, /no agent has run with the state folder .*nothing-ran-here/);
    assert.equal((await run(['frobnicate'])).code, 2);
    assert.equal((await run(['run', 'extra'])).code, 2);
    assert.equal((await run(['--bogus'])).code, 2);
    assert.equal((await run(['--help'])).code, 0);
  });
});
