/**
 * The ThreatQ indicator API over real HTTP on both databases: the seed document's curl calls, upsert and
 * merge, bulk consume, with=, paging and sort, update and delete, normalization, organization scoping
 * and bad input.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '@vigil/store/testing';
import { Value } from 'typebox/value';
import { ListResponse } from '../src/routes/threatq/schemas.js';
import { otherOrganization, startThreatq, type ThreatqServer } from './threatq-support.js';

const DATE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

for (const dialect of DIALECTS) {
  describe(`${dialect}: ThreatQ indicators`, () => {
    let t: ThreatqServer;
    let token: string;
    before(async () => {
      t = await startThreatq(dialect, { threatq: { consumeMaxItems: 600 } });
      token = await t.login();
    });
    after(() => t.close());

    it('reproduces the seed: create from a JSON file posted with curl -d (form content type), list, look up with=', async () => {
      // curl -X POST …/api/indicators -H "Authorization: Bearer …" -d@indicator.json  (no Content-Type → form-encoded)
      const file = '{"value": "80.85.158.121", "type": "IP Address", "status": "Review", "sources": [{"name": "Malware Traffic Analysis"}]}';
      const created = await t.tq('POST', '/api/indicators', { token, raw: file, contentType: 'application/x-www-form-urlencoded' });
      assert.equal(created.status, 201, created.text);
      assert.equal(created.json.total, 1);
      const [ind] = created.json.data;
      assert.ok(Number.isInteger(ind.id));
      assert.deepEqual([ind.value, ind.type_id, ind.status_id, ind.class], ['80.85.158.121', 15, 4, 'network']);
      assert.match(ind.hash, /^[0-9a-f]{32}$/);
      for (const key of ['created_at', 'updated_at', 'touched_at']) assert.match(ind[key], DATE);

      const list = await t.tq('GET', '/api/indicators?limit=5', { token });
      assert.equal(list.status, 200);
      assert.equal(list.json.total, 1);
      assert.equal(list.json.data[0].id, ind.id);

      const found = await t.tq('GET', '/api/indicators?value=80.85.158.121&with=sources,score,attributes', { token });
      assert.equal(found.json.total, 1);
      const full = found.json.data[0];
      assert.equal(full.sources.length, 1);
      assert.equal(full.sources[0].name, 'Malware Traffic Analysis');
      assert.ok(Number.isInteger(full.sources[0].pivot.id));
      assert.equal(full.sources[0].pivot.indicator_id, ind.id);
      assert.match(full.score.generated_score, /^\d+\.\d{2}$/);
      assert.equal(full.score.manual_score, null);
      assert.deepEqual(full.attributes, []);
      assert.equal(full.type, undefined, 'only what with= asks for');
    });

    it('normalizes values per type and matches lookups in either form', async () => {
      const res = await t.tq('POST', '/api/indicators', { token, json: { value: 'HXXP://Example.COM[.]org/x', type: 'URL' } });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.json.data[0].value, 'http://example.com.org/x');
      const byRaw = await t.tq('GET', `/api/indicators?value=${encodeURIComponent('HXXP://Example.COM[.]org/x')}&type=URL`, { token });
      assert.equal(byRaw.json.total, 1);
      assert.equal(byRaw.json.data[0].id, res.json.data[0].id);
      const fqdn = await t.tq('POST', '/api/indicators', { token, json: { value: 'Evil[.]Example.COM', type: { name: 'FQDN' } } });
      assert.equal(fqdn.json.data[0].value, 'evil.example.com');
      assert.equal((await t.tq('GET', '/api/indicators?value=EVIL.example.com', { token })).json.total, 1, 'detected type, normalized lookup');
    });

    it('upserts: a re-report merges sources, attributes and tags into the same indicator', async () => {
      const first = await t.tq('POST', '/api/indicators', {
        token,
        json: [{ value: 'merge.example', type_id: 11, status_id: 1, sources: [{ name: 'Feed A', tlp: { name: 'GREEN' } }], attributes: [{ name: 'Port', value: 443 }], tags: ['apt'] }],
      });
      assert.equal(first.status, 201, first.text);
      const id = first.json.data[0].id;
      const second = await t.tq('POST', '/api/indicators?with=sources,attributes,tags,type,status', {
        token,
        json: { value: 'MERGE.example', type: 'FQDN', sources: ['Feed B', { name: 'feed a', tlp: 'red', published_at: '2017-05-02 14:10:01' }], attributes: [{ name: 'port', value: '443' }, { name: 'Country', value: 'NL', sources: [{ name: 'Feed B' }] }], tags: [{ name: 'c2' }] },
      });
      assert.equal(second.status, 201, second.text);
      const merged = second.json.data[0];
      assert.equal(merged.id, id);
      assert.equal(merged.status_id, 1, 'status kept when not sent');
      assert.deepEqual(merged.type, { id: 11, name: 'FQDN', class: 'network' });
      assert.equal(merged.status.name, 'Active');
      assert.deepEqual(merged.sources.map((s: any) => [s.name, s.tlp_id]), [['Feed A', 1], ['Feed B', null]], 'the more restrictive TLP wins');
      assert.equal(merged.sources[0].published_at, '2017-05-02 14:10:01');
      assert.deepEqual(merged.attributes.map((a: any) => [a.name, a.value, a.sources.map((s: any) => s.name)]), [['Port', '443', []], ['Country', 'NL', ['Feed B']]]);
      assert.deepEqual(merged.tags.map((x: any) => x.name), ['apt', 'c2']);
      const count = await t.tq('GET', '/api/indicators?value=merge.example', { token });
      assert.equal(count.json.total, 1);
    });

    it('consume: a batch of 500 in one request, ids in input order; over the limit is 413 and nothing is stored', async () => {
      const batch = Array.from({ length: 500 }, (_, i) => ({ value: `10.1.${Math.floor(i / 250)}.${i % 250}`, type: { name: 'IP Address' }, status: { name: 'Active' }, sources: [{ name: 'Bulk' }] }));
      const res = await t.tq('POST', '/api/indicators/consume', { token, json: batch });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.json.data.length, 500);
      assert.deepEqual(res.json.data.map((d: any) => d.value), batch.map((b) => b.value));
      assert.equal(new Set(res.json.data.map((d: any) => d.id)).size, 500);
      // The bulk answers are serialised without the schema serializer: they must still be what it documents.
      assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.ok(Value.Check(ListResponse, res.json), JSON.stringify([...Value.Errors(ListResponse, res.json)].slice(0, 3)));
      const withContext = await t.tq('POST', '/api/indicators/consume?with=sources,score,type', { token, json: batch.slice(0, 2) });
      assert.equal(withContext.status, 201);
      assert.equal(withContext.json.data[0].sources[0].name, 'Bulk');
      assert.equal(withContext.json.data[0].type.name, 'IP Address');
      assert.ok(Value.Check(ListResponse, withContext.json));
      const created = await t.tq('POST', '/api/indicators', { token, json: { value: 'schema-check.example', type: 'FQDN' } });
      assert.equal(created.status, 201);
      assert.ok(Value.Check(ListResponse, created.json));
      const listed = await t.tq('GET', '/api/indicators?type=IP%20Address&status_id=1&limit=1', { token });
      assert.equal(listed.json.total, 500);

      const tooMany = Array.from({ length: 601 }, (_, i) => ({ value: `too-many-${i}.example`, type: 'FQDN' }));
      const refused = await t.tq('POST', '/api/indicators/consume', { token, json: tooMany });
      assert.equal(refused.status, 413);
      assert.match(refused.json.errors[0], /at most 600/);
      assert.equal((await t.tq('GET', '/api/indicators?value=too-many-0.example', { token })).json.total, 0);
    });

    it('a bad item refuses the whole batch with a 400 naming the index, the field and the reason', async () => {
      const batch = [
        { value: 'ok-1.example', type: 'FQDN' },
        { value: 'ok-2.example', type: 'FQDN' },
        { value: 'ok-3.example', type: 'FQDN' },
        { value: '999.1.1.1', type: 'IP Address' },
      ];
      const res = await t.tq('POST', '/api/indicators/consume', { token, json: batch });
      assert.equal(res.status, 400);
      assert.match(res.json.errors[0], /^Invalid value for body field \[3\]\.value: not a valid IP Address: .*999/);
      assert.equal((await t.tq('GET', '/api/indicators?value=ok-1.example', { token })).json.total, 0, 'nothing stored');

      const cases: Array<[unknown, RegExp]> = [
        [{ type: 'FQDN' }, /body field value: is required/],
        [{ value: 'x.example' }, /body field type: is required/],
        [{ value: 'x.example', type: 'Nonsense' }, /body field type: unknown indicator type/],
        [{ value: 'x.example', type_id: 9999 }, /body field type_id: unknown indicator type/],
        [{ value: 'x.example', type: 'FQDN', status: 'Bogus' }, /body field status: unknown indicator status/],
        [{ value: 'x.example', type: 'FQDN', class: 'host' }, /body field class: must be network/],
        [{ value: 'x.example', type: 'FQDN', sources: [{ name: '' }] }, /body field sources\[0\]\.name/],
        [{ value: 'x.example', type: 'FQDN', sources: [{ name: 'A', tlp: 'purple' }] }, /sources\[0\]\.tlp: must be a TLP name/],
        [{ value: 'x.example', type: 'FQDN', sources: 'A' }, /body field sources: must be an array/],
        [{ value: 'x.example', type: 'FQDN', attributes: [{ name: 'a' }] }, /attributes\[0\]\.value/],
        [{ value: 'x.example', type: 'FQDN', published_at: '2017-13-01 00:00:00' }, /published_at: .* is not a "YYYY-MM-DD HH:MM:SS" date/],
        [{ value: 5, type: 'FQDN' }, /body field value: is required and must be a non-empty string/],
        [[], /at least one indicator/],
        ['just text', /indicator object or an array/],
      ];
      for (const [body, message] of cases) {
        const r = await t.tq('POST', '/api/indicators', { token, json: body });
        assert.equal(r.status, 400, JSON.stringify(body));
        assert.match(r.json.errors[0], message, JSON.stringify(body));
      }
      const malformed = await t.tq('POST', '/api/indicators', { token, raw: '[{"value":', contentType: 'application/x-www-form-urlencoded' });
      assert.equal(malformed.status, 400);
      assert.equal((await t.tq('GET', '/api/indicators?value=x.example', { token })).json.total, 0);
    });

    it('pages with limit/offset and sorts, and refuses bad list parameters', async () => {
      const values = ['page-a.example', 'page-b.example', 'page-c.example'];
      const made = (await t.tq('POST', '/api/indicators', { token, json: values.map((value) => ({ value, type: 'FQDN', tags: ['paging'] })) })).json.data;
      const total = (await t.tq('GET', '/api/indicators?limit=1', { token })).json.total;
      const desc = await t.tq('GET', '/api/indicators?sort=-id&limit=2&offset=0', { token });
      assert.deepEqual(desc.json.data.map((d: any) => d.id), [made[2].id, made[1].id]);
      assert.equal(desc.json.total, total);
      const next = await t.tq('GET', '/api/indicators?sort=-id&limit=2&offset=2', { token });
      assert.equal(next.json.data[0].id, made[0].id);
      const byValue = await t.tq('GET', '/api/indicators?sort=value&limit=1000', { token });
      const sorted = byValue.json.data.map((d: any) => d.value);
      assert.deepEqual(sorted, [...sorted].sort());
      assert.equal((await t.tq('GET', '/api/indicators?limit=5000', { token })).json.limit, 1000, 'capped');
      for (const query of ['sort=colour', 'with=nonsense', 'limit=0', 'limit=abc', 'offset=-1', 'type_id=9999', 'status=Bogus', 'type=Nope']) {
        const r = await t.tq('GET', `/api/indicators?${query}`, { token });
        assert.equal(r.status, 400, query);
        assert.ok(Array.isArray(r.json.errors), query);
      }
      const empty = await t.tq('GET', '/api/indicators?value=page-a.example&with=adversaries,events,tags', { token });
      assert.deepEqual([empty.json.data[0].adversaries, empty.json.data[0].events, empty.json.data[0].tags.map((x: any) => x.name)], [[], [], ['paging']]);
    });

    it('gets, updates and deletes one indicator; bad updates are refused', async () => {
      const id = (await t.tq('POST', '/api/indicators', { token, json: { value: 'crud.example', type: 'FQDN' } })).json.data[0].id;
      const got = await t.tq('GET', `/api/indicators/${id}?with=type,status,score`, { token });
      assert.equal(got.status, 200);
      assert.equal(got.json.data.value, 'crud.example');
      assert.equal(got.json.data.status.name, 'Review');
      const put = await t.tq('PUT', `/api/indicators/${id}`, { token, json: { status: 'Active', description: '<p>seen</p>', expires_at: '2030-01-01 00:00:00' } });
      assert.equal(put.status, 200, put.text);
      assert.deepEqual([put.json.data.status_id, put.json.data.description, put.json.data.expires_at], [1, '<p>seen</p>', '2030-01-01 00:00:00']);
      for (const [body, message] of [
        [{ value: 'other.example' }, /value: cannot be changed/],
        [{}, /Nothing to change/],
        [{ status_id: 99 }, /unknown indicator status/],
        [{ expires_at: 'tomorrow' }, /expires_at/],
        [{ description: 5 }, /description/],
      ] as const) {
        const r = await t.tq('PUT', `/api/indicators/${id}`, { token, json: body });
        assert.equal(r.status, 400, JSON.stringify(body));
        assert.match(r.json.errors[0], message);
      }
      assert.equal((await t.tq('GET', `/api/indicators/${id}`, { token })).json.data.status_id, 1, 'unchanged by the refused updates');
      assert.equal((await t.tq('DELETE', `/api/indicators/${id}`, { token })).status, 204);
      assert.equal((await t.tq('GET', `/api/indicators/${id}`, { token })).status, 404);
      assert.equal((await t.tq('DELETE', `/api/indicators/${id}`, { token })).status, 404);
      assert.equal((await t.tq('GET', '/api/indicators/abc', { token })).status, 400);
      assert.equal((await t.tq('GET', '/api/indicators/987654321', { token })).status, 404);
    });

    it("another organization's indicators are 404 and never listed; readers cannot write", async () => {
      const mine = (await t.tq('POST', '/api/indicators', { token, json: { value: 'private.example', type: 'FQDN' } })).json.data[0];
      const other = await otherOrganization(t);
      assert.equal((await t.tq('GET', `/api/indicators/${mine.id}`, { token: other.token })).status, 404);
      assert.equal((await t.tq('PUT', `/api/indicators/${mine.id}`, { token: other.token, json: { status: 'Expired' } })).status, 404);
      assert.equal((await t.tq('DELETE', `/api/indicators/${mine.id}`, { token: other.token })).status, 404);
      assert.equal((await t.tq('GET', '/api/indicators?value=private.example', { token: other.token })).json.total, 0);
      const theirs = await t.tq('POST', '/api/indicators', { token: other.token, json: { value: 'private.example', type: 'FQDN' } });
      assert.notEqual(theirs.json.data[0].id, mine.id, 'same value, separate indicator per organization');
      assert.equal((await t.tq('GET', `/api/indicators/${mine.id}`, { token })).json.data.status_id, 4);

      const reader = await otherOrganization(t, 'reader');
      const refused = await t.tq('POST', '/api/indicators', { token: reader.token, json: { value: 'r.example', type: 'FQDN' } });
      assert.equal(refused.status, 403);
      assert.equal((await t.tq('GET', '/api/indicators', { token: reader.token })).status, 200);
    });

    it('serves the indicator types and statuses', async () => {
      const types = await t.tq('GET', '/api/indicator/types', { token });
      assert.equal(types.status, 200);
      const ip = types.json.data.find((x: any) => x.name === 'IP Address');
      assert.deepEqual(ip, { id: 15, name: 'IP Address', class: 'network' });
      assert.equal(types.json.total, types.json.data.length);
      const statuses = await t.tq('GET', '/api/indicator/statuses', { token });
      assert.deepEqual(statuses.json.data.map((s: any) => [s.id, s.name]), [[1, 'Active'], [2, 'Expired'], [3, 'Indirect'], [4, 'Review'], [5, 'Whitelisted']]);
      assert.equal((await t.tq('GET', '/api/indicator/types')).status, 401);
    });

    it('documents every ThreatQ route in /openapi.json under the ThreatQ tag with bearer security', async () => {
      const doc = (await t.tq('GET', '/openapi.json')).json;
      for (const [path, method] of [
        ['/api/indicators', 'get'], ['/api/indicators', 'post'], ['/api/indicators/consume', 'post'], ['/api/indicators/{id}', 'put'],
        ['/api/indicator/types', 'get'], ['/api/oauth/clients', 'post'],
      ]) {
        const op = doc.paths[path!]?.[method!];
        assert.deepEqual(op?.tags, ['ThreatQ'], `${method} ${path}`);
        assert.deepEqual(op.security, [{ threatqBearer: [] }]);
      }
      assert.deepEqual(doc.paths['/api/token'].post.security, []);
      assert.equal(doc.components.securitySchemes.threatqBearer.scheme, 'bearer');
    });
  });
}
