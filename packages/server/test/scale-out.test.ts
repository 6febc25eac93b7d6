import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Hawk from 'hawk';
import { loadConfig, startServer, type RunningServer } from '../src/index.js';
import { hawkRequest, startTestServer, type TestServer } from './helpers/test-server.js';

describe('two API processes sharing PostgreSQL and Redis', () => {
  let a: TestServer;
  let b: RunningServer;
  before(async () => {
    a = await startTestServer('postgres', { redis: true, config: { rateLimit: { perOrg: 6, perIp: 1000, lockoutSeconds: 900 } } });
    // A second server on the same database, secret and Redis prefix, as a second `vigil serve` would be.
    b = await startServer(loadConfig({}, { ...a.config, port: 0 }), { print: () => {}, logger: false });
  });
  after(async () => {
    await b.close();
    await a.close();
  });

  it('refuses on one process a Hawk header already used on the other', async () => {
    const credentials = { id: a.creds.userId, key: a.creds.apiKey, algorithm: 'sha256' as const };
    // Both listen on 127.0.0.1, so sign for A's port and send the same header to B with A's Host.
    const path = '/help/hawk/self-test';
    const { header } = Hawk.client.header(`${a.url}${path}`, 'GET', { credentials, ext: a.creds.orgId });
    const host = new URL(a.url).host;
    const first = await fetch(`${a.url}${path}`, { headers: { authorization: header } });
    assert.equal(first.status, 200);
    const replay = await fetch(`${b.url}${path}`, { headers: { authorization: header, host } });
    assert.equal(replay.status, 401);
  });

  it('shares the organization budget across processes', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const target = i % 2 === 0 ? a.url : b.url;
      const res = await hawkRequest(target, 'GET', '/v2/agents?status=online', a.creds);
      statuses.push(res.status);
    }
    // 6 per minute in total (the first test spent one), whichever process answers
    assert.equal(statuses.filter((s) => s === 200).length, 5);
    assert.equal(statuses.filter((s) => s === 429).length, 3);
  });
});
