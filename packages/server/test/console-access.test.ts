/**
 * The console's session cookie on the same APIs every client uses, on both databases: REST v2 and the
 * ThreatQ API accept it when a request has no Authorization header, as the session's user in its
 * organization with that membership's role; every such request needs the CSRF token, writes from another
 * origin are refused, and a refused request changes nothing. Console writes are audited with source
 * `console`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '@vigil/store/testing';
import { ORIGIN, startConsole, type BrowserSession, type ConsoleServer } from './console-support.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: console sessions on /v2 and /api`, () => {
    let c: ConsoleServer;
    let owner: BrowserSession;
    let reader: BrowserSession;
    before(async () => {
      c = await startConsole(dialect);
      owner = await c.signIn();
      reader = await c.signIn((await c.addUser('reader', `reader-${dialect}@example.com`)).email);
    });
    after(() => c.close());

    const rulesetNames = async () => (await c.server.store.rulesets.list(c.server.creds.orgId)).map((r) => r.name);

    it('a REST v2 write as the signed-in owner, audited with source console, answered without Hawk signing', async () => {
      const res = await c.call('POST', '/v2/rulesets', { session: owner, json: { name: 'From the console', description: 'd' }, headers: { origin: ORIGIN } });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.headers['server-authorization'], undefined);
      assert.ok((await rulesetNames()).includes('From the console'));
      const audit = await c.server.store.auditLogs.list(c.server.creds.orgId, {}, { limit: 5 });
      const entry = audit.items.find((r) => r.description.includes('From the console') || r.action.includes('ruleset'));
      assert.equal(entry?.source, 'console');
      assert.equal(entry?.userId, c.server.creds.userId);
      const list = await c.call('GET', '/v2/rulesets', { session: owner });
      assert.equal(list.status, 200);
      assert.ok(list.json.rulesets.some((r: any) => r.name === 'From the console'));
    });

    it('CSRF: a missing or wrong X-CSRF-Token is 403 on reads and writes, and nothing changes', async () => {
      for (const csrf of [false, 'wrong', reader.csrfToken, owner.csrfToken.slice(0, -1)] as const) {
        const write = await c.call('POST', '/v2/rulesets', { session: owner, csrf, json: { name: `csrf-${String(csrf)}`, description: 'd' } });
        assert.equal(write.status, 403, write.text);
        assert.deepEqual(write.json, { errors: ['Missing or invalid CSRF token'] });
        const read = await c.call('GET', '/v2/rulesets', { session: owner, csrf });
        assert.equal(read.status, 403);
        const tq = await c.call('POST', '/api/indicators', { session: owner, csrf, json: { value: 'csrf.example.com', type: 'FQDN', status: 'Active' } });
        assert.equal(tq.status, 403);
      }
      assert.ok(!(await rulesetNames()).some((n) => n.startsWith('csrf-')));
      const indicators = await c.call('GET', '/api/indicators', { session: owner });
      assert.equal(indicators.status, 200, indicators.text);
      assert.equal(indicators.json.total, 0);
    });

    it('a write from another origin is 403 even with the CSRF token; the same origin passes', async () => {
      const crossOrigin: Array<Record<string, string>> = [{ origin: 'https://evil.example' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }];
      for (const headers of crossOrigin) {
        const res = await c.call('POST', '/v2/rulesets', { session: owner, headers, json: { name: 'cross-origin', description: 'd' } });
        assert.equal(res.status, 403, res.text);
        assert.deepEqual(res.json, { errors: ['Cross-origin requests are refused'] });
      }
      assert.ok(!(await rulesetNames()).includes('cross-origin'));
      const same = await c.call('DELETE', '/console/api/session', { session: await c.signIn(), headers: { origin: ORIGIN, 'sec-fetch-site': 'same-origin' } });
      assert.equal(same.status, 204);
    });

    it('a reader reads but gets 403 on a write, on /v2 and on /api', async () => {
      assert.equal((await c.call('GET', '/v2/rulesets', { session: reader })).status, 200);
      const v2 = await c.call('POST', '/v2/rulesets', { session: reader, json: { name: 'by a reader', description: 'd' } });
      assert.equal(v2.status, 403, v2.text);
      assert.equal((await c.call('GET', '/api/indicators', { session: reader })).status, 200);
      const tq = await c.call('POST', '/api/indicators', { session: reader, json: { value: 'reader.example.com', type: 'FQDN', status: 'Active' } });
      assert.equal(tq.status, 403, tq.text);
      assert.ok(!(await rulesetNames()).includes('by a reader'));
      assert.equal((await c.call('GET', '/api/indicators', { session: owner })).json.total, 0);
    });

    it('the ThreatQ API as the owner: an indicator created through the session', async () => {
      const res = await c.call('POST', '/api/indicators', { session: owner, json: { value: 'console.example.com', type: 'FQDN', status: 'Active' } });
      assert.ok(res.status === 200 || res.status === 201, res.text);
      const list = await c.call('GET', '/api/indicators', { session: owner });
      assert.deepEqual(list.json.data.map((i: any) => i.value), ['console.example.com']);
    });

    it('an Authorization header wins over the cookie: Hawk and bearer requests are checked as before', async () => {
      const hawk = await c.server.request('GET', '/v2/rulesets', { headers: { cookie: `vigil_session=${reader.cookie}` } });
      assert.equal(hawk.status, 200, hawk.text);
      assert.ok(hawk.headers.get('server-authorization'), 'signed as a Hawk answer');
      const bad = await c.call('GET', '/v2/rulesets', { session: owner, headers: { authorization: `Hawk id="nobody", ts="${Math.floor(Date.now() / 1000)}", nonce="abc", mac="bWFj"` } });
      assert.equal(bad.status, 401);
      const bearer = await c.call('GET', '/api/indicators', { session: owner, headers: { authorization: 'Bearer nope' } });
      assert.equal(bearer.status, 401);
      const consoleApi = await c.call('GET', '/console/api/session', { session: owner, headers: { authorization: 'Bearer nope' } });
      assert.equal(consoleApi.status, 401);
    });

    it('without a cookie the schemes answer as before; an ended session is 401 on /v2 and /api', async () => {
      assert.equal((await c.call('GET', '/v2/rulesets')).status, 401);
      assert.equal((await c.call('GET', '/api/indicators')).status, 401);
      const s = await c.signIn();
      await c.server.store.consoleSessions.revokeForUser(c.server.creds.userId);
      for (const path of ['/v2/rulesets', '/api/indicators']) {
        const res = await c.call('GET', path, { session: s });
        assert.equal(res.status, 401, path);
        assert.match(res.json.errors[0], /expired or was signed out/);
      }
      owner = await c.signIn();
    });

    it('a member removed from the organization loses the session there at once', async () => {
      const user = await c.addUser('user', `removed-${dialect}@example.com`);
      const s = await c.signIn(user.email);
      assert.equal((await c.call('GET', '/v2/rulesets', { session: s })).status, 200);
      await c.server.store.memberships.remove(c.server.creds.orgId, user.id);
      assert.equal((await c.call('GET', '/v2/rulesets', { session: s })).status, 401);
    });
  });
}
