import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import Hawk from 'hawk';
import { runCli } from './helpers/run-cli.js';

const CLI = new URL('../src/run.ts', import.meta.url).pathname;

async function signedGet(url: string, creds: { userId: string; apiKey: string; orgId: string }) {
  const credentials = { id: creds.userId, key: creds.apiKey, algorithm: 'sha256' as const };
  const { header, artifacts } = Hawk.client.header(url, 'GET', { credentials, ext: creds.orgId });
  const res = await fetch(url, { headers: { authorization: header } });
  const text = await res.text();
  Hawk.client.authenticate({ headers: Object.fromEntries(res.headers) } as any, credentials, artifacts, { payload: text, required: true });
  return JSON.parse(text);
}

describe('vigil serve --demo (the real process)', () => {
  it('prints the URL and first-start credentials, serves the demo data, and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-serve-'));
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', CLI, 'serve', '--port', '0', '--demo'], {
      env: { ...process.env, VIGIL_DATABASE_URL: `sqlite:${join(dir, 'vigil.db')}`, VIGIL_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const lines: string[] = [];
      await new Promise<void>((resolve, reject) => {
        const rl = createInterface({ input: child.stdout! });
        rl.on('line', (line) => {
          lines.push(line);
          if (/TS_API_ENDPOINT=/.test(line)) resolve();
        });
        child.once('exit', (code) => reject(new Error(`serve exited early with ${code}: ${lines.join('\n')}`)));
      });
      const text = lines.join('\n');
      assert.match(text, /Loaded the demo dataset/);
      const creds = {
        orgId: /TS_ORGANIZATION_ID=(\S+)/.exec(text)![1]!,
        userId: /TS_USER_ID=(\S+)/.exec(text)![1]!,
        apiKey: /TS_API_KEY=(\S+)/.exec(text)![1]!,
      };
      const base = /TS_API_ENDPOINT=(\S+)/.exec(text)![1]!;
      const online = await signedGet(`${base}/v2/agents?status=online`, creds);
      assert.equal(online.agents.length, 30);
      assert.equal(online.token, null);
      const offline = await signedGet(`${base}/v2/agents?status=offline`, creds);
      assert.equal(offline.agents.length, 5);
      const alerts = await signedGet(`${base}/v2/alerts?status=active`, creds);
      assert.equal(alerts.alerts.length, 100);
      assert.ok(alerts.token);
      const counts = await signedGet(`${base}/v2/alerts/severity-counts`, creds);
      assert.equal(counts.severityCounts.length, 3);
      assert.ok(counts.severityCounts.every((c: any) => c.count > 0));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    } finally {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a bad port with a message and exit code 1', async () => {
    const flag = await runCli(['serve', '--port', 'eighty']);
    assert.equal(flag.code, 1);
    assert.match(flag.err, /--port must be a port number from 0 to 65535 \(0 picks a free one\), got "eighty"/);

    // The same from the environment names the variable (it said "--port … got NaN"); a process, as
    // commander reads VIGIL_PORT from process.env.
    const fromEnv = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', CLI, 'serve'], {
      env: { ...process.env, VIGIL_PORT: 'abc' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let envErr = '';
    fromEnv.stderr!.on('data', (d) => (envErr += d));
    assert.equal(await new Promise<number | null>((resolve) => fromEnv.once('exit', resolve)), 1);
    assert.match(envErr, /VIGIL_PORT must be a port number from 0 to 65535 \(0 picks a free one\), got "abc"/);
    assert.doesNotMatch(envErr, /NaN/);
  });

  it('under `npm start`, SIGTERM to npm (as a supervisor sends it) reaches the server, which shuts down cleanly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-npm-start-'));
    const root = new URL('../../..', import.meta.url).pathname;
    const npm = spawn('npm', ['start', '--silent', '--', '--port', '0'], {
      cwd: root,
      env: { ...process.env, VIGIL_DATA_DIR: dir, VIGIL_LOG_LEVEL: 'info', VIGIL_DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let serverPid: number | undefined;
    try {
      const lines: string[] = [];
      const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
      await new Promise<void>((resolve, reject) => {
        createInterface({ input: npm.stdout! }).on('line', (line) => {
          lines.push(line);
          // pino's JSON lines carry the server's pid; the banner says it listens.
          if (serverPid === undefined && line.startsWith('{')) serverPid = JSON.parse(line).pid;
          if (/Vigil is listening on/.test(line)) resolve();
        });
        void exited.then((code) => reject(new Error(`npm start exited early with ${code}: ${lines.join('\n')}`)));
      });
      assert.ok(serverPid && serverPid !== npm.pid, lines.join('\n'));
      npm.kill('SIGTERM');
      assert.equal(await exited, 0, lines.join('\n'));
      const shutdown = lines.map((l) => (l.startsWith('{') ? JSON.parse(l) : {})).find((l) => l.msg === 'shutting down');
      assert.deepEqual({ pid: shutdown?.pid, signal: shutdown?.signal }, { pid: serverPid, signal: 'SIGTERM' });
      // The server process itself is gone, not orphaned (bounded wait: it exits right after its log line).
      let alive = true;
      for (let i = 0; i < 50 && alive; i++) {
        try {
          process.kill(serverPid!, 0);
          await new Promise((r) => setTimeout(r, 100));
        } catch {
          alive = false;
        }
      }
      assert.equal(alive, false, `server pid ${serverPid} still running after npm exited`);
      serverPid = undefined;
    } finally {
      npm.kill('SIGKILL');
      if (serverPid !== undefined) {
        try {
          process.kill(serverPid, 'SIGKILL');
        } catch {
          // already gone: the assertion that failed above says why
        }
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
