/**
 * The console's session cookie on REST v1 (`/api/v1`) and TAXII 2.1 (`/taxii2`), on both databases, under
 * the rules it has on /v2 and /api: with no Authorization header the session's user in its organization,
 * with that membership's role; the CSRF token on every request; writes only from the console's origin; an
 * Authorization header decides alone; readers do not write; refused requests change nothing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DIALECTS } from '@vigil/store/testing';
import { agentFixture, otherOrganization } from './helpers/fixtures.js';
import { ORIGIN, startConsole, type BrowserSession, type ConsoleServer } from './console-support.js';

const TAXII = 'application/taxii+json;version=2.1';
const T0 = '2026-01-02T03:04:05.000Z';

for (const dialect of DIALECTS) {
  describe(`${dialect}: console sessions on /api/v1 and /taxii2`, () => {
    let c: ConsoleServer;
    let owner: BrowserSession;
    let reader: BrowserSession;
    let orgId: string;
    let inbox: string;
    const taxiiHeaders = { accept: TAXII };
    const sdo = () => ({
      objects: [{ type: 'indicator', spec_version: '2.1', id: `indicator--${randomUUID()}`, created: T0, modified: T0, pattern: "[domain-name:value = 'session.example']", pattern_type: 'stix', valid_from: T0 }],
    });
    const indicatorTotal = async () => (await c.call('GET', '/api/indicators?limit=1', { session: owner })).json.total as number;

    before(async () => {
      c = await startConsole(dialect);
      orgId = c.server.creds.orgId;
      owner = await c.signIn();
      reader = await c.signIn((await c.addUser('reader', `v1-reader-${dialect}@example.com`)).email);
      await c.server.store.agents.create(agentFixture(orgId, { hostname: `session-host-${dialect}` }));
      const collection = await c.call('POST', '/api/taxii/collections', { session: owner, headers: { origin: ORIGIN }, json: { title: 'Inbox', can_write: true } });
      assert.equal(collection.status, 201, collection.text);
      inbox = collection.json.data.id;
    });
    after(() => c.close());

    it('REST v1 reads as the session user in its organization, by any role', async () => {
      for (const s of [owner, reader]) {
        const res = await c.call('GET', '/api/v1/agents', { session: s });
        assert.equal(res.status, 200, res.text);
        assert.ok(res.json.some((a: any) => a.hostname === `session-host-${dialect}`), res.text);
      }
      const orgs = await c.call('GET', '/api/v1/organizations', { session: reader });
      assert.equal(orgs.status, 200, orgs.text);
      assert.deepEqual(orgs.json.map((o: any) => [o.id, o.role]), [[orgId, 'reader']]);
    });

    it('REST v1: no CSRF token or a wrong one is 403, no cookie is 401, an ended session is 401', async () => {
      for (const csrf of [false, 'wrong', reader.csrfToken] as const) {
        const res = await c.call('GET', '/api/v1/agents', { session: owner, csrf });
        assert.equal(res.status, 403, res.text);
        assert.deepEqual(res.json, { errors: ['Missing or invalid CSRF token'] });
      }
      assert.equal((await c.call('GET', '/api/v1/agents')).status, 401);
      const gone = await c.signIn();
      assert.equal((await c.call('DELETE', '/console/api/session', { session: gone, headers: { origin: ORIGIN } })).status, 204);
      assert.equal((await c.call('GET', '/api/v1/agents', { session: gone })).status, 401);
    });

    it('REST v1: an Authorization header decides alone, whatever the cookie', async () => {
      const bad = await c.call('GET', '/api/v1/agents', { session: owner, headers: { authorization: 'not-a-key' } });
      assert.equal(bad.status, 401, bad.text);
      const good = await c.call('GET', '/api/v1/agents', { session: owner, csrf: false, headers: { authorization: c.server.creds.apiKey } });
      assert.equal(good.status, 200, good.text);
    });

    it('TAXII: discovery, the API root and collections of the session organization only', async () => {
      const discovery = await c.call('GET', '/taxii2/', { session: reader, headers: taxiiHeaders });
      assert.equal(discovery.status, 200, discovery.text);
      assert.deepEqual(discovery.json.api_roots, [`http://localhost:80/taxii2/${orgId}/`]);
      const collections = await c.call('GET', `/taxii2/${orgId}/collections/`, { session: reader, headers: taxiiHeaders });
      assert.equal(collections.status, 200, collections.text);
      const listed = collections.json.collections.find((x: any) => x.id === inbox);
      assert.equal(listed.can_write, false, 'a reader cannot write');
      const asOwner = await c.call('GET', `/taxii2/${orgId}/collections/`, { session: owner, headers: taxiiHeaders });
      assert.equal(asOwner.json.collections.find((x: any) => x.id === inbox).can_write, true);
      const other = await otherOrganization(c.server.store);
      assert.equal((await c.call('GET', `/taxii2/${other.org.id}/collections/`, { session: owner, headers: taxiiHeaders })).status, 404);
    });

    it('TAXII: the owner adds objects from the console origin; refused without CSRF, from another origin, and for a reader', async () => {
      const before = await indicatorTotal();
      const path = `/taxii2/${orgId}/collections/${inbox}/objects/`;
      const headers = { ...taxiiHeaders, 'content-type': TAXII };
      const noCsrf = await c.call('POST', path, { session: owner, csrf: false, headers: { ...headers, origin: ORIGIN }, json: sdo() });
      assert.equal(noCsrf.status, 403, noCsrf.text);
      assert.equal(noCsrf.json.description, 'Missing or invalid CSRF token');
      const crossOrigin = await c.call('POST', path, { session: owner, headers: { ...headers, origin: 'https://evil.example' }, json: sdo() });
      assert.equal(crossOrigin.status, 403, crossOrigin.text);
      const asReader = await c.call('POST', path, { session: reader, headers: { ...headers, origin: ORIGIN }, json: sdo() });
      assert.equal(asReader.status, 403, asReader.text);
      assert.equal(await indicatorTotal(), before, 'nothing was added');
      const added = await c.call('POST', path, { session: owner, headers: { ...headers, origin: ORIGIN }, json: sdo() });
      assert.equal(added.status, 202, added.text);
      assert.equal(added.json.success_count, 1);
      assert.equal(await indicatorTotal(), before + 1);
      const audit = await c.server.store.auditLogs.list(orgId, { userId: c.server.creds.userId }, { limit: 1 });
      assert.equal(audit.items[0]?.source, 'console');
    });

    it('TAXII: no cookie and no Authorization is the TAXII 401 with its challenges', async () => {
      const res = await c.call('GET', '/taxii2/', { headers: taxiiHeaders });
      assert.equal(res.status, 401);
      assert.match(String(res.headers['www-authenticate']), /Basic realm="vigil-taxii"/);
    });
  });
}
