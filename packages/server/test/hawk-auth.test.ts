import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Hawk from 'hawk';
import { clientHeader, verifyServerAuthorization } from '@vigil/hawk';
import { DIALECTS } from '@vigil/store/testing';
import { hawkRequest, startTestServer, type TestServer } from './helpers/test-server.js';
import { memberWithRole, otherOrganization } from './helpers/fixtures.js';

for (const dialect of DIALECTS) {
  describe(`Hawk authentication (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(dialect);
    });
    after(() => server.close());

    it('self-test answers and signs the response (hawk npm client verifies it)', async () => {
      const res = await server.request('GET', '/help/hawk/self-test');
      assert.equal(res.status, 200);
      assert.equal(res.json.userId, server.creds.userId);
      assert.equal(res.json.organizationId, server.creds.orgId);
      assert.match(res.headers.get('server-authorization') ?? '', /^Hawk mac="[^"]+", hash="[^"]+"/);
    });

    it('accepts our own client and verifies with our own verifier', async () => {
      const url = `${server.url}/v2/agents?status=online`;
      const credentials = { id: server.creds.userId, key: server.creds.apiKey, algorithm: 'sha256' as const };
      const { header, artifacts } = clientHeader(url, 'GET', { credentials, ext: server.creds.orgId });
      const res = await fetch(url, { headers: { authorization: header } });
      const text = await res.text();
      assert.equal(res.status, 200);
      verifyServerAuthorization(res.headers.get('server-authorization') ?? undefined, credentials, artifacts, {
        payload: text,
        contentType: res.headers.get('content-type') ?? undefined,
      }, { required: true });
    });

    it('signs the raw query string: repeated and percent-encoded parameters', async () => {
      const res = await server.request(
        'GET',
        '/v2/alerts?status=active&from=2024-01-01T00%3A00%3A00Z&until=2030-01-01T00:00:00%2B00:00&ruleId=a%20b%2Bc',
      );
      assert.equal(res.status, 200, res.text);
      const repeated = await server.request('GET', '/v2/alerts?status=active&severity=1&severity=2');
      // authenticated fine; a repeated single-valued parameter is a validation error, not an auth error
      assert.equal(repeated.status, 400, repeated.text);
      assert.match(repeated.json.errors[0], /severity/);
    });

    it('refuses a missing header with 401 and WWW-Authenticate', async () => {
      const res = await hawkRequest(server.url, 'GET', '/v2/agents?status=online', server.creds, { unsigned: true });
      assert.equal(res.status, 401);
      assert.equal(res.headers.get('www-authenticate'), 'Hawk');
      assert.equal(res.headers.get('server-authorization'), null);
      assert.ok(Array.isArray(res.json.errors));
    });

    it('refuses a wrong key, an unknown user and a user from another organization', async () => {
      const wrongKey = await hawkRequest(server.url, 'GET', '/v2/agents?status=online', {
        ...server.creds,
        apiKey: 'x'.repeat(43),
      });
      assert.equal(wrongKey.status, 401);
      const unknown = await hawkRequest(server.url, 'GET', '/v2/agents?status=online', {
        ...server.creds,
        userId: 'nobody',
      });
      assert.equal(unknown.status, 401);
      const other = await otherOrganization(server.store);
      const foreign = await hawkRequest(server.url, 'GET', '/v2/agents?status=online', {
        ...other.creds,
        orgId: server.creds.orgId,
      });
      assert.equal(foreign.status, 401);
      assert.match(foreign.json.errors[0], /not a member/);
      const noExt = await hawkRequest(server.url, 'GET', '/v2/agents?status=online', { ...server.creds, orgId: '' });
      assert.equal(noExt.status, 401);
    });

    it('answers a stale timestamp with ts, tsm and error="Stale timestamp"', async () => {
      const url = `${server.url}/help/hawk/self-test`;
      const credentials = { id: server.creds.userId, key: server.creds.apiKey, algorithm: 'sha256' as const };
      const { header } = Hawk.client.header(url, 'GET', {
        credentials,
        ext: server.creds.orgId,
        timestamp: Math.floor(Date.now() / 1000) - 3600,
      });
      const res = await fetch(url, { headers: { authorization: header } });
      assert.equal(res.status, 401);
      const www = res.headers.get('www-authenticate') ?? '';
      assert.match(www, /^Hawk ts="\d+", tsm="[^"]+", error="Stale timestamp"$/);
      // The hawk client library accepts the tsm as genuine (so it may adjust its clock).
      const parsed = Object.fromEntries([...www.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
      const { calculateTsMac } = await import('@vigil/hawk');
      assert.equal(parsed.tsm, calculateTsMac(parsed.ts!, credentials));
    });

    it('refuses a replayed Authorization header', async () => {
      const url = `${server.url}/help/hawk/self-test`;
      const { header } = Hawk.client.header(url, 'GET', {
        credentials: { id: server.creds.userId, key: server.creds.apiKey, algorithm: 'sha256' },
        ext: server.creds.orgId,
      });
      const first = await fetch(url, { headers: { authorization: header } });
      assert.equal(first.status, 200);
      const replay = await fetch(url, { headers: { authorization: header } });
      assert.equal(replay.status, 401);
      assert.match(((await replay.json()) as any).errors[0], /replay|nonce/i);
    });

    it('refuses a replayed or stale write, changing nothing', async () => {
      // An organization of its own, so the invites counted here are this test's alone.
      const { creds } = await otherOrganization(server.store);
      const credentials = { id: creds.userId, key: creds.apiKey, algorithm: 'sha256' as const };
      const url = `${server.url}/v2/organizations/invites`;
      const invites = async () => (await server.store.invites.list(creds.orgId)).length;
      const post = (body: string, options: { localtimeOffsetMsec?: number } = {}) => {
        const { header } = Hawk.client.header(url, 'POST', { credentials, ext: creds.orgId, payload: body, contentType: 'application/json', ...options });
        return () => fetch(url, { method: 'POST', headers: { authorization: header, 'content-type': 'application/json' }, body });
      };
      const before = await invites();
      const send = post(JSON.stringify({ email: 'replayed@example.com', role: 'user' }));
      assert.equal((await send()).status, 200);
      const replay = await send();
      assert.equal(replay.status, 401);
      assert.match(((await replay.json()) as any).errors[0], /nonce/i);
      assert.equal(await invites(), before + 1);

      const body = JSON.stringify({ email: 'stale@example.com', role: 'user' });
      for (const localtimeOffsetMsec of [-120_000, 120_000]) {
        const stale = await post(body, { localtimeOffsetMsec })();
        assert.equal(stale.status, 401);
        assert.match(stale.headers.get('www-authenticate') ?? '', /error="Stale timestamp"/);
      }
      assert.equal(await invites(), before + 1);
    });

    it('refuses a request whose query was re-ordered after signing', async () => {
      const credentials = { id: server.creds.userId, key: server.creds.apiKey, algorithm: 'sha256' as const };
      const { header } = Hawk.client.header(`${server.url}/v2/alerts?status=active&severity=1`, 'GET', {
        credentials,
        ext: server.creds.orgId,
      });
      const res = await fetch(`${server.url}/v2/alerts?severity=1&status=active`, { headers: { authorization: header } });
      assert.equal(res.status, 401);
    });

    it('checks the payload hash of a body and refuses a tampered body, changing nothing', async () => {
      const body = JSON.stringify({ email: 'new@example.com', role: 'user' });
      const credentials = { id: server.creds.userId, key: server.creds.apiKey, algorithm: 'sha256' as const };
      const url = `${server.url}/v2/organizations/invites`;
      const { header } = Hawk.client.header(url, 'POST', {
        credentials,
        ext: server.creds.orgId,
        payload: body,
        contentType: 'application/json',
      });
      const tampered = body.replace('user', 'owner');
      const res = await fetch(url, { method: 'POST', headers: { authorization: header, 'content-type': 'application/json' }, body: tampered });
      assert.equal(res.status, 401);
      assert.equal((await server.store.invites.list(server.creds.orgId)).length, 0);
      const ok = await server.request('POST', '/v2/organizations/invites', {
        rawBody: body,
        contentType: 'application/json; charset=utf-8',
      });
      assert.equal(ok.status, 200, ok.text);
    });

    it('refuses a malformed Authorization header with 4xx', async () => {
      for (const authorization of ['Basic abc', 'Hawk id="a", id="b"', 'Hawk foo="bar"', 'Hawk id="a"', 'Hawk ' + 'x'.repeat(5000)]) {
        const res = await fetch(`${server.url}/help/hawk/self-test`, { headers: { authorization } });
        assert.ok(res.status === 400 || res.status === 401, `${authorization.slice(0, 20)} → ${res.status}`);
        assert.ok(Array.isArray(((await res.json()) as any).errors));
      }
    });

    it('lets readers read but not change anything (403, nothing changes)', async () => {
      const reader = await memberWithRole(server.store, server.creds.orgId, 'reader');
      const read = await server.request('GET', '/v2/organizations/members', { creds: reader.creds });
      assert.equal(read.status, 200);
      const before = (await server.store.invites.list(server.creds.orgId)).length;
      const write = await server.request('POST', '/v2/organizations/invites', {
        creds: reader.creds,
        body: { email: 'x@example.com', role: 'reader' },
      });
      assert.equal(write.status, 403);
      assert.equal((await server.store.invites.list(server.creds.orgId)).length, before);
    });

    it('refuses the old key after rotation', async () => {
      const member = await memberWithRole(server.store, server.creds.orgId, 'user');
      assert.equal((await server.request('GET', '/help/hawk/self-test', { creds: member.creds })).status, 200);
      const { key } = await server.store.apiKeys.issue(member.user.id);
      assert.equal((await server.request('GET', '/help/hawk/self-test', { creds: member.creds })).status, 401);
      assert.equal(
        (await server.request('GET', '/help/hawk/self-test', { creds: { ...member.creds, apiKey: key } })).status,
        200,
      );
    });
  });
}

describe('Hawk behind a proxy (VIGIL_PUBLIC_URL)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('sqlite', { config: { publicUrl: 'https://api.vigil.example' } });
  });
  after(() => server.close());

  it('checks the MAC against the public host and port, not the Host header', async () => {
    const credentials = { id: server.creds.userId, key: server.creds.apiKey, algorithm: 'sha256' as const };
    const { header } = Hawk.client.header('https://api.vigil.example/help/hawk/self-test', 'GET', {
      credentials,
      ext: server.creds.orgId,
    });
    const ok = await fetch(`${server.url}/help/hawk/self-test`, { headers: { authorization: header } });
    assert.equal(ok.status, 200);
    const direct = await server.request('GET', '/help/hawk/self-test');
    assert.equal(direct.status, 401);
  });
});
