/**
 * TAXII 2.1 writes over real HTTP on both databases: can_write on collections (admin API and the TAXII
 * listing per role), POST objects → 202 status resource → GET status → GET objects round trip, partial
 * failures, where writes land relative to the saved search, DELETE an object, the audit log, and the
 * refusals (401, 400, 403 reader and read-only, 404, 413, 415, another organization's status) that change
 * nothing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DIALECTS } from '@vigil/store/testing';
import { assertStixObject } from '@vigil/intel/testing';
import { otherOrganization, startThreatq, type ThreatqServer } from './threatq-support.js';

const TAXII = 'application/taxii+json;version=2.1';
const T0 = '2026-01-02T03:04:05.000Z';

const indicatorSdo = (pattern: string, extra: Record<string, unknown> = {}) => ({
  type: 'indicator',
  spec_version: '2.1',
  id: `indicator--${randomUUID()}`,
  created: T0,
  modified: T0,
  pattern,
  pattern_type: 'stix',
  valid_from: T0,
  ...extra,
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: TAXII 2.1 writes`, () => {
    let t: ThreatqServer;
    let token: string;
    let orgId: string;
    let inbox: string;
    let readOnly: string;
    let activeFqdn: string;
    let readerToken: string;

    async function taxii(path: string, options: { token?: string | null; method?: string; body?: string; contentType?: string } = {}) {
      const headers: Record<string, string> = { accept: TAXII };
      const bearer = options.token === undefined ? token : options.token;
      if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
      if (options.contentType) headers['content-type'] = options.contentType;
      const res = await fetch(t.server.url + path, { method: options.method ?? 'GET', headers, body: options.body });
      const text = await res.text();
      return { status: res.status, headers: res.headers, text, json: text ? JSON.parse(text) : undefined };
    }

    const post = (collection: string, objects: unknown[], options: { token?: string | null; contentType?: string } = {}) =>
      taxii(`/taxii2/${orgId}/collections/${collection}/objects/`, { method: 'POST', body: JSON.stringify({ objects }), contentType: TAXII, ...options });

    /** how many live indicators the organization has: refusals must leave it alone */
    async function indicatorCount(): Promise<number> {
      const res = await t.tq('GET', '/api/indicators?limit=1', { token });
      assert.equal(res.status, 200, res.text);
      return res.json.total;
    }

    before(async () => {
      t = await startThreatq(dialect);
      token = await t.login();
      orgId = t.server.creds.orgId;
      const seed = await t.tq('POST', '/api/indicators', { token, json: [{ value: 'old.example', type: 'FQDN', status: 'Whitelisted' }] });
      assert.equal(seed.status, 201, seed.text);
      const c1 = await t.tq('POST', '/api/taxii/collections', { token, json: { title: 'Inbox', can_write: true } });
      assert.equal(c1.status, 201, c1.text);
      assert.equal(c1.json.data.can_write, true);
      inbox = c1.json.data.id;
      const c2 = await t.tq('POST', '/api/taxii/collections', { token, json: { title: 'Read only' } });
      assert.equal(c2.json.data.can_write, false, 'default');
      readOnly = c2.json.data.id;
      const c3 = await t.tq('POST', '/api/taxii/collections', { token, json: { title: 'Active domains', type: 'FQDN', status: 'Active' } });
      activeFqdn = c3.json.data.id;
      const store = t.server.store;
      const reader = await store.users.create({ email: `reader-${randomUUID()}@example.com`, displayName: 'Reader' });
      await store.memberships.upsert(orgId, reader.id, 'reader');
      const pair = await store.oauth.issueTokens({ clientId: t.clientId, userId: reader.id, orgId, grantType: 'password', accessTtlSec: 3600, refreshTtlSec: 3600 });
      readerToken = pair.accessToken;
    });
    after(() => t.close());

    it('sets can_write through PATCH /api/taxii/collections/{id}: owners and users, not readers; validated', async () => {
      const patched = await t.tq('PATCH', `/api/taxii/collections/${activeFqdn}`, { token, json: { can_write: true } });
      assert.equal(patched.status, 200, patched.text);
      assert.equal(patched.json.data.can_write, true);
      for (const body of [{}, { can_write: 'yes' }, { can_write: true, title: 'x' }]) {
        assert.equal((await t.tq('PATCH', `/api/taxii/collections/${readOnly}`, { token, json: body })).status, 400, JSON.stringify(body));
      }
      assert.equal((await t.tq('PATCH', `/api/taxii/collections/${readOnly}`, { token: readerToken, json: { can_write: true } })).status, 403);
      const store = t.server.store;
      const member = await store.users.create({ email: `user-${randomUUID()}@example.com`, displayName: 'User' });
      await store.memberships.upsert(orgId, member.id, 'user');
      const userToken = (await store.oauth.issueTokens({ clientId: t.clientId, userId: member.id, orgId, grantType: 'password', accessTtlSec: 3600, refreshTtlSec: 3600 })).accessToken;
      const byUser = await t.tq('PATCH', `/api/taxii/collections/${readOnly}`, { token: userToken, json: { can_write: false } });
      assert.equal(byUser.status, 200, byUser.text);
      assert.equal((await t.tq('POST', '/api/taxii/collections', { token: userToken, json: { title: 'x', can_write: true } })).status, 403, 'creating stays with owners');
      const other = await otherOrganization(t);
      assert.equal((await t.tq('PATCH', `/api/taxii/collections/${readOnly}`, { token: other.token, json: { can_write: true } })).status, 404);
      assert.equal((await t.tq('PATCH', `/api/taxii/collections/${randomUUID()}`, { token, json: { can_write: true } })).status, 404);
      const list = await t.tq('GET', '/api/taxii/collections', { token });
      assert.deepEqual(list.json.data.map((c: any) => [c.title, c.can_write]), [['Inbox', true], ['Read only', false], ['Active domains', true]], 'the refusals changed nothing');
    });

    it("shows can_write per caller: a reader's role cannot write", async () => {
      const owner = await taxii(`/taxii2/${orgId}/collections/`);
      assert.deepEqual(owner.json.collections.map((c: any) => c.can_write), [true, false, true]);
      const reader = await taxii(`/taxii2/${orgId}/collections/`, { token: readerToken });
      assert.deepEqual(reader.json.collections.map((c: any) => c.can_write), [false, false, false]);
      assert.equal((await taxii(`/taxii2/${orgId}/collections/${inbox}/`, { token: readerToken })).json.can_write, false);
      assert.equal((await taxii(`/taxii2/${orgId}/collections/${inbox}/`)).json.can_write, true);
    });

    it('adds objects: 202 with a complete status, partial failures, readable back and by status id', async () => {
      const ip = indicatorSdo("[ipv4-addr:value = '203.0.113.7']", { description: 'pushed', modified: '2026-01-03T00:00:00.000Z' });
      const domain = { type: 'domain-name', spec_version: '2.1', id: `domain-name--${randomUUID()}`, value: 'pushed.example' };
      const noPattern = { ...indicatorSdo('x'), pattern: undefined };
      const malware = { type: 'malware', spec_version: '2.1', id: `malware--${randomUUID()}`, created: T0, modified: T0, name: 'x', is_family: false };
      const badValue = indicatorSdo("[ipv4-addr:value = '999.1.1.1']");
      const badPattern = indicatorSdo('[ipv4-addr:value = ');
      const res = await post(inbox, [ip, domain, noPattern, malware, 5, badValue, badPattern]);
      assert.equal(res.status, 202, res.text);
      assert.equal(res.headers.get('content-type'), TAXII);
      const status = res.json;
      assert.match(status.id, /^[0-9a-f-]{36}$/);
      assert.equal(status.status, 'complete');
      assert.match(status.request_timestamp, /^\d{4}-\d{2}-\d{2}T.*Z$/);
      assert.deepEqual([status.total_count, status.success_count, status.failure_count, status.pending_count], [7, 2, 5, 0]);
      assert.deepEqual(status.successes.map((s: any) => s.id), [ip.id, domain.id]);
      assert.equal(status.successes[0].version, '2026-01-03T00:00:00.000Z');
      assert.match(status.successes[0].message, /^stored as indicator--/);
      assert.deepEqual(status.failures.map((f: any) => f.id), [noPattern.id, malware.id, 'objects[4]', badValue.id, badPattern.id]);
      for (const f of status.failures) assert.ok(typeof f.message === 'string' && f.message.length > 0 && typeof f.version === 'string', JSON.stringify(f));
      assert.match(status.failures[0].message, /pattern/);
      assert.match(status.failures[1].message, /malware/);
      assert.deepEqual(status.pendings, []);

      const again = await taxii(`/taxii2/${orgId}/status/${status.id}/`);
      assert.equal(again.status, 200);
      assert.equal(again.headers.get('content-type'), TAXII);
      assert.deepEqual(again.json, status);
      assert.equal((await taxii(`/taxii2/${orgId}/status/${status.id.toUpperCase()}/`)).status, 200);
      assert.equal((await taxii(`/taxii2/${orgId}/status/${status.id}/`, { token: readerToken })).status, 200, 'any member reads statuses');

      const objects = await taxii(`/taxii2/${orgId}/collections/${inbox}/objects/`);
      assert.equal(objects.status, 200);
      const byName = new Map(objects.json.objects.map((o: any) => [o.name, o]));
      const served: any = byName.get('203.0.113.7');
      assert.ok(served, 'the IP is in the collection');
      assertStixObject(served);
      assert.equal(served.pattern, "[ipv4-addr:value = '203.0.113.7']");
      assert.equal(served.description, 'pushed');
      assert.equal(served.valid_from, T0);
      assert.equal(status.successes[0].message, `stored as ${served.id}`);
      assert.ok(byName.get('pushed.example'), 'the observable became an indicator');
      assert.equal(byName.size, 3, 'old.example plus the two added; nothing of the failures');

      // The id the client sent finds the object too (GET one, match[id], versions).
      const one = await taxii(`/taxii2/${orgId}/collections/${inbox}/objects/${ip.id}/`);
      assert.equal(one.status, 200, one.text);
      assert.deepEqual(one.json.objects, [served]);
      const matched = await taxii(`/taxii2/${orgId}/collections/${inbox}/objects/?match[id]=${domain.id}`);
      assert.deepEqual(matched.json.objects.map((o: any) => o.name), ['pushed.example']);
      const indicator = await t.tq('GET', '/api/indicators?value=203.0.113.7&with=status', { token });
      assert.equal(indicator.json.total, 1);
      assert.equal(indicator.json.data[0].status.name, 'Review', 'new indicators of a collection without a status filter are put up for review');
    });

    it("lands writes inside the collection's saved search, and says when an existing indicator stays outside", async () => {
      const fresh = indicatorSdo("[domain-name:value = 'fresh.example']");
      const old = indicatorSdo("[domain-name:value = 'old.example']");
      const ip = indicatorSdo("[ipv4-addr:value = '203.0.113.8']");
      const res = await post(activeFqdn, [fresh, old, ip]);
      assert.equal(res.status, 202, res.text);
      assert.deepEqual(res.json.successes.map((s: any) => s.id), [fresh.id, old.id]);
      assert.doesNotMatch(res.json.successes[0].message, /another status/);
      assert.match(res.json.successes[1].message, /another status than Active/);
      assert.deepEqual(res.json.failures.map((f: any) => f.id), [ip.id]);
      assert.match(res.json.failures[0].message, /holds FQDN/);
      const objects = await taxii(`/taxii2/${orgId}/collections/${activeFqdn}/objects/`);
      assert.deepEqual(objects.json.objects.map((o: any) => o.name), ['fresh.example']);
      const kept = await t.tq('GET', '/api/indicators?value=old.example&with=status', { token });
      assert.equal(kept.json.data[0].status.name, 'Whitelisted', 'an existing indicator keeps its status');
      assert.equal((await t.tq('GET', '/api/indicators?value=203.0.113.8', { token })).json.total, 0, 'the failure stored nothing');
    });

    it('refuses with 415, 400, 401, 403, 404 and 413 and stores nothing', async () => {
      const before = await indicatorCount();
      const object = indicatorSdo("[ipv4-addr:value = '198.51.100.99']");
      const body = JSON.stringify({ objects: [object] });
      const path = `/taxii2/${orgId}/collections/${inbox}/objects/`;
      for (const contentType of ['application/json', 'application/taxii+json;version=2.0', 'application/stix+json;version=2.1']) {
        const res = await taxii(path, { method: 'POST', body, contentType });
        assert.equal(res.status, 415, contentType);
        assert.equal(res.headers.get('content-type'), TAXII);
        assert.equal(res.json.http_status, '415');
      }
      assert.equal((await taxii(path, { method: 'POST', body: 'x', contentType: 'text/plain' })).status, 415);
      for (const bad of ['{"objects": [', '[]', '{}', '{"objects": 5}', '{"objects": {"a": 1}}', 'null', '5']) {
        const res = await taxii(path, { method: 'POST', body: bad, contentType: TAXII });
        assert.equal(res.status, 400, bad);
        assert.equal(res.json.http_status, '400');
        assert.equal(res.headers.get('content-type'), TAXII);
        if (bad === '{"objects": [') continue; // not JSON
        assert.deepEqual([res.json.title, res.json.description], ['Bad request', 'The body must be a TAXII envelope: {"objects": [...]}'], bad);
      }
      // The collection, the media type and the caller's right to write are checked before the envelope.
      const notEnvelope = '{"objects": 5}';
      assert.equal((await taxii(path, { method: 'POST', body: notEnvelope, contentType: 'application/json' })).status, 415);
      assert.equal((await taxii(`/taxii2/${orgId}/collections/${randomUUID()}/objects/`, { method: 'POST', body: notEnvelope, contentType: TAXII })).status, 404);
      assert.equal((await taxii(`/taxii2/${orgId}/collections/${readOnly}/objects/`, { method: 'POST', body: notEnvelope, contentType: TAXII })).status, 403);
      assert.equal((await taxii(path, { method: 'POST', body: notEnvelope, contentType: TAXII, token: readerToken })).status, 403);
      assert.equal((await taxii(path, { method: 'POST', body, contentType: TAXII, token: null })).status, 401);
      const reader = await post(inbox, [object], { token: readerToken });
      assert.equal(reader.status, 403);
      assert.match(reader.json.description, /Readers/);
      const notWritable = await post(readOnly, [object]);
      assert.equal(notWritable.status, 403);
      assert.match(notWritable.json.description, /read-only/);
      assert.equal((await post(randomUUID(), [object])).status, 404);
      assert.equal((await post('not-a-uuid', [object])).status, 404);
      const other = await otherOrganization(t);
      assert.equal((await post(inbox, [object], { token: other.token })).status, 404, "another organization's API root");
      const huge = JSON.stringify({ objects: [{ ...object, description: 'x'.repeat(t.server.config.bodyLimit) }] });
      const tooLarge = await taxii(path, { method: 'POST', body: huge, contentType: TAXII });
      assert.equal(tooLarge.status, 413);
      assert.equal(tooLarge.json.http_status, '413');
      assert.equal(tooLarge.headers.get('content-type'), TAXII);
      const root = await taxii(`/taxii2/${orgId}/`);
      assert.equal(root.json.max_content_length, t.server.config.bodyLimit, 'the advertised limit is the one enforced');
      assert.equal(await indicatorCount(), before, 'no refusal stored anything');
    });

    it("answers 413 for more objects than one request may carry", async () => {
      const objects = Array.from({ length: t.server.config.threatq.consumeMaxItems + 1 }, (_, i) => ({
        type: 'ipv4-addr',
        spec_version: '2.1',
        id: `ipv4-addr--${randomUUID()}`,
        value: `10.9.${Math.floor(i / 250)}.${i % 250}`,
      }));
      const before = await indicatorCount();
      const res = await post(inbox, objects);
      assert.equal(res.status, 413, res.text);
      assert.equal(await indicatorCount(), before);
    });

    it("hides another organization's status and unknown ones (404)", async () => {
      const res = await post(inbox, [indicatorSdo("[ipv4-addr:value = '198.51.100.50']")]);
      assert.equal(res.status, 202);
      const id = res.json.id;
      const other = await otherOrganization(t);
      assert.equal((await taxii(`/taxii2/${other.orgId}/status/${id}/`, { token: other.token })).status, 404, 'own root, foreign status id');
      assert.equal((await taxii(`/taxii2/${orgId}/status/${id}/`, { token: other.token })).status, 404, 'foreign root');
      for (const unknown of [randomUUID(), 'nope', 'x'.repeat(36)]) {
        const miss = await taxii(`/taxii2/${orgId}/status/${unknown}/`);
        assert.equal(miss.status, 404, unknown);
        assert.equal(miss.json.http_status, '404');
      }
      assert.equal((await taxii(`/taxii2/${orgId}/status/${id}/`)).status, 200, 'still there for its organization');
    });

    it('keeps statuses for seven days and prunes older ones on the next write', async () => {
      const store = t.server.store;
      const old = { id: randomUUID(), status: 'complete' as const, request_timestamp: T0, total_count: 0, success_count: 0, failure_count: 0, pending_count: 0, successes: [], failures: [], pendings: [] };
      const now = Date.now();
      await store.taxiiStatus.save(orgId, inbox, old, now - 8 * 86_400_000);
      assert.equal(await store.taxiiStatus.get(orgId, old.id, now), undefined, 'past the retention');
      assert.deepEqual(await store.taxiiStatus.get(orgId, old.id, now - 8 * 86_400_000), old, 'served while young');
      const recent = { ...old, id: randomUUID() };
      await store.taxiiStatus.save(orgId, inbox, recent, now);
      assert.equal(await store.taxiiStatus.get(orgId, old.id, now - 8 * 86_400_000), undefined, 'pruned by the later save');
      assert.deepEqual(await store.taxiiStatus.get(orgId, recent.id, now), recent);
      assert.equal(await store.taxiiStatus.get('another-org', recent.id, now), undefined);
    });

    it('deletes objects by the id it was added with or the id Vigil serves; 403 and 404 as for adds', async () => {
      const a = indicatorSdo("[ipv4-addr:value = '192.0.2.10' OR ipv4-addr:value = '192.0.2.11']");
      const b = indicatorSdo("[ipv4-addr:value = '192.0.2.12']");
      const added = await post(inbox, [a, b]);
      assert.equal(added.json.success_count, 2, added.text);
      const objectPath = (collection: string, id: string) => `/taxii2/${orgId}/collections/${collection}/objects/${id}/`;
      const before = await indicatorCount();

      assert.equal((await taxii(objectPath(inbox, a.id), { method: 'DELETE', token: readerToken })).status, 403);
      assert.equal((await taxii(objectPath(readOnly, a.id), { method: 'DELETE' })).status, 403);
      assert.equal((await taxii(objectPath(activeFqdn, a.id), { method: 'DELETE' })).status, 404, 'not in that collection');
      assert.equal((await taxii(objectPath(inbox, `indicator--${randomUUID()}`), { method: 'DELETE' })).status, 404);
      assert.equal((await taxii(objectPath(randomUUID(), a.id), { method: 'DELETE' })).status, 404);
      const other = await otherOrganization(t);
      assert.equal((await taxii(objectPath(inbox, a.id), { method: 'DELETE', token: other.token })).status, 404);
      assert.equal(await indicatorCount(), before, 'the refusals deleted nothing');

      const deleted = await taxii(objectPath(inbox, a.id), { method: 'DELETE' });
      assert.equal(deleted.status, 200, deleted.text);
      assert.equal(await indicatorCount(), before - 2, 'both values of the pattern');
      assert.equal((await taxii(objectPath(inbox, a.id))).status, 404);
      assert.equal((await taxii(objectPath(inbox, a.id), { method: 'DELETE' })).status, 404, 'already deleted');
      assert.equal((await t.tq('GET', '/api/indicators?value=192.0.2.10', { token })).json.total, 0);

      const served = (await taxii(`/taxii2/${orgId}/collections/${inbox}/objects/?match[id]=${b.id}`)).json.objects[0];
      assert.notEqual(served.id, b.id);
      assert.equal((await taxii(objectPath(inbox, served.id), { method: 'DELETE' })).status, 200);
      assert.equal((await taxii(objectPath(inbox, b.id))).status, 404);
      assert.equal(await indicatorCount(), before - 3);
    });

    it('records writes in the audit log', async () => {
      const page = await t.server.store.auditLogs.list(orgId, {}, { limit: 200 });
      const actions = page.items.map((r) => r.action);
      assert.ok(actions.includes('taxii.add_objects'), actions.join());
      assert.ok(actions.includes('taxii.delete_object'));
      assert.ok(actions.includes('taxii_collections.update'));
      const add = page.items.find((r) => r.action === 'taxii.add_objects' && (r.context as any).failures === 5)!;
      assert.ok(add, 'the partial add');
      assert.equal(add.crud, 'create');
      assert.equal((add.context as any).collection, inbox);
      assert.equal((add.context as any).successes, 2);
      assert.equal(add.userId, t.server.creds.userId);
      const del = page.items.find((r) => r.action === 'taxii.delete_object')!;
      assert.equal(del.crud, 'delete');
      assert.equal(page.items.filter((r) => r.action.startsWith('taxii.') && r.userId !== t.server.creds.userId).length, 0, 'refused writes are not audited');
    });

    it('documents the write routes in /openapi.json', async () => {
      const doc = (await t.tq('GET', '/openapi.json')).json;
      const ops: Array<[string, string]> = [
        ['/taxii2/{root}/collections/{id}/objects/', 'post'],
        ['/taxii2/{root}/status/{statusId}/', 'get'],
        ['/taxii2/{root}/collections/{id}/objects/{objectId}/', 'delete'],
      ];
      for (const [path, method] of ops) {
        const op = doc.paths[path]?.[method];
        assert.deepEqual(op?.tags, ['TAXII 2.1'], `${method} ${path}`);
        assert.deepEqual(op.security, [{ taxiiBasic: [] }, { threatqBearer: [] }]);
        assert.ok(op.description.length > 20);
      }
      const add = doc.paths['/taxii2/{root}/collections/{id}/objects/'].post;
      assert.ok(add.responses['202']);
      // The envelope the route validates is the one documented.
      const envelope = add.requestBody?.content?.['application/taxii+json;version=2.1']?.schema;
      assert.equal(envelope?.type, 'object', JSON.stringify(add.requestBody));
      assert.deepEqual(envelope.required, ['objects']);
      assert.equal(envelope.properties.objects.type, 'array');
      assert.deepEqual(doc.paths['/api/taxii/collections/{id}']?.patch?.tags, ['TAXII 2.1']);
    });
  });
}
