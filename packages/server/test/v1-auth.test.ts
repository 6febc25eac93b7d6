import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, DIALECTS } from '@vigil/store/testing';
import { loadConfig, startServer } from '../src/index.js';
import { startTestServer, testIngest, type TestServer } from './helpers/test-server.js';
import { agentFixture, memberWithRole, otherOrganization } from './helpers/fixtures.js';
import { v1Request, type V1Auth } from './helpers/v1-client.js';

for (const dialect of DIALECTS) {
  describe(`REST v1 authentication (${dialect})`, () => {
    let server: TestServer;
    let auth: V1Auth;
    before(async () => {
      server = await startTestServer(dialect);
      auth = { apiKey: server.creds.apiKey, orgId: server.creds.orgId };
      await server.store.agents.create(agentFixture(server.creds.orgId));
    });
    after(() => server.close());

    const get = (path: string, a: V1Auth) => v1Request(server.url, 'GET', path, a);

    it('accepts the bare API key with the Organization header', async () => {
      const res = await get('/api/v1/agents', auth);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.length, 1);
      assert.equal(res.headers.get('server-authorization'), null, 'no Hawk on v1');
    });

    it('refuses a missing, wrong, truncated or Hawk-style key with 401 in the errors envelope', async () => {
      const key = server.creds.apiKey;
      const cases: Array<[string, V1Auth]> = [
        ['no Authorization', { orgId: server.creds.orgId }],
        ['empty key', { apiKey: '', orgId: server.creds.orgId }],
        ['random key', { apiKey: randomBytes(32).toString('base64url'), orgId: server.creds.orgId }],
        ['one character changed', { apiKey: key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A'), orgId: server.creds.orgId }],
        ['truncated', { apiKey: key.slice(0, 20), orgId: server.creds.orgId }],
        ['extended', { apiKey: key + 'x', orgId: server.creds.orgId }],
        ['Bearer prefix', { apiKey: `Bearer ${key}`, orgId: server.creds.orgId }],
        ['Hawk header', { apiKey: `Hawk id="${server.creds.userId}", ts="1", nonce="x", mac="y"`, orgId: server.creds.orgId }],
      ];
      for (const [name, a] of cases) {
        const res = await get('/api/v1/agents', a);
        assert.equal(res.status, 401, `${name} → ${res.text}`);
        assert.equal(res.json.errors.length, 1, name);
        assert.match(res.json.errors[0], /^Unauthorized/, name);
        assert.ok(!res.text.includes(key), `${name}: the key is not echoed`);
      }
    });

    it('refuses an organization the user is not a member of (or that does not exist) with 401', async () => {
      const other = await otherOrganization(server.store);
      for (const orgId of [other.org.id, 'no-such-org', 'x'.repeat(300)]) {
        const res = await get('/api/v1/agents', { apiKey: server.creds.apiKey, orgId });
        assert.equal(res.status, 401, `${orgId.slice(0, 20)} → ${res.text}`);
        assert.ok(Array.isArray(res.json.errors));
      }
      // and another organization's key cannot read this one
      const cross = await get('/api/v1/agents', { apiKey: other.creds.apiKey, orgId: server.creds.orgId });
      assert.equal(cross.status, 401);
    });

    it('refuses a rotated key at once and accepts the new one', async () => {
      const member = await memberWithRole(server.store, server.creds.orgId, 'user');
      const old = { apiKey: member.creds.apiKey, orgId: server.creds.orgId };
      assert.equal((await get('/api/v1/alerts', old)).status, 200);
      const { key } = await server.store.apiKeys.issue(member.user.id);
      assert.equal((await get('/api/v1/alerts', old)).status, 401, 'the old key stops working');
      assert.equal((await get('/api/v1/alerts', { apiKey: key, orgId: server.creds.orgId })).status, 200);
      // issuing the very same key again (an operator's choice) works too: revoked keys keep no digest
      const again = await server.store.apiKeys.issue(member.user.id, key);
      assert.equal(again.key, key);
      assert.equal((await get('/api/v1/alerts', { apiKey: key, orgId: server.creds.orgId })).status, 200);
    });

    it('stops accepting a key for an organization once its user is removed from it', async () => {
      const member = await memberWithRole(server.store, server.creds.orgId, 'reader');
      const a = { apiKey: member.creds.apiKey, orgId: server.creds.orgId };
      assert.equal((await get('/api/v1/policies', a)).status, 200);
      await server.store.memberships.remove(server.creds.orgId, member.user.id);
      assert.equal((await get('/api/v1/policies', a)).status, 401);
      assert.equal((await get('/api/v1/policies', { apiKey: member.creds.apiKey })).status, 401, 'no organization left');
    });
  });

  describe(`REST v1 rate limits (${dialect}, ${dialect === 'postgres' ? 'redis' : 'memory'})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(dialect, {
        redis: dialect === 'postgres',
        config: { rateLimit: { perOrg: 4, perIp: 10, lockoutSeconds: 900 } },
      });
    });
    after(() => server.close());

    it('shares the organization budget with v2, with the same headers and 429 + Retry-After', async () => {
      const auth = { apiKey: server.creds.apiKey, orgId: server.creds.orgId };
      const first = await v1Request(server.url, 'GET', '/api/v1/agents', auth);
      assert.equal(first.status, 200);
      assert.equal(first.headers.get('x-rate-limit-limit'), '4');
      assert.equal(first.headers.get('x-rate-limit-remaining'), '3');
      assert.match(first.headers.get('x-rate-limit-reset') ?? '', /^\d+$/);
      assert.equal((await server.request('GET', '/v2/agents?status=online')).status, 200);
      assert.equal((await v1Request(server.url, 'GET', '/api/v1/alerts', auth)).status, 200);
      const fourth = await server.request('GET', '/v2/alerts?status=active');
      assert.equal(fourth.headers.get('x-rate-limit-remaining'), '0', 'v1 calls counted against the same budget');
      const limited = await v1Request(server.url, 'GET', '/api/v1/agents', auth);
      assert.equal(limited.status, 429);
      assert.ok(Number(limited.headers.get('retry-after')) >= 1);
      assert.match(limited.json.errors[0], /Rate limit/);
      // another organization has its own budget
      const other = await otherOrganization(server.store);
      const theirs = await v1Request(server.url, 'GET', '/api/v1/agents', { apiKey: other.creds.apiKey, orgId: other.org.id });
      assert.equal(theirs.status, 200);
    });

    it('counts unauthenticated v1 requests against the IP and locks the IP out', async () => {
      let status = 0;
      for (let i = 0; i < 12 && status !== 429; i++) {
        status = (await v1Request(server.url, 'GET', '/api/v1/agents', { apiKey: 'wrong'.repeat(8) })).status;
      }
      assert.equal(status, 429);
      const other = await otherOrganization(server.store);
      const locked = await v1Request(server.url, 'GET', '/api/v1/agents', { apiKey: other.creds.apiKey, orgId: other.org.id });
      assert.equal(locked.status, 429);
      assert.ok(Number(locked.headers.get('retry-after')) > 800, 'about 15 minutes');
    });
  });
}

describe('REST v1 logging', () => {
  let db: { url: string; drop(): Promise<void> };
  let dataDir: string;
  before(async () => {
    db = await createTestDatabase('sqlite');
    dataDir = mkdtempSync(join(tmpdir(), 'vigil-v1-logs-'));
  });
  after(async () => {
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('never writes the API key (right or wrong) to the log', async () => {
    const logs: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        logs.push(String(chunk));
        done();
      },
    });
    const apiKey = randomBytes(32).toString('base64url');
    const orgId = 'logorg';
    const config = loadConfig(
      {},
      {
        host: '127.0.0.1',
        port: 0,
        databaseUrl: db.url,
        dataDir,
        logLevel: 'debug',
        bootstrap: { orgId, userId: 'loguser', apiKey, orgName: 'Log Org', email: 'log@example.com', baseRuleSet: false },
        ingest: testIngest(),
      },
    );
    const server = await startServer(config, { print: () => {}, logger: { stream } });
    const wrongKey = apiKey.slice(0, -4) + 'zzzz';
    try {
      assert.equal((await v1Request(server.url, 'GET', '/api/v1/agents', { apiKey, orgId })).status, 200);
      assert.equal((await v1Request(server.url, 'GET', '/api/v1/alerts/nope', { apiKey, orgId })).status, 404);
      assert.equal((await v1Request(server.url, 'GET', '/api/v1/agents?count=0', { apiKey, orgId })).status, 400);
      assert.equal((await v1Request(server.url, 'GET', '/api/v1/agents', { apiKey: wrongKey, orgId })).status, 401);
      assert.equal((await v1Request(server.url, 'POST', '/api/v1/agents', { apiKey, orgId })).status, 405);
    } finally {
      await server.close();
    }
    const allLogs = logs.join('');
    assert.match(allLogs, /\/api\/v1\/agents/, 'debug request lines were written');
    assert.ok(!allLogs.includes(apiKey), 'the API key never reaches the log');
    assert.ok(!allLogs.includes(wrongKey), 'nor a wrong one');
  });
});
