/**
 * POST /api/token (password, client-credentials and refresh grants in every body form), bearer
 * authentication, expiry, refresh rotation, revocation, failed-login limits and OAuth client management,
 * over real HTTP on both databases.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, openTestStore } from '@vigil/store/testing';
import { bootstrap } from '../src/index.js';
import { redactUrlSecrets, serializeRequest } from '../src/auth/oauth-log-redaction.js';
import { otherOrganization, PASSWORD, startThreatq, type ThreatqServer } from './threatq-support.js';

function assertTokenAnswer(res: { status: number; json: any; headers: Headers; text: string }) {
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(Object.keys(res.json).sort(), ['access_token', 'expires_in', 'refresh_token', 'token_type']);
  assert.equal(res.json.token_type, 'bearer');
  assert.equal(res.json.expires_in, 3600);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assert.notEqual(res.json.access_token, res.json.refresh_token);
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

for (const dialect of DIALECTS) {
  describe(`${dialect}: ThreatQ token endpoint and bearer auth`, () => {
    let t: ThreatqServer;
    before(async () => {
      t = await startThreatq(dialect);
    });
    after(() => t.close());

    it('password grant: the seed auth.json as a JSON body, then a bearer call', async () => {
      const res = await t.tq('POST', '/api/token', {
        json: { email: t.email, password: PASSWORD, grant_type: 'password', client_id: t.clientId },
      });
      assertTokenAnswer(res);
      const list = await t.tq('GET', '/api/indicators?limit=5', { token: res.json.access_token });
      assert.equal(list.status, 200, list.text);
      assert.deepEqual(list.json, { total: 0, offset: 0, limit: 5, data: [] });
    });

    it('password grant: grant_type and client_id in the query, credentials in the JSON body (threatqsdk)', async () => {
      const res = await t.tq('POST', `/api/token?grant_type=password&client_id=${t.clientId}`, { json: { email: t.email, password: PASSWORD } });
      assertTokenAnswer(res);
    });

    it('password grant: every field form-encoded (Demisto); a password in the query string is a 400 and issues nothing', async () => {
      assertTokenAnswer(await t.tq('POST', '/api/token', { form: { grant_type: 'password', email: t.email, password: PASSWORD, client_id: t.clientId } }));
      const store = t.server.store;
      const user = await store.users.create({ email: 'query-password@example.com', displayName: 'Q' });
      await store.memberships.upsert(t.server.creds.orgId, user.id, 'user');
      await store.passwords.set(user.id, PASSWORD);
      const q = new URLSearchParams({ grant_type: 'password', email: user.email, password: PASSWORD, client_id: t.clientId });
      for (const [path, request] of [
        [`/api/token?${q}`, {}],
        [`/api/token?password=${encodeURIComponent(PASSWORD)}`, { json: { grant_type: 'password', email: user.email, password: PASSWORD, client_id: t.clientId } }],
      ] as const) {
        const res = await t.tq('POST', path, request);
        assert.equal(res.status, 400, res.text);
        assert.equal(res.json.error, 'invalid_request');
        assert.match(res.json.error_description, /password must not be sent in the query string/);
        assert.equal(res.json.access_token, undefined);
        assert.ok(!res.text.includes(PASSWORD));
      }
      assert.equal(await store.oauth.revokeForUser(user.id), 0, 'no token was issued');
    });

    it('a wrong password and an unknown email answer the same; an unknown client is invalid_client', async () => {
      const wrong = await t.tq('POST', '/api/token', { json: { grant_type: 'password', email: t.email, password: 'not-the-password', client_id: t.clientId } });
      const unknown = await t.tq('POST', '/api/token', { json: { grant_type: 'password', email: 'nobody@example.com', password: PASSWORD, client_id: t.clientId } });
      assert.equal(wrong.status, 400);
      assert.deepEqual(wrong.json, unknown.json);
      assert.equal(unknown.status, 400);
      assert.equal(wrong.json.error, 'invalid_grant');
      assert.deepEqual(wrong.json.errors, [wrong.json.error_description]);
      assert.ok(!wrong.text.includes('not-the-password'));
      const badClient = await t.tq('POST', '/api/token', { json: { grant_type: 'password', email: t.email, password: PASSWORD, client_id: 'nope' } });
      assert.equal(badClient.status, 401);
      assert.equal(badClient.json.error, 'invalid_client');
    });

    it('refuses incomplete and unsupported requests with OAuth errors', async () => {
      const cases: Array<[unknown, number, string, RegExp]> = [
        [{}, 400, 'invalid_request', /grant_type is required/],
        [{ grant_type: 'password', email: t.email, client_id: t.clientId }, 400, 'invalid_request', /password is required/],
        [{ grant_type: 'password', email: t.email, password: PASSWORD }, 400, 'invalid_request', /client_id is required/],
        [{ grant_type: 'password', email: 5, password: PASSWORD, client_id: t.clientId }, 400, 'invalid_request', /email must be a single string/],
        [{ grant_type: 'authorization_code' }, 400, 'unsupported_grant_type', /password, client_credentials or refresh_token/],
        [{ grant_type: 'refresh_token' }, 400, 'invalid_request', /refresh_token is required/],
        [{ grant_type: 'refresh_token', refresh_token: 'made-up' }, 400, 'invalid_grant', /refresh token is invalid/],
        [{ grant_type: 'client_credentials' }, 401, 'invalid_client', /client_id and client_secret are required/],
        [['grant_type', 'password'], 400, 'invalid_request', /must be an object/],
      ];
      for (const [body, status, error, message] of cases) {
        const res = await t.tq('POST', '/api/token', { json: body });
        assert.equal(res.status, status, JSON.stringify(body));
        assert.equal(res.json.error, error, JSON.stringify(body));
        assert.match(res.json.error_description, message);
      }
      const malformed = await t.tq('POST', '/api/token', { raw: '{"grant_type":', contentType: 'application/x-www-form-urlencoded' });
      assert.equal(malformed.status, 400);
      assert.match(malformed.json.errors[0], /not valid JSON/);
    });

    it('client-credentials grant with HTTP Basic (or as fields); a wrong secret is 401 with a Basic challenge', async () => {
      const res = await t.tq('POST', '/api/token?grant_type=client_credentials', { headers: { authorization: basic(t.clientId, t.clientSecret) } });
      assertTokenAnswer(res);
      const me = await t.tq('GET', '/api/indicator/statuses', { token: res.json.access_token });
      assert.equal(me.status, 200);
      assertTokenAnswer(await t.tq('POST', '/api/token', { form: { grant_type: 'client_credentials', client_id: t.clientId, client_secret: t.clientSecret } }));
      const wrong = await t.tq('POST', '/api/token?grant_type=client_credentials', { headers: { authorization: basic(t.clientId, 'wrong') } });
      assert.equal(wrong.status, 401);
      assert.equal(wrong.json.error, 'invalid_client');
      assert.match(wrong.headers.get('www-authenticate') ?? '', /^Basic/);
    });

    it('bearer auth: missing, malformed and unknown tokens are 401 with WWW-Authenticate: Bearer', async () => {
      const none = await t.tq('GET', '/api/indicators');
      assert.equal(none.status, 401);
      assert.match(none.headers.get('www-authenticate') ?? '', /^Bearer realm="vigil"$/);
      assert.match(none.json.errors[0], /missing Authorization header/);
      const hawkish = await t.tq('GET', '/api/indicators', { headers: { authorization: 'Hawk id="x"' } });
      assert.equal(hawkish.status, 401);
      const unknown = await t.tq('GET', '/api/indicators', { token: 'not-a-token' });
      assert.equal(unknown.status, 401);
      assert.match(unknown.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
      // The REST v1 API under /api/v1 keeps its own scheme.
      const v1 = await t.tq('GET', '/api/v1/agents', { headers: { authorization: t.server.creds.apiKey } });
      assert.equal(v1.status, 200);
    });

    it('refresh rotates: the new pair works, the old ones do not, and replaying a spent refresh token ends the family', async () => {
      const first = (await t.tq('POST', '/api/token', { json: { grant_type: 'password', email: t.email, password: PASSWORD, client_id: t.clientId } })).json;
      const refreshed = await t.tq('POST', `/api/token?grant_type=refresh_token&refresh_token=${encodeURIComponent(first.refresh_token)}`, { token: first.access_token });
      assertTokenAnswer(refreshed);
      assert.equal((await t.tq('GET', '/api/indicators', { token: refreshed.json.access_token })).status, 200);
      assert.equal((await t.tq('GET', '/api/indicators', { token: first.access_token })).status, 401);
      const other = await t.login(); // another login: another family
      const again = await t.tq('POST', '/api/token', { form: { grant_type: 'refresh_token', refresh_token: first.refresh_token } });
      assert.equal(again.status, 400);
      assert.equal(again.json.error, 'invalid_grant');
      assert.equal((await t.tq('GET', '/api/indicators', { token: refreshed.json.access_token })).status, 401, 'the live pair of the family is revoked');
      const live = await t.tq('POST', '/api/token', { form: { grant_type: 'refresh_token', refresh_token: refreshed.json.refresh_token } });
      assert.equal(live.status, 400);
      assert.equal((await t.tq('GET', '/api/indicators', { token: other })).status, 200, 'other logins are untouched');
    });

    it('revocation: a revoked client and a changed password end the session', async () => {
      const token = await t.login();
      const created = await t.tq('POST', '/api/oauth/clients', { token, json: { name: 'Short-lived' } });
      assert.equal(created.status, 201, created.text);
      const { client_id: id, client_secret: secret } = created.json.data;
      assert.match(id, /^[a-z0-9]{32}$/);
      const cc = (await t.tq('POST', '/api/token?grant_type=client_credentials', { headers: { authorization: basic(id, secret) } })).json.access_token;
      assert.equal((await t.tq('GET', '/api/indicators', { token: cc })).status, 200);
      assert.equal((await t.tq('DELETE', `/api/oauth/clients/${id}`, { token })).status, 204);
      assert.equal((await t.tq('GET', '/api/indicators', { token: cc })).status, 401);
      assert.equal((await t.tq('POST', '/api/token?grant_type=client_credentials', { headers: { authorization: basic(id, secret) } })).status, 401);

      assert.equal((await t.tq('GET', '/api/indicators', { token })).status, 200);
      await t.server.store.passwords.set(t.server.creds.userId, 'another password');
      assert.equal((await t.tq('GET', '/api/indicators', { token })).status, 401);
      await t.server.store.passwords.set(t.server.creds.userId, PASSWORD);
    });

    it('OAuth clients over REST: owners only, scoped to their organization, bad input refused', async () => {
      const token = await t.login();
      const list = await t.tq('GET', '/api/oauth/clients', { token });
      assert.equal(list.status, 200);
      assert.ok(list.json.data.some((c: any) => c.client_id === t.clientId));
      assert.ok(list.json.data.every((c: any) => c.client_secret === undefined));
      assert.equal((await t.tq('POST', '/api/oauth/clients', { token, json: { name: '' } })).status, 400);
      assert.equal((await t.tq('POST', '/api/oauth/clients', { token, json: { name: 'x', extra: 1 } })).status, 400);
      assert.equal((await t.tq('DELETE', '/api/oauth/clients/doesnotexist', { token })).status, 404);
      const other = await otherOrganization(t);
      assert.equal((await t.tq('DELETE', `/api/oauth/clients/${other.clientId}`, { token })).status, 404, "another organization's client");
      assert.equal((await t.server.store.oauth.getClient(other.clientId))?.revokedAt, null, 'still active');
      const reader = await otherOrganization(t, 'reader');
      assert.equal((await t.tq('GET', '/api/oauth/clients', { token: reader.token })).status, 403);
      assert.equal((await t.tq('POST', '/api/oauth/clients', { token: reader.token, json: { name: 'nope' } })).status, 403);
    });
  });

  describe(`${dialect}: ThreatQ token expiry and failed-login limits`, () => {
    it('an expired access token is 401; its refresh token still gets a new pair', async () => {
      const t = await startThreatq(dialect, { threatq: { accessTokenTtlSec: 0 } });
      try {
        const res = await t.tq('POST', '/api/token', { json: { grant_type: 'password', email: t.email, password: PASSWORD, client_id: t.clientId } });
        assert.equal(res.json.expires_in, 0);
        const expired = await t.tq('GET', '/api/indicators', { token: res.json.access_token });
        assert.equal(expired.status, 401);
        assert.match(expired.headers.get('www-authenticate') ?? '', /invalid_token/);
        const refreshed = await t.tq('POST', '/api/token', { json: { grant_type: 'refresh_token', refresh_token: res.json.refresh_token } });
        assert.equal(refreshed.status, 200);
      } finally {
        await t.close();
      }
    });

    for (const redis of [false, true]) {
      it(`locks an account after its failed logins, and an IP after its own (${redis ? 'Redis' : 'memory'})`, async () => {
        const t = await startThreatq(dialect, { redis, threatq: { loginFailuresPerAccount: 3, loginFailuresPerIp: 6 } });
        try {
          const attempt = (email: string, password: string) =>
            t.tq('POST', '/api/token', { json: { grant_type: 'password', email, password, client_id: t.clientId } });
          for (let i = 0; i < 3; i++) assert.equal((await attempt(t.email, 'wrong-password')).status, 400);
          const locked = await attempt(t.email, PASSWORD);
          assert.equal(locked.status, 429, 'even the right password waits');
          assert.ok(Number(locked.headers.get('retry-after')) >= 1);
          assert.match(locked.json.errors[0], /Too many failed logins/);
          // Unknown accounts are counted the same way (no enumeration by lockout behaviour).
          for (let i = 0; i < 3; i++) assert.equal((await attempt('ghost@example.com', 'wrong-password')).status, i < 3 ? 400 : 429);
          assert.equal((await attempt('ghost@example.com', 'wrong-password')).status, 429);
          // Six failures from this IP in all: now every account is refused from here.
          const fresh = await t.server.store.users.create({ email: 'fresh@example.com', displayName: 'F' });
          await t.server.store.memberships.upsert(t.server.creds.orgId, fresh.id, 'user');
          await t.server.store.passwords.set(fresh.id, PASSWORD);
          assert.equal((await attempt('fresh@example.com', PASSWORD)).status, 429);
        } finally {
          await t.close();
        }
      });

      it(`TAXII Basic and /api/token spend one failed-login budget per account and per IP (${redis ? 'Redis' : 'memory'})`, async () => {
        const t = await startThreatq(dialect, { redis, threatq: { loginFailuresPerAccount: 3, loginFailuresPerIp: 8 } });
        try {
          const token = (json: Record<string, string>, authorization?: string) =>
            t.tq('POST', '/api/token', { json, ...(authorization ? { headers: { authorization } } : {}) });
          const taxii = (id: string, secret: string) => t.tq('GET', '/taxii2/', { headers: { authorization: basic(id, secret) } });
          const password = (email: string, pass: string) => token({ grant_type: 'password', email, password: pass, client_id: t.clientId });

          // An account's failures over TAXII lock it on /api/token ...
          for (let i = 0; i < 3; i++) assert.equal((await taxii(t.email, 'wrong-password')).status, 401);
          assert.equal((await password(t.email, PASSWORD)).status, 429, 'TAXII failures count on /api/token');
          // ... and a client's failures on /api/token lock it over TAXII.
          for (let i = 0; i < 3; i++) assert.equal((await token({ grant_type: 'client_credentials' }, basic(t.clientId, 'nope'))).status, 401);
          assert.equal((await taxii(t.clientId, t.clientSecret)).status, 429, '/api/token failures count over TAXII');
          // Six failures from this IP so far; one more on each surface makes eight, and the IP is locked on both.
          assert.equal((await password('ghost-1@example.com', 'wrong-password')).status, 400);
          assert.equal((await taxii('ghost-2@example.com', 'wrong-password')).status, 401);
          const fresh = await t.server.store.users.create({ email: 'fresh@example.com', displayName: 'F' });
          await t.server.store.memberships.upsert(t.server.creds.orgId, fresh.id, 'user');
          await t.server.store.passwords.set(fresh.id, PASSWORD);
          assert.equal((await taxii('fresh@example.com', PASSWORD)).status, 429);
          assert.equal((await password('fresh@example.com', PASSWORD)).status, 429);
        } finally {
          await t.close();
        }
      });
    }
  });
}

describe('ThreatQ credentials stay out of request logs', () => {
  it('redacts password, client_secret and token query values in logged URLs', () => {
    const url = '/api/token?grant_type=password&email=a%40b.c&password=hunter2hunter2&client_id=abc&client_secret=s3&refresh_token=rt&access_token=at';
    const logged = serializeRequest({ method: 'POST', url, headers: {}, ip: '127.0.0.1' });
    assert.equal(
      logged.url,
      '/api/token?grant_type=password&email=a%40b.c&password=[REDACTED]&client_id=abc&client_secret=[REDACTED]&refresh_token=[REDACTED]&access_token=[REDACTED]',
    );
    assert.equal(redactUrlSecrets('/api/indicators?value=password=x'), '/api/indicators?value=password=x');
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: first-start password (VIGIL_BOOTSTRAP_PASSWORD)`, () => {
    it('gives the first owner a login password, and refuses a short one', async () => {
      const { store, cleanup } = await openTestStore(dialect);
      try {
        await assert.rejects(bootstrap(store, { orgName: 'Org', email: 'first@example.com', password: 'short', baseRuleSet: false }), /at least 8 characters/);
        assert.equal(await store.isEmpty(), true, 'nothing created');
        const first = await bootstrap(store, { orgName: 'Org', email: 'first@example.com', password: 'first-password', baseRuleSet: false });
        assert.equal((await store.passwords.verify('first@example.com', 'first-password'))?.id, first!.userId);
        assert.equal(await store.passwords.verify('first@example.com', 'first-passwore'), undefined);
      } finally {
        await cleanup();
      }
    });
  });
}
