/**
 * The single-file build: dist/vigil-agent.mjs is built (by the same script `npm run build` runs), copied alone
 * into an empty folder outside the checkout, and run there with plain `node`: its usage, its status, and a
 * real `run` against a real server (audit made unavailable by an auditctl that refuses, so it scans /proc)
 * that registers, reports its modules, and stops on SIGTERM.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { VigilClient } from '@vigil/sdk';
import { loadConfig, startServer, type RunningServer } from '@vigil/server';
import { createTestDatabase, type TestDatabase } from '@vigil/store/testing';
import { AGENT_VERSION } from '@vigil/agent';
import { until } from './helpers/until.js';

const run = promisify(execFile);
const bundleScript = new URL('../scripts/bundle.mjs', import.meta.url).pathname;
const creds = { orgId: 'bundleorg', userId: 'bundleuser', apiKey: randomBytes(32).toString('base64url') };

describe('vigil-agent as one file run by plain node, with no checkout', () => {
  let work: string;
  let host: string;
  let bundle: string;
  let db: TestDatabase;
  let vigil: RunningServer;
  /** PATH with an auditctl first that refuses, as on a host without the audit capabilities */
  let env: NodeJS.ProcessEnv;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'vigil-bundle-build-'));
    await run(process.execPath, [bundleScript, join(work, 'vigil-agent.mjs')]);
    host = mkdtempSync(join(tmpdir(), 'vigil-bundle-host-'));
    bundle = join(host, 'vigil-agent.mjs');
    copyFileSync(join(work, 'vigil-agent.mjs'), bundle);
    const fakeBin = join(work, 'bin');
    mkdirSync(fakeBin);
    writeFileSync(join(fakeBin, 'auditctl'), '#!/bin/sh\necho "You must be root to run this program." >&2\nexit 4\n');
    chmodSync(join(fakeBin, 'auditctl'), 0o755);
    env = { PATH: `${fakeBin}:${process.env.PATH}`, HOME: host };
    db = await createTestDatabase('sqlite');
    vigil = await startServer(
      // Detection in the server's own thread: a detection thread from the sources costs ~3 s of CPU to start.
      loadConfig({ VIGIL_DETECTION_THREAD: '0' }, { host: '127.0.0.1', port: 0, databaseUrl: db.url, dataDir: work, logLevel: 'warn', bootstrap: { ...creds, orgName: 'Bundle test', email: 'bundle@example.com' } }),
      { print: () => {}, logger: false },
    );
  });
  after(async () => {
    await vigil?.close();
    await db?.drop();
    rmSync(work, { recursive: true, force: true });
    rmSync(host, { recursive: true, force: true });
  });

  const node = (args: string[]) => run(process.execPath, [bundle, ...args], { cwd: host, env }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }),
  );

  it('is alone in its folder and answers --help, --version, status, and install (a unit that runs this file)', async () => {
    assert.deepEqual(readdirSync(host), ['vigil-agent.mjs']);
    const help = await node(['--help']);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /^usage: vigil-agent run/);
    assert.equal((await node(['--version'])).stdout, `${AGENT_VERSION}\n`);
    const status = await node(['status', '--state-dir', join(host, 'state')]);
    assert.equal(status.code, 3);
    assert.match(status.stderr, /no agent has run with the state folder/);
    const install = await node(['install', '--url', 'http://vigil.example:8080', '--config', join(work, 'config.json'), '--unit-dir', work]);
    assert.equal(install.code, 0, install.stderr);
    assert.match(readFileSync(join(work, 'vigil-agent.service'), 'utf8'), new RegExp(`^ExecStart=${process.execPath} ${bundle} run --config `, 'm'), 'the unit runs the file itself');
  });

  it('is left as it is when newer than every source (npm start builds each time), and rebuilt when older', async () => {
    const built = join(work, 'vigil-agent.mjs');
    const again = await run(process.execPath, [bundleScript, built]);
    assert.match(again.stdout, /agent bundle: up to date/);
    const old = new Date('2001-01-01T00:00:00Z');
    utimesSync(built, old, old);
    const rebuilt = await run(process.execPath, [bundleScript, built]);
    assert.doesNotMatch(rebuilt.stdout, /up to date/);
    assert.ok(statSync(built).mtimeMs > old.getTime(), 'written again');
    assert.equal(readFileSync(built, 'utf8'), readFileSync(bundle, 'utf8'), 'the same bundle');
  });

  it('runs against a real server: registers, scans /proc without audit, status tells it, SIGTERM stops it', async () => {
    const { key } = await vigil.store.deployKeys.issue(creds.orgId);
    const stateDir = join(host, 'state');
    const agent = spawn(process.execPath, [bundle, 'run', '--state-dir', stateDir], {
      cwd: host,
      env: { ...env, VIGIL_AGENT_URL: vigil.url, VIGIL_AGENT_DEPLOY_KEY: key },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    agent.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = once(agent, 'exit');
    try {
      const agentId = await until(() => /agent (\S+) reporting to/.exec(stderr)?.[1], `the agent to start (stderr: ${stderr})`, 30_000);
      const api = new VigilClient({ userId: creds.userId, apiKey: creds.apiKey, organizationId: creds.orgId, baseUrl: vigil.url });
      const health = (await api.agents.retrieve(agentId)).agentModuleHealth as Record<string, any>;
      assert.equal(health.audit, 'FAILED');
      assert.equal(health.procScanner, 'DEGRADED');
      assert.match(health.problems.audit, /You must be root/);
      const status = await node(['status', '--state-dir', stateDir]);
      assert.equal(status.code, 1, 'running, not healthy');
      assert.match(status.stdout, new RegExp(`agent ${agentId} → ${vigil.url}/  \\(running, pid ${agent.pid}, version ${AGENT_VERSION}`));
      assert.match(status.stdout, /procScanner: DEGRADED/);
    } finally {
      agent.kill('SIGTERM');
    }
    const [code] = await exited;
    assert.equal(code, 0, stderr);
    assert.equal((await node(['status', '--state-dir', stateDir])).code, 3, 'stopped');
  });
});
