import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig, startServer } from '../src/index.js';
import { testIngest } from './helpers/test-server.js';

const quiet = { print: () => {}, logger: false } as const;

describe('one server per SQLite file', () => {
  it('refuses a second server on the same file, naming the file and the pid, and frees the file on close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-sqlite-lock-'));
    const database = join(dir, 'vigil.db');
    const lockFile = `${database}.lock`;
    try {
      const config = loadConfig({}, { host: '127.0.0.1', port: 0, databaseUrl: `sqlite:${database}`, dataDir: dir, logLevel: 'silent', ingest: testIngest() });
      const first = await startServer(config, quiet);
      assert.equal(JSON.parse(readFileSync(lockFile, 'utf8')).pid, process.pid);
      // A second server, here with other settings, on the same file.
      await assert.rejects(startServer({ ...config, rateLimit: { ...config.rateLimit, perOrg: 5 } }, quiet), (err: Error) => {
        assert.ok(err.message.includes(`another Vigil server (pid ${process.pid} on ${hostname()}`), err.message);
        assert.ok(err.message.includes(`SQLite database ${database} (lock file ${lockFile})`), err.message);
        assert.match(err.message, /PostgreSQL/);
        return true;
      });
      assert.equal((await fetch(`${first.url}/healthz`)).status, 200, 'the first server is untouched');
      await first.close();
      assert.equal(existsSync(lockFile), false);
      const again = await startServer(config, quiet);
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes over the lock of a server that died on this host, and refuses one held on another host', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-sqlite-stale-'));
    const database = join(dir, 'vigil.db');
    const lockFile = `${database}.lock`;
    try {
      const config = loadConfig({}, { host: '127.0.0.1', port: 0, databaseUrl: `sqlite:${database}`, dataDir: dir, logLevel: 'silent', ingest: testIngest() });
      // The pid of a process that has exited (it cannot be running any more).
      const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
      writeFileSync(lockFile, JSON.stringify({ pid: Number(dead.stdout), host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' }));
      const server = await startServer(config, quiet);
      assert.equal(JSON.parse(readFileSync(lockFile, 'utf8')).pid, process.pid);
      await server.close();

      writeFileSync(lockFile, JSON.stringify({ pid: Number(dead.stdout), host: 'other-host.example', startedAt: '2026-01-01T00:00:00.000Z' }));
      await assert.rejects(startServer(config, quiet), /another Vigil server \(pid \d+ on other-host\.example/);
      assert.equal(JSON.parse(readFileSync(lockFile, 'utf8')).host, 'other-host.example', 'a refused start leaves the lock alone');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
