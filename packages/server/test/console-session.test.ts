/**
 * Console sign-in sessions on both databases: sign-in and sign-out, the same 401 for a wrong password and
 * an unknown email, failed-login budgets shared with POST /api/token, idle and absolute expiry on a clock
 * the test moves, revocation by a password change, the organization switcher, cookie attributes, and no
 * password or session cookie in the logs.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { DIALECTS } from '@vigil/store/testing';
import { PASSWORD, sessionCookieAttributes, sessionCookieOf, startConsole, type ConsoleServer } from './console-support.js';

const MINUTE = 60_000;

for (const dialect of DIALECTS) {
  describe(`${dialect}: console sessions`, () => {
    let c: ConsoleServer;
    before(async () => {
      // Three failures lock an account: the budget test locks its own user, the others fail at most once each.
      c = await startConsole(dialect, { config: { threatq: lockedAfter(3) } });
    });
    after(() => c.close());

    it('signs in with the ThreatQ password: the session body, an HttpOnly SameSite=Strict cookie without Secure over plain HTTP', async () => {
      const res = await c.call('POST', '/console/api/session', { json: { email: c.email.toUpperCase(), password: PASSWORD } });
      assert.equal(res.status, 200, res.text);
      const { creds } = c.server;
      assert.deepEqual(res.json.user, { id: creds.userId, email: c.email, displayName: res.json.user.displayName });
      assert.deepEqual(res.json.organizations, [{ id: creds.orgId, name: 'Test Org', role: 'owner' }]);
      assert.equal(res.json.organizationId, creds.orgId);
      assert.equal(res.json.role, 'owner');
      assert.match(res.json.csrfToken, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(res.json.idleMinutes, 30);
      assert.equal(Date.parse(res.json.expiresAt), c.clock.now + 12 * 60 * MINUTE);
      assert.equal(res.headers['cache-control'], 'no-store');
      const cookie = sessionCookieOf(res);
      assert.match(cookie ?? '', /^[A-Za-z0-9_-]{43}$/);
      assert.notEqual(cookie, res.json.csrfToken);
      assert.deepEqual(sessionCookieAttributes(res).sort(), ['httponly', 'path=/', 'samesite=strict']);

      const again = await c.call('GET', '/console/api/session', { session: { cookie: cookie!, csrfToken: '' }, csrf: false });
      assert.equal(again.status, 200, again.text);
      assert.deepEqual({ ...again.json }, res.json);
      const audit = await c.server.store.auditLogs.list(creds.orgId, {}, { limit: 5 });
      const signIn = audit.items.find((r) => r.action === 'console.sign_in');
      assert.equal(signIn?.source, 'console');
      assert.equal(signIn?.userId, creds.userId);
    });

    it('a wrong password and an unknown email answer the same 401 and set no cookie', async () => {
      const wrong = await c.call('POST', '/console/api/session', { json: { email: c.email, password: 'not-the-password' } });
      const unknown = await c.call('POST', '/console/api/session', { json: { email: 'nobody@example.com', password: PASSWORD } });
      for (const res of [wrong, unknown]) {
        assert.equal(res.status, 401, res.text);
        assert.deepEqual(res.json, { errors: ['Invalid email or password'] });
        assert.equal(sessionCookieOf(res), undefined);
      }
    });

    it('bad sign-in bodies are 400s that name the field', async () => {
      for (const [json, field] of [
        [{ email: c.email }, 'password'],
        [{ password: PASSWORD }, 'email'],
        [{ email: 1, password: PASSWORD }, 'email'],
        [{ email: c.email, password: 'x'.repeat(1025) }, 'password'],
        [{ email: c.email, password: PASSWORD, extra: 1 }, 'extra'],
      ] as const) {
        const res = await c.call('POST', '/console/api/session', { json });
        assert.equal(res.status, 400, res.text);
        assert.match(res.json.errors.join(' '), new RegExp(field));
        assert.equal(sessionCookieOf(res), undefined);
      }
    });

    it('no session, a made-up cookie, or a signed-out session: 401', async () => {
      assert.equal((await c.call('GET', '/console/api/session')).status, 401);
      const madeUp = await c.call('GET', '/console/api/session', { session: { cookie: 'A'.repeat(43), csrfToken: '' }, csrf: false });
      assert.equal(madeUp.status, 401);
      const s = await c.signIn();
      const out = await c.call('DELETE', '/console/api/session', { session: s });
      assert.equal(out.status, 204, out.text);
      assert.equal(sessionCookieOf(out), '', 'the cookie is cleared');
      assert.ok(sessionCookieAttributes(out).some((a) => a.startsWith('expires=') || a === 'max-age=0'));
      const after = await c.call('GET', '/console/api/session', { session: s, csrf: false });
      assert.equal(after.status, 401);
      assert.equal((await c.call('GET', '/v2/rulesets', { session: s })).status, 401, 'revoked on the server, not only in the browser');
      const audit = await c.server.store.auditLogs.list(c.server.creds.orgId, {}, { limit: 5 });
      assert.equal(audit.items.find((r) => r.action === 'console.sign_out')?.source, 'console');
    });

    it('sign-out needs the CSRF token (403, the session lives on)', async () => {
      const s = await c.signIn();
      assert.equal((await c.call('DELETE', '/console/api/session', { session: s, csrf: false })).status, 403);
      assert.equal((await c.call('GET', '/console/api/session', { session: s, csrf: false })).status, 200);
    });

    it('an idle session ends after 30 minutes; activity keeps it alive until the absolute 12 hours', async () => {
      const s = await c.signIn();
      const start = c.clock.now;
      try {
        // Active every 20 minutes: alive through 11 h 40 min.
        for (let t = 20; t < 12 * 60; t += 20) {
          c.clock.now = start + t * MINUTE;
          if (t % 200 === 0 || t > 11 * 60) assert.equal((await c.call('GET', '/v2/rulesets', { session: s })).status, 200, `at ${t} min`);
          else await c.server.store.consoleSessions.authenticate(s.cookie, { idleMs: 30 * MINUTE, now: c.clock.now });
        }
        c.clock.now = start + 12 * 60 * MINUTE;
        assert.equal((await c.call('GET', '/v2/rulesets', { session: s })).status, 401, 'past the absolute end');

        const idle = await c.signIn();
        c.clock.now += 29 * MINUTE;
        assert.equal((await c.call('GET', '/console/api/session', { session: idle })).status, 200);
        c.clock.now += 31 * MINUTE;
        const res = await c.call('GET', '/console/api/session', { session: idle });
        assert.equal(res.status, 401);
        assert.match(res.json.errors[0], /expired or was signed out/);
        assert.equal(sessionCookieOf(res), '', 'an ended session clears its cookie');
      } finally {
        c.clock.now = Date.now();
      }
    });

    it('a password change ends every session of the user', async () => {
      const user = await c.addUser('user', `pw-${dialect}@example.com`);
      const s = await c.signIn(user.email);
      assert.equal((await c.call('GET', '/console/api/session', { session: s })).status, 200);
      await c.server.store.passwords.set(user.id, 'another-password');
      assert.equal((await c.call('GET', '/console/api/session', { session: s })).status, 401);
    });

    it('the organization switcher: to an organization of the user, not to another one', async () => {
      const { store, creds } = c.server;
      const user = await c.addUser('user', `switch-${dialect}@example.com`);
      const second = await store.organizations.create({ name: 'Second Org' });
      await store.memberships.upsert(second.id, user.id, 'reader');
      const foreign = await store.organizations.create({ name: 'Foreign Org' });
      const s = await c.signIn(user.email);
      assert.deepEqual(
        [...s.body.organizations].sort((a: any, b: any) => a.name.localeCompare(b.name)),
        [
          { id: second.id, name: 'Second Org', role: 'reader' },
          { id: creds.orgId, name: 'Test Org', role: 'user' },
        ],
      );

      for (const organizationId of [foreign.id, 'no-such-org']) {
        const refused = await c.call('PUT', '/console/api/session/organization', { session: s, json: { organizationId } });
        assert.equal(refused.status, 403, refused.text);
      }
      assert.equal((await c.call('PUT', '/console/api/session/organization', { session: s, json: {} })).status, 400);
      assert.equal((await c.call('GET', '/console/api/session', { session: s })).json.organizationId, creds.orgId, 'unchanged');

      const switched = await c.call('PUT', '/console/api/session/organization', { session: s, json: { organizationId: second.id } });
      assert.equal(switched.status, 200, switched.text);
      assert.equal(switched.json.organizationId, second.id);
      assert.equal(switched.json.role, 'reader');
      assert.equal(switched.json.csrfToken, s.csrfToken);
      const audit = await store.auditLogs.list(second.id, {}, { limit: 5 });
      assert.equal(audit.items[0]?.action, 'console.switch_organization');
      assert.equal(audit.items[0]?.source, 'console');
      // Now a reader of the second organization: its webhooks are readable, a write is refused.
      assert.equal((await c.call('GET', '/v2/integrations/webhooks', { session: s })).status, 200);
      assert.equal((await c.call('POST', '/v2/rulesets', { session: s, json: { name: 'x', description: 'x', rules: [] } })).status, 403);
    });

    it('failed sign-ins spend the budget POST /api/token spends: locked on one, locked on the other (429 + Retry-After)', async () => {
      const user = await c.addUser('user', `locked-${dialect}@example.com`);
      const { client } = await c.server.store.oauth.createClient({ orgId: c.server.creds.orgId, userId: c.server.creds.userId, name: 'T' });
      const token = (password: string) =>
        c.call('POST', '/api/token', { json: { grant_type: 'password', email: user.email, password, client_id: client.id } });
      assert.equal((await token('wrong-1')).status, 400);
      assert.equal((await token('wrong-2')).status, 400);
      assert.equal((await c.call('POST', '/console/api/session', { json: { email: user.email, password: 'wrong-3' } })).status, 401);
      const locked = await c.call('POST', '/console/api/session', { json: { email: user.email, password: PASSWORD } });
      assert.equal(locked.status, 429, locked.text);
      assert.ok(Number(locked.headers['retry-after']) >= 1);
      assert.match(locked.json.errors[0], /Too many failed sign-ins/);
      assert.equal(sessionCookieOf(locked), undefined);
      assert.equal((await token(PASSWORD)).status, 429, 'and /api/token is locked too');
    });
  });

  describe(`${dialect}: console cookies over https, and logs`, () => {
    const lines: string[] = [];
    let c: ConsoleServer;
    before(async () => {
      const stream = new Writable({
        write(chunk, _enc, done) {
          lines.push(String(chunk));
          done();
        },
      });
      c = await startConsole(dialect, { config: { publicUrl: 'https://vigil.example.com', logLevel: 'trace' }, logger: { level: 'trace', stream } });
    });
    after(() => c.close());

    it('the cookie is Secure when the console is public over https (VIGIL_PUBLIC_URL)', async () => {
      const res = await c.call('POST', '/console/api/session', { json: { email: c.email, password: PASSWORD } });
      assert.equal(res.status, 200);
      assert.deepEqual(sessionCookieAttributes(res).sort(), ['httponly', 'path=/', 'samesite=strict', 'secure']);
    });

    it('neither the password nor the session cookie nor the CSRF token reaches a log line', async () => {
      const s = await c.signIn();
      await c.call('GET', '/v2/rulesets', { session: s });
      await c.call('DELETE', '/console/api/session', { session: s });
      const log = lines.join('');
      assert.match(log, /\/console\/api\/session/, 'requests were logged');
      for (const secret of [PASSWORD, s.cookie, s.csrfToken]) assert.ok(!log.includes(secret), 'a secret in the logs');
    });
  });
}

function lockedAfter(failures: number) {
  return {
    accessTokenTtlSec: 3600,
    refreshTokenTtlSec: 86_400,
    loginFailuresPerAccount: failures,
    loginFailuresPerIp: 50,
    loginWindowSec: 900,
    consumeMaxItems: 2000,
  };
}
