/**
 * The TAXII 2.1 server over real HTTP on both databases: discovery, API roots per organization,
 * collections managed through /api/taxii/collections, objects with added_after/limit/next paging and the
 * X-TAXII-Date-Added headers, manifest, single objects and versions; Basic (email:password and
 * client_id:client_secret) and Bearer authentication; 401/403/404/406/415 and 400 for bad parameters.
 * No npm TAXII 2.1 client exists (reference §3.3), so the client here is plain fetch.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '@vigil/store/testing';
import { assertStixObject } from '@vigil/intel/testing';
import { otherOrganization, PASSWORD, startThreatq, type ThreatqServer } from './threatq-support.js';

const TAXII = 'application/taxii+json;version=2.1';
const STIX = 'application/stix+json;version=2.1';

for (const dialect of DIALECTS) {
  describe(`${dialect}: TAXII 2.1 server`, () => {
    let t: ThreatqServer;
    let token: string;
    let orgId: string;
    let all: string;
    let activeFqdn: string;
    let basic: string;

    async function taxii(path: string, options: { auth?: string | null; accept?: string | null; method?: string; body?: string; contentType?: string } = {}) {
      const headers: Record<string, string> = {};
      const auth = options.auth === undefined ? `Bearer ${token}` : options.auth;
      if (auth !== null) headers.authorization = auth;
      const accept = options.accept === undefined ? TAXII : options.accept;
      if (accept !== null) headers.accept = accept;
      if (options.contentType) headers['content-type'] = options.contentType;
      const res = await fetch(t.server.url + path, { method: options.method ?? 'GET', headers, body: options.body });
      const text = await res.text();
      return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
    }

    before(async () => {
      t = await startThreatq(dialect);
      token = await t.login();
      orgId = t.server.creds.orgId;
      basic = `Basic ${Buffer.from(`${t.email}:${PASSWORD}`).toString('base64')}`;
      const seed = await t.tq('POST', '/api/indicators', {
        token,
        json: [
          { value: '198.51.100.3', type: 'IP Address', status: 'Active' },
          { value: 'one.example', type: 'FQDN', status: 'Active' },
          { value: 'two.example', type: 'FQDN', status: 'Review' },
          { value: 'd41d8cd98f00b204e9800998ecf8427e', type: 'MD5', status: 'Active' },
          { value: 'CVE-2021-44228', type: 'CVE', status: 'Active' },
        ],
      });
      assert.equal(seed.status, 201, seed.text);
      const c1 = await t.tq('POST', '/api/taxii/collections', { token, json: { title: 'Everything', description: 'all indicators' } });
      assert.equal(c1.status, 201, c1.text);
      all = c1.json.data.id;
      assert.equal(c1.json.data.url, `/taxii2/${orgId}/collections/${all}/`);
      const c2 = await t.tq('POST', '/api/taxii/collections', { token, json: { title: 'Active domains', type: 'FQDN', status_id: 1 } });
      assert.equal(c2.status, 201, c2.text);
      activeFqdn = c2.json.data.id;
    });
    after(() => t.close());

    it('answers discovery and the API root with the TAXII media type', async () => {
      const discovery = await taxii('/taxii2/');
      assert.equal(discovery.status, 200);
      assert.equal(discovery.headers.get('content-type'), TAXII);
      assert.equal(discovery.json.title, 'Vigil TAXII 2.1');
      assert.deepEqual(discovery.json.api_roots, [`${t.server.url}/taxii2/${orgId}/`]);
      assert.equal(discovery.json.default, discovery.json.api_roots[0]);
      const root = await taxii(`/taxii2/${orgId}/`);
      assert.equal(root.status, 200);
      assert.equal(root.headers.get('content-type'), TAXII);
      assert.deepEqual(root.json.versions, [TAXII]);
      assert.ok(Number.isInteger(root.json.max_content_length));
    });

    it('lists collections and gets one', async () => {
      const list = await taxii(`/taxii2/${orgId}/collections/`);
      assert.equal(list.status, 200);
      assert.deepEqual(list.json.collections.map((c: any) => c.title), ['Everything', 'Active domains']);
      for (const c of list.json.collections) {
        assert.equal(c.can_read, true);
        assert.equal(c.can_write, false);
        assert.deepEqual(c.media_types, [STIX]);
      }
      const one = await taxii(`/taxii2/${orgId}/collections/${all}/`);
      assert.deepEqual([one.json.id, one.json.description], [all, 'all indicators']);
      const admin = await t.tq('GET', '/api/taxii/collections', { token });
      assert.equal(admin.json.total, 2);
    });

    it('serves the collection as indicator SDOs that follow the spec, filtered by the saved search', async () => {
      const res = await taxii(`/taxii2/${orgId}/collections/${all}/objects/`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), TAXII);
      assert.equal(res.json.more, false);
      assert.equal(res.json.next, undefined);
      assert.equal(res.json.objects.length, 5, 'every type has a pattern (CVE on x-vigil-cve)');
      assert.ok(res.json.objects.some((o: any) => o.pattern === "[x-vigil-cve:value = 'CVE-2021-44228']"));
      for (const object of res.json.objects) assertStixObject(object);
      const fqdn = await taxii(`/taxii2/${orgId}/collections/${activeFqdn}/objects/`);
      assert.deepEqual(fqdn.json.objects.map((o: any) => o.pattern), ["[domain-name:value = 'one.example']"]);
    });

    it('pages with limit and next, with X-TAXII-Date-Added headers matching the manifest', async () => {
      const manifest = await taxii(`/taxii2/${orgId}/collections/${all}/manifest/`);
      assert.equal(manifest.status, 200);
      assert.equal(manifest.json.objects.length, 5);
      for (const entry of manifest.json.objects) {
        assert.match(entry.id, /^indicator--/);
        assert.equal(entry.media_type, STIX);
        assert.match(entry.date_added, /Z$/);
        assert.match(entry.version, /Z$/);
      }
      const seen: string[] = [];
      let next: string | undefined;
      let pages = 0;
      do {
        const res = await taxii(`/taxii2/${orgId}/collections/${all}/objects/?limit=3${next ? `&next=${next}` : ''}`);
        assert.equal(res.status, 200);
        pages++;
        assert.ok(res.json.objects.length <= 3);
        const entries = manifest.json.objects.filter((m: any) => res.json.objects.some((o: any) => o.id === m.id));
        assert.equal(res.headers.get('x-taxii-date-added-first'), entries[0].date_added);
        assert.equal(res.headers.get('x-taxii-date-added-last'), entries[entries.length - 1].date_added);
        seen.push(...res.json.objects.map((o: any) => o.id));
        assert.equal(res.json.more, res.json.next !== undefined);
        next = res.json.next;
      } while (next);
      assert.equal(pages, 2);
      assert.deepEqual(seen, manifest.json.objects.map((m: any) => m.id));
      const limited = await taxii(`/taxii2/${orgId}/collections/${all}/objects/?limit=999999`);
      assert.equal(limited.status, 200, 'a limit above the maximum is clamped');
    });

    it('filters by added_after: an updated indicator is added again', async () => {
      const before = await taxii(`/taxii2/${orgId}/collections/${all}/objects/`);
      const last = before.headers.get('x-taxii-date-added-last')!;
      const empty = await taxii(`/taxii2/${orgId}/collections/${all}/objects/?added_after=${last}`);
      assert.deepEqual(empty.json.objects, []);
      assert.equal(empty.headers.get('x-taxii-date-added-first'), null);
      const found = await t.tq('GET', '/api/indicators?value=two.example', { token });
      const updated = await t.tq('PUT', `/api/indicators/${found.json.data[0].id}`, { token, json: { description: 'changed' } });
      assert.equal(updated.status, 200, updated.text);
      const after = await taxii(`/taxii2/${orgId}/collections/${all}/objects/?added_after=${last}`);
      assert.deepEqual(after.json.objects.map((o: any) => [o.name, o.description]), [['two.example', 'changed']]);
    });

    it('gets one object, its versions, and filters by match[id], match[type], match[version] and match[spec_version]', async () => {
      const list = await taxii(`/taxii2/${orgId}/collections/${all}/objects/`);
      const target = list.json.objects.find((o: any) => o.name === 'one.example');
      const one = await taxii(`/taxii2/${orgId}/collections/${all}/objects/${target.id}/`);
      assert.equal(one.status, 200);
      assert.deepEqual(one.json.objects, [target]);
      const versions = await taxii(`/taxii2/${orgId}/collections/${all}/objects/${target.id}/versions/`);
      assert.deepEqual(versions.json, { more: false, versions: [target.modified] });
      const byId = await taxii(`/taxii2/${orgId}/collections/${all}/objects/?match[id]=${target.id}`);
      assert.deepEqual(byId.json.objects.map((o: any) => o.id), [target.id]);
      assert.equal((await taxii(`/taxii2/${orgId}/collections/${all}/objects/?match[type]=file`)).json.objects.length, 0);
      assert.equal((await taxii(`/taxii2/${orgId}/collections/${all}/objects/?match[type]=indicator,file`)).json.objects.length, 5);
      assert.equal((await taxii(`/taxii2/${orgId}/collections/${all}/objects/?match[spec_version]=2.0`)).json.objects.length, 0);
      const sameVersion = list.json.objects.filter((o: any) => o.modified === target.modified).map((o: any) => o.id).sort();
      const byVersion = await taxii(`/taxii2/${orgId}/collections/${all}/objects/?match[version]=${target.modified}`);
      assert.deepEqual(byVersion.json.objects.map((o: any) => o.id).sort(), sameVersion);
      assert.ok(sameVersion.length < list.json.objects.length, 'the updated indicator has another version');
      assert.equal((await taxii(`/taxii2/${orgId}/collections/${all}/objects/?match[version]=all`)).json.objects.length, 5);
      const missing = 'indicator--00000000-0000-5000-8000-000000000000';
      const notFound = await taxii(`/taxii2/${orgId}/collections/${all}/objects/${missing}/`);
      assert.equal(notFound.status, 404);
      assert.equal(notFound.headers.get('content-type'), TAXII);
      assert.equal(notFound.json.http_status, '404');
      assert.equal((await taxii(`/taxii2/${orgId}/collections/${activeFqdn}/objects/${list.json.objects.find((o: any) => o.name === '198.51.100.3').id}/`)).status, 404, 'not in that collection');
    });

    it('accepts Basic email:password and client_id:client_secret, and Bearer; refuses the rest with 401', async () => {
      assert.equal((await taxii('/taxii2/', { auth: basic })).status, 200);
      const client = `Basic ${Buffer.from(`${t.clientId}:${t.clientSecret}`).toString('base64')}`;
      const viaClient = await taxii(`/taxii2/${orgId}/collections/${all}/objects/`, { auth: client });
      assert.equal(viaClient.status, 200);
      assert.equal(viaClient.json.objects.length, 5);
      for (const auth of [null, `Basic ${Buffer.from(`${t.email}:wrong-password`).toString('base64')}`, `Basic ${Buffer.from(`${t.clientId}:nope`).toString('base64')}`, 'Bearer nope', 'Digest x', 'Basic !!!']) {
        const res = await taxii('/taxii2/', { auth });
        assert.equal(res.status, 401, String(auth));
        assert.equal(res.headers.get('content-type'), TAXII);
        assert.match(res.headers.get('www-authenticate')!, /Basic/);
        assert.equal(res.json.http_status, '401');
      }
    });

    it("hides other organizations' API roots and collections (404)", async () => {
      const other = await otherOrganization(t);
      const otherAuth = `Bearer ${other.token}`;
      const discovery = await taxii('/taxii2/', { auth: otherAuth });
      assert.deepEqual(discovery.json.api_roots, [`${t.server.url}/taxii2/${other.orgId}/`]);
      assert.equal((await taxii(`/taxii2/${orgId}/`, { auth: otherAuth })).status, 404);
      assert.equal((await taxii(`/taxii2/${orgId}/collections/${all}/objects/`, { auth: otherAuth })).status, 404);
      assert.equal((await taxii(`/taxii2/${other.orgId}/collections/${all}/`, { auth: otherAuth })).status, 404);
      assert.equal((await taxii(`/taxii2/${other.orgId}/collections/`, { auth: otherAuth })).json.collections.length, 0);
      assert.equal((await taxii(`/taxii2/nope/`)).status, 404);
      const unknownPath = await taxii(`/taxii2/${orgId}/status/x/y/`);
      assert.equal(unknownPath.status, 404);
      assert.equal(unknownPath.headers.get('content-type'), TAXII);
      assert.equal((await taxii(`/taxii2/${orgId}/collections/not-a-uuid/`)).status, 404);
      assert.equal((await t.tq('DELETE', `/api/taxii/collections/${all}`, { token: other.token })).status, 404);
      assert.equal((await taxii(`/taxii2/${orgId}/collections/${all}/`)).status, 200, 'still there');
    });

    it('negotiates media types: 406 for another Accept, 415 and 403 for writes', async () => {
      for (const accept of ['application/json', 'application/taxii+json;version=2.0', 'text/html']) {
        const res = await taxii('/taxii2/', { accept });
        assert.equal(res.status, 406, accept);
        assert.equal(res.headers.get('content-type'), TAXII);
      }
      for (const accept of [null, '*/*', 'application/taxii+json', 'application/json, application/taxii+json;version=2.1']) {
        assert.equal((await taxii('/taxii2/', { accept })).status, 200, String(accept));
      }
      const envelope = JSON.stringify({ objects: [] });
      const wrongType = await taxii(`/taxii2/${orgId}/collections/${all}/objects/`, { method: 'POST', body: envelope, contentType: 'application/json' });
      assert.equal(wrongType.status, 415);
      const readOnly = await taxii(`/taxii2/${orgId}/collections/${all}/objects/`, { method: 'POST', body: envelope, contentType: TAXII });
      assert.equal(readOnly.status, 403);
      assert.equal(readOnly.json.http_status, '403');
    });

    it('refuses bad paging parameters with 400', async () => {
      for (const query of ['limit=0', 'limit=-3', 'limit=abc', 'next=garbage', 'added_after=yesterday', 'added_after=2026-01-01%2000:00:00', 'match[version]=newest']) {
        const res = await taxii(`/taxii2/${orgId}/collections/${all}/objects/?${query}`);
        assert.equal(res.status, 400, query);
        assert.equal(res.json.http_status, '400');
        assert.equal((await taxii(`/taxii2/${orgId}/collections/${all}/manifest/?${query}`)).status, 400, `manifest ${query}`);
      }
    });

    it('documents the TAXII and collection routes in /openapi.json', async () => {
      const doc = (await t.tq('GET', '/openapi.json')).json;
      for (const path of ['/taxii2', '/taxii2/{root}/', '/taxii2/{root}/collections/', '/taxii2/{root}/collections/{id}/objects/', '/taxii2/{root}/collections/{id}/manifest/', '/taxii2/{root}/collections/{id}/objects/{objectId}/versions/']) {
        assert.deepEqual(doc.paths[path]?.get?.tags, ['TAXII 2.1'], path);
        assert.deepEqual(doc.paths[path].get.security, [{ taxiiBasic: [] }, { threatqBearer: [] }]);
      }
      assert.equal(doc.components.securitySchemes.taxiiBasic.scheme, 'basic');
      for (const [path, method] of [['/api/taxii/collections', 'get'], ['/api/taxii/collections', 'post'], ['/api/taxii/collections/{id}', 'delete']]) {
        assert.deepEqual(doc.paths[path!]?.[method!]?.tags, ['TAXII 2.1'], `${method} ${path}`);
      }
    });

    it('manages collections: owners only, validated, deletable', async () => {
      const bad: unknown[] = [{}, { title: '' }, { title: 5 }, { title: 'x', type: 'Nope' }, { title: 'x', status_id: 99 }, { title: 'x', extra: 1 }, { title: 'x'.repeat(256) }];
      for (const body of bad) {
        const res = await t.tq('POST', '/api/taxii/collections', { token, json: body });
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.ok(Array.isArray(res.json.errors));
      }
      const member = await otherOrganization(t, 'user');
      assert.equal((await t.tq('POST', '/api/taxii/collections', { token: member.token, json: { title: 'x' } })).status, 403);
      assert.equal((await t.tq('GET', '/api/taxii/collections', { token })).json.total, 2, 'nothing created');
      const created = await t.tq('POST', '/api/taxii/collections', { token, json: { title: 'Temporary' } });
      const id = created.json.data.id;
      assert.equal((await t.tq('DELETE', `/api/taxii/collections/${id}`, { token })).status, 204);
      assert.equal((await t.tq('DELETE', `/api/taxii/collections/${id}`, { token })).status, 404);
      assert.equal((await t.tq('DELETE', '/api/taxii/collections/not-a-uuid', { token })).status, 400);
      assert.equal((await taxii(`/taxii2/${orgId}/collections/${id}/`)).status, 404);
    });
  });
}
