import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, DIALECTS } from '@vigil/store/testing';
import { loadConfig, startServer } from '../src/index.js';
import { hawkRequest, testIngest } from './helpers/test-server.js';

for (const dialect of DIALECTS) {
  describe(`first start on an empty database (${dialect})`, () => {
    let db: { url: string; drop(): Promise<void> };
    let dataDir: string;
    before(async () => {
      db = await createTestDatabase(dialect, { empty: true });
      dataDir = mkdtempSync(join(tmpdir(), 'vigil-first-start-'));
    });
    after(async () => {
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('generates the organization, owner and key, prints them once, and never logs the key', async () => {
      const printed: string[] = [];
      const logs: string[] = [];
      const stream = new Writable({
        write(chunk, _enc, done) {
          logs.push(String(chunk));
          done();
        },
      });
      const config = loadConfig({}, { host: '127.0.0.1', port: 0, databaseUrl: db.url, dataDir, logLevel: 'debug', ingest: testIngest() });
      const server = await startServer(config, { print: (l) => printed.push(l), logger: { stream } });
      const text = printed.join('\n');
      const orgId = /TS_ORGANIZATION_ID=(\S+)/.exec(text)?.[1];
      const userId = /TS_USER_ID=(\S+)/.exec(text)?.[1];
      const apiKey = /TS_API_KEY=(\S+)/.exec(text)?.[1];
      assert.match(orgId ?? '', /^[0-9a-f]{24}$/);
      assert.match(userId ?? '', /^[0-9a-f]{24}$/);
      assert.ok(apiKey && apiKey.length >= 43, 'at least 32 random bytes');
      assert.match(text, new RegExp(`listening on ${server.url.replace(/\./g, '\\.')}`));
      // The whole command to get a new key, with this owner's id.
      assert.ok(text.includes(`\`npx vigil admin keys rotate --user ${userId}\` issues a new one`), text);
      // the secret was created with owner-only permissions
      assert.equal(statSync(join(dataDir, 'secret')).mode & 0o777, 0o600);

      const creds = { orgId: orgId!, userId: userId!, apiKey: apiKey! };
      assert.equal((await hawkRequest(server.url, 'GET', '/help/hawk/self-test', creds)).status, 200);
      assert.equal((await hawkRequest(server.url, 'GET', '/v2/agents?status=online', { ...creds, apiKey: 'wrong'.repeat(9) })).status, 401);
      await hawkRequest(server.url, 'POST', '/v2/alerts/dismiss', creds, { body: { ids: ['x'], dismissReason: 'OTHER' } });
      await server.close();

      const allLogs = logs.join('');
      assert.ok(allLogs.length > 0, 'debug logs were written');
      assert.ok(!allLogs.includes(apiKey!), 'the API key never reaches the log');
      assert.doesNotMatch(allLogs, /Hawk id=|mac="/, 'no Authorization header in the log');

      // Second start: nothing is created or printed again; the key is stored encrypted, not in clear.
      const again: string[] = [];
      const second = await startServer(config, { print: (l) => again.push(l), logger: false });
      assert.doesNotMatch(again.join('\n'), /TS_API_KEY/);
      assert.equal((await hawkRequest(second.url, 'GET', '/help/hawk/self-test', creds)).status, 200);
      assert.equal((await second.store.organizations.list()).length, 1);
      await second.close();
      if (dialect === 'sqlite') {
        const file = db.url.slice('sqlite:'.length);
        assert.ok(!readFileSync(file).includes(Buffer.from(apiKey!)), 'key not stored in clear');
      }
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`a server secret that does not match the database (${dialect})`, () => {
    it('stops the start with a message naming the secret, the database and the fix, and changes nothing', async () => {
      const db = await createTestDatabase(dialect);
      const firstDir = mkdtempSync(join(tmpdir(), 'vigil-secret-a-'));
      const movedDir = mkdtempSync(join(tmpdir(), 'vigil-secret-b-'));
      try {
        const first = loadConfig({}, { host: '127.0.0.1', port: 0, databaseUrl: db.url, dataDir: firstDir, logLevel: 'silent', ingest: testIngest() });
        await (await startServer(first, { print: () => {}, logger: false })).close();
        // VIGIL_DATA_DIR moved (a fresh secret is made there), the database stayed where it was.
        const moved = { ...first, dataDir: movedDir };
        await assert.rejects(startServer(moved, { print: () => {}, logger: false }), (err: Error) => {
          assert.ok(err.message.includes(`the server secret ${join(movedDir, 'secret')} does not match the database`), err.message);
          assert.match(err.message, /VIGIL_DATA_DIR/);
          assert.match(err.message, /VIGIL_DATABASE_URL/);
          assert.doesNotMatch(err.message, /:[^@/]*@/, 'no database password');
          return true;
        });
        await assert.rejects(startServer({ ...first, secret: 'x'.repeat(40) }, { print: () => {}, logger: false }), /^Error: VIGIL_SECRET does not match the database/);
        // The original pairing still starts.
        const again = await startServer(first, { print: () => {}, logger: false });
        assert.equal((await again.store.organizations.list()).length, 1);
        await again.close();
      } finally {
        await db.drop();
        rmSync(firstDir, { recursive: true, force: true });
        rmSync(movedDir, { recursive: true, force: true });
      }
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`a first start whose port is taken (${dialect})`, () => {
    it('creates nothing, so the next start that listens creates and prints the one-time key', async () => {
      const db = await createTestDatabase(dialect);
      const dataDir = mkdtempSync(join(tmpdir(), 'vigil-port-taken-'));
      const blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      try {
        const taken = (blocker.address() as AddressInfo).port;
        const config = loadConfig({}, { host: '127.0.0.1', port: taken, databaseUrl: db.url, dataDir, logLevel: 'silent', ingest: testIngest() });
        const failed: string[] = [];
        await assert.rejects(startServer(config, { print: (l) => failed.push(l), logger: false }), /EADDRINUSE/);
        assert.doesNotMatch(failed.join('\n'), /TS_API_KEY/);

        const printed: string[] = [];
        const server = await startServer({ ...config, port: 0 }, { print: (l) => printed.push(l), logger: false });
        try {
          const text = printed.join('\n');
          const creds = {
            orgId: /TS_ORGANIZATION_ID=(\S+)/.exec(text)?.[1] ?? '',
            userId: /TS_USER_ID=(\S+)/.exec(text)?.[1] ?? '',
            apiKey: /TS_API_KEY=(\S+)/.exec(text)?.[1] ?? '',
          };
          assert.ok(creds.apiKey.length >= 43, text);
          assert.equal((await hawkRequest(server.url, 'GET', '/help/hawk/self-test', creds)).status, 200);
          assert.equal((await server.store.organizations.list()).length, 1);
        } finally {
          await server.close();
        }
      } finally {
        blocker.close();
        await db.drop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}

describe('bootstrap values', () => {
  it('refuses malformed bootstrap ids and short keys', async () => {
    const db = await createTestDatabase('sqlite');
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bootstrap-'));
    try {
      for (const bootstrap of [
        { orgId: 'has space', orgName: 'x', email: 'a@b.co' },
        { userId: 'x'.repeat(65), orgName: 'x', email: 'a@b.co' },
        { apiKey: 'short', orgName: 'x', email: 'a@b.co' },
      ]) {
        const config = loadConfig({}, { host: '127.0.0.1', port: 0, databaseUrl: db.url, dataDir, bootstrap });
        await assert.rejects(startServer(config, { print: () => {}, logger: false }), /VIGIL_BOOTSTRAP/);
      }
    } finally {
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
