import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, DIALECTS } from '@vigil/store/testing';
import { loadConfig, startServer, type RunningServer } from '../src/index.js';
import { hawkRequest, REDIS_URL, testIngest } from './helpers/test-server.js';

/** JSON log lines in memory; any line that is not JSON fails the parse (and the test). */
function logSink() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { stream, records: () => lines.map((l) => JSON.parse(l) as Record<string, any>) };
}

/** Collects what ioredis would print on its own ("[ioredis] Unhandled error event …"). */
function captureConsoleError() {
  const printed: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void printed.push(args.map(String).join(' '));
  return { printed, restore: () => (console.error = original) };
}

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** A TCP relay to the test Redis that can be cut and restored, standing in for Redis going away. */
function redisRelay() {
  const target = new URL(REDIS_URL);
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  return {
    get url() {
      return `redis://127.0.0.1:${port}`;
    },
    async up() {
      server = createServer((client) => {
        const upstream = connect(Number(target.port || 6379), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => {});
        }
        client.pipe(upstream).pipe(client);
      });
      await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    },
    async down() {
      const closed = new Promise((resolve) => server!.close(resolve));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}

describe('an unreachable VIGIL_REDIS_URL', () => {
  it('fails the start with a message naming the setting, in JSON log lines only', async () => {
    const db = await createTestDatabase('sqlite');
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-redis-down-'));
    const logs = logSink();
    const consoleErrors = captureConsoleError();
    try {
      const port = await closedPort();
      const config = loadConfig({}, { host: '127.0.0.1', port: 0, databaseUrl: db.url, dataDir, redisUrl: `redis://:hunter2hunter2@127.0.0.1:${port}`, logLevel: 'info', ingest: testIngest() });
      await assert.rejects(startServer(config, { print: () => {}, logger: { stream: logs.stream } }), (err: Error) => {
        assert.match(err.message, new RegExp(`^VIGIL_REDIS_URL: cannot reach Redis at redis://127\\.0\\.0\\.1:${port}`));
        assert.match(err.message, /ECONNREFUSED/);
        assert.match(err.message, /unset VIGIL_REDIS_URL/);
        assert.doesNotMatch(err.message, /hunter2/);
        return true;
      });
      const fatal = logs.records().find((r) => r.msg === 'start failed');
      assert.match(fatal?.err?.message ?? '', /VIGIL_REDIS_URL/);
      assert.equal(fatal?.level, 60);
      assert.doesNotMatch(JSON.stringify(logs.records()), /hunter2/);
      assert.deepEqual(consoleErrors.printed, []);
      // Nothing was created: the next start (with Redis) bootstraps the database as a first start.
      const printed: string[] = [];
      const server = await startServer({ ...config, redisUrl: REDIS_URL, redisPrefix: `vigil-test:${randomBytes(6).toString('hex')}:` }, { print: (l) => printed.push(l), logger: false });
      await server.close();
      assert.match(printed.join('\n'), /TS_API_KEY=/);
    } finally {
      consoleErrors.restore();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

for (const dialect of DIALECTS) {
  describe(`Redis going away while the server runs (${dialect})`, () => {
    const relay = redisRelay();
    const logs = logSink();
    let consoleErrors: ReturnType<typeof captureConsoleError>;
    let server: RunningServer;
    let db: { url: string; drop(): Promise<void> };
    let dataDir: string;
    const creds = { orgId: `org${randomBytes(4).toString('hex')}`, userId: `user${randomBytes(4).toString('hex')}`, apiKey: randomBytes(32).toString('base64url') };
    before(async () => {
      await relay.up();
      db = await createTestDatabase(dialect);
      dataDir = mkdtempSync(join(tmpdir(), 'vigil-redis-outage-'));
      consoleErrors = captureConsoleError();
      const config = loadConfig(
        {},
        {
          host: '127.0.0.1',
          port: 0,
          databaseUrl: db.url,
          dataDir,
          logLevel: 'info',
          redisUrl: relay.url,
          redisPrefix: `vigil-test:${randomBytes(6).toString('hex')}:`,
          bootstrap: { ...creds, orgName: 'Redis Outage', email: 'owner@example.com', baseRuleSet: false },
          ingest: testIngest(),
        },
      );
      server = await startServer(config, { print: () => {}, logger: { stream: logs.stream } });
    });
    after(async () => {
      consoleErrors?.restore();
      await server?.close();
      await relay.down().catch(() => {});
      await db?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('answers 503 with Retry-After and a failing /readyz at once, logs JSON only, and recovers', async () => {
      assert.equal((await hawkRequest(server.url, 'GET', '/v2/agents?status=online', creds)).status, 200);
      assert.equal((await fetch(`${server.url}/readyz`)).status, 200);

      await relay.down();
      // The client notices the cut connection on its own; wait for the first 503 (bounded).
      let res = await hawkRequest(server.url, 'GET', '/v2/agents?status=online', creds);
      for (let i = 0; i < 100 && res.status !== 503; i++) {
        await new Promise((r) => setTimeout(r, 50));
        res = await hawkRequest(server.url, 'GET', '/v2/agents?status=online', creds);
      }
      assert.equal(res.status, 503, res.text);
      assert.equal(res.headers.get('retry-after'), '5');
      assert.deepEqual(res.json, { errors: ['Service unavailable: redis unreachable, retry shortly'] });
      const ready = await fetch(`${server.url}/readyz`);
      assert.equal(ready.status, 503);
      assert.equal(ready.headers.get('retry-after'), '5');
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);

      await relay.up();
      for (let i = 0; i < 200 && res.status !== 200; i++) {
        await new Promise((r) => setTimeout(r, 50));
        res = await hawkRequest(server.url, 'GET', '/v2/agents?status=online', creds);
      }
      assert.equal(res.status, 200, res.text);
      const messages = logs.records().map((r) => r.msg);
      assert.ok(messages.includes('redis unreachable: answering 503 until it is back'), messages.join(' | '));
      assert.ok(messages.includes('redis connection restored'), messages.join(' | '));
      assert.deepEqual(consoleErrors.printed, []);
    });
  });
}
