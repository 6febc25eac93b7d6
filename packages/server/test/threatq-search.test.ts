/**
 * ThreatQ indicator search over real HTTP on both databases: the query DSL (criteria and filters with
 * +and/+or/+contains/+gte, sources, tags, attributes, dates), offset and cursorMark paging (stable while
 * indicators are added, refused when forged or reused on another query or organization), fields, bulk
 * status and bulk delete by query, and bad input.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '@vigil/store/testing';
import { otherOrganization, startThreatq, type ThreatqServer } from './threatq-support.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: ThreatQ indicator search`, () => {
    let t: ThreatqServer;
    let token: string;
    const ids: Record<string, number> = {};
    before(async () => {
      t = await startThreatq(dialect);
      token = await t.login();
      const seed = [
        { value: 'a.example.com', type: 'FQDN', status: 'Active', sources: [{ name: 'Feed A' }], tags: ['apt28'], attributes: [{ name: 'Port', value: '443' }] },
        { value: 'b.example.com', type: 'FQDN', status: 'Review', sources: [{ name: 'Feed B' }], tags: ['c2'] },
        { value: 'c.example.org', type: 'FQDN', status: 'Active', sources: [{ name: 'Feed B' }] },
        { value: '198.51.100.7', type: 'IP Address', status: 'Active', sources: [{ name: 'Feed A' }], attributes: [{ name: 'Country', value: 'NL' }] },
        { value: 'http://a.example.com/x', type: 'URL', status: 'Active' },
      ];
      const res = await t.tq('POST', '/api/indicators', { token, json: seed });
      assert.equal(res.status, 201, res.text);
      for (const ind of res.json.data) ids[ind.value] = ind.id;
      const manual = await t.tq('PUT', `/api/indicator/${ids['a.example.com']}/scores`, { token, json: { manual_score: 9 } });
      assert.equal(manual.status, 200, manual.text);
    });
    after(() => t.close());

    const query = (body: unknown, qs = '', tok = token) => t.tq('POST', `/api/indicators/query${qs}`, { token: tok, json: body });
    const values = (res: { json: any }) => res.json.data.map((d: any) => d.value).sort();

    it("answers the Kibana connector's query: contains, type, status and score filters", async () => {
      const res = await query({
        criteria: { value: { '+contains': 'example.com' } },
        filters: { '+and': [{ type_name: 'FQDN' }, { status_name: 'Active' }, { score: { '+gte': 6 } }] },
      }, '?limit=10&offset=0&sort=id');
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(values(res), ['a.example.com']);
      assert.equal(res.json.total, 1);
      assert.equal(res.json.limit, 10);
      assert.equal(res.json.offset, 0);
    });

    it("answers Demisto's +or of exact values, normalizing them, with a type filter", async () => {
      const res = await query({ criteria: { '+or': [{ value: 'HTTP://A.example.com/x' }, { value: 'nothing.example' }] }, filters: { type_name: 'URL' } });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(values(res), ['http://a.example.com/x']);
      const post = await t.tq('POST', '/api/indicators/search', { token, json: { criteria: { value: 'b.example.com' } } });
      assert.deepEqual(values(post), ['b.example.com'], '/search is the same query');
      const get = await t.tq('GET', '/api/indicators/search?value=B.EXAMPLE.COM&with=tags,score&limit=10', { token });
      assert.equal(get.status, 200, get.text);
      assert.deepEqual(get.json.data.map((d: any) => [d.value, d.tags.map((x: any) => x.name)]), [['b.example.com', ['c2']]]);
      assert.equal((await t.tq('GET', '/api/indicators/search', { token })).status, 400, 'value is required');
    });

    it('filters by source, tag, attribute, status lists, class and date ranges', async () => {
      assert.deepEqual(values(await query({ criteria: { source_name: 'feed a' } })), ['198.51.100.7', 'a.example.com']);
      assert.deepEqual(values(await query({ criteria: { tag: { '+contains': 'APT' } } })), ['a.example.com']);
      assert.deepEqual(values(await query({ criteria: { attribute_name: 'Country', attribute_value: 'nl' } })), ['198.51.100.7']);
      assert.deepEqual(values(await query({ criteria: { attribute: { name: 'port', value: '443' } } })), ['a.example.com']);
      assert.deepEqual(values(await query({ filters: { status_id: [4] } })), ['b.example.com']);
      assert.deepEqual(values(await query({ filters: { type: { '+not': 'FQDN' }, class: 'network' } })), ['198.51.100.7', 'http://a.example.com/x']);
      assert.equal((await query({ filters: { created_at: { '+gte': '2000-01-01 00:00:00', '+lt': '2999-01-01 00:00:00' } } })).json.total, 5);
      assert.equal((await query({ filters: { created_at: { '+lt': '2000-01-01 00:00:00' } } })).json.total, 0);
      assert.deepEqual(values(await query({ filters: { score: { '+lte': 8 }, value: { '+contains': 'example.com' } } })).includes('a.example.com'), false, 'the manual score counts');
    });

    it('pages with cursorMark: * starts, each page continues, the last mark repeats; stable while indicators are added', async () => {
      const seen: string[] = [];
      let mark = '*';
      let rounds = 0;
      for (;;) {
        const res = await query({ criteria: {}, filters: {} }, `?limit=2&sort=-score&cursorMark=${encodeURIComponent(mark)}`);
        assert.equal(res.status, 200, res.text);
        assert.equal(res.json.total >= 5, true);
        assert.equal(res.json.offset, undefined);
        if (rounds === 0) {
          // Added after the first page: a keyset cursor neither repeats nor skips what was there.
          const added = await t.tq('POST', '/api/indicators', { token, json: { value: 'late.example.net', type: 'FQDN' } });
          assert.equal(added.status, 201);
        }
        rounds++;
        seen.push(...res.json.data.map((d: any) => d.value));
        if (res.json.nextCursorMark === mark) {
          assert.equal(res.json.data.length, 0);
          break;
        }
        mark = res.json.nextCursorMark;
        assert.ok(rounds < 10, 'paging ends');
      }
      assert.equal(new Set(seen).size, seen.length, 'no row twice');
      for (const value of Object.keys(ids)) assert.ok(seen.includes(value), `${value} served`);
      assert.equal(seen[0], 'a.example.com', 'highest (manual) score first');
    });

    it('refuses a forged cursor, one reused on another query, and one from another organization', async () => {
      const first = await query({ filters: { type_name: 'FQDN' } }, '?limit=1&cursorMark=*');
      const mark = first.json.nextCursorMark as string;
      assert.notEqual(mark, '*');
      const next = await query({ filters: { type_name: 'FQDN' } }, `?limit=1&cursorMark=${encodeURIComponent(mark)}`);
      assert.equal(next.status, 200);
      assert.notEqual(next.json.data[0].id, first.json.data[0].id);
      const otherQuery = await query({ filters: { type_name: 'URL' } }, `?limit=1&cursorMark=${encodeURIComponent(mark)}`);
      assert.equal(otherQuery.status, 400);
      assert.ok(Array.isArray(otherQuery.json.errors));
      const forged = await query({ filters: { type_name: 'FQDN' } }, `?limit=1&cursorMark=${encodeURIComponent(mark.slice(0, -1) + (mark.endsWith('A') ? 'B' : 'A'))}`);
      assert.equal(forged.status, 400);
      const other = await otherOrganization(t);
      const cross = await query({ filters: { type_name: 'FQDN' } }, `?limit=1&cursorMark=${encodeURIComponent(mark)}`, other.token);
      assert.equal(cross.status, 400);
      assert.equal((await query({}, '?cursorMark=*&offset=1')).status, 400, 'cursorMark and offset together');
    });

    it('returns only the asked fields, and with= relations', async () => {
      const res = await query({ criteria: { value: 'a.example.com' }, fields: ['value', 'status_id'] }, '?with=sources');
      assert.deepEqual(Object.keys(res.json.data[0]).sort(), ['id', 'status_id', 'value']);
      const full = await query({ criteria: { value: 'a.example.com' } }, '?with=sources,score');
      assert.equal(full.json.data[0].sources[0].name, 'Feed A');
      assert.equal(full.json.data[0].score.manual_score, '9.00');
    });

    it('refuses bad queries with a 400 naming the place', async () => {
      const cases: Array<[unknown, RegExp]> = [
        [{ criteria: { colour: 'red' } }, /criteria\.colour/],
        [{ criteria: { value: { '+regex': 'x' } } }, /\+regex/],
        [{ filters: { type_name: 'Nope' } }, /unknown indicator type/],
        [{ filters: { status_name: 'Nope' } }, /unknown indicator status/],
        [{ filters: { score: { '+gte': 'high' } } }, /score/],
        [{ filters: { created_at: { '+gte': 'yesterday' } } }, /created_at/],
        [{ criteria: { '+or': { value: 'x' } } }, /\+or/],
        [{ criteria: 'value=x' }, /criteria/],
        [{ filters: { score: { '+contains': '1' } } }, /operator not allowed/],
        [{ criteria: { value: { '+in': new Array(1001).fill('x') } } }, /at most 1000/],
        [{ fields: 'value' }, /fields/],
        [[1, 2], /object/],
      ];
      for (const [body, message] of cases) {
        const res = await query(body);
        assert.equal(res.status, 400, `${JSON.stringify(body).slice(0, 80)} → ${res.text}`);
        assert.match(JSON.stringify(res.json.errors), message);
      }
      const fieldsReason = 'Invalid value for body field fields: must be an array of at most 100 field names';
      const worded: Array<[unknown, string]> = [
        [{ fields: 'value' }, fieldsReason],
        [{ fields: null }, fieldsReason],
        [{ fields: new Array(101).fill('value') }, fieldsReason],
        // An entry that is not a field name is named by its place.
        [{ fields: ['value', 7] }, 'Invalid value for body field fields[1]: must be an array of at most 100 field names'],
        [{ fields: ['x'.repeat(101)] }, 'Invalid value for body field fields[0]: must be an array of at most 100 field names'],
        [[1, 2], 'Request body must be an object {criteria, filters, fields}'],
      ];
      for (const [body, message] of worded) {
        const res = await query(body);
        assert.deepEqual([res.status, res.json.errors], [400, [message]], JSON.stringify(body).slice(0, 60));
      }
      assert.equal((await t.tq('POST', '/api/indicators/query', { token })).status, 200, 'no body is an empty query');
      let deep: any = { value: 'x' };
      for (let i = 0; i < 12; i++) deep = { '+and': [deep] };
      assert.equal((await query({ criteria: deep })).status, 400, 'nesting is bounded');
      assert.equal((await query({}, '?sort=colour')).status, 400);
      assert.equal((await query({}, '?limit=0')).status, 400);
      assert.equal((await t.tq('POST', '/api/indicators/query', { json: {} })).status, 401);
    });

    it("never sees another organization's indicators", async () => {
      const other = await otherOrganization(t);
      const res = await query({ criteria: { value: { '+contains': 'example' } } }, '', other.token);
      assert.equal(res.status, 200);
      assert.equal(res.json.total, 0);
      const bulk = await t.tq('POST', '/api/indicators/bulk-delete', { token: other.token, json: [{ criteria: {}, filters: {} }] });
      assert.equal(bulk.status, 200);
      assert.equal(bulk.json.data.total, 0);
      assert.equal((await query({ criteria: { value: 'a.example.com' } })).json.total, 1, 'untouched');
    });

    it('changes statuses in bulk by query, and refuses bad bodies and readers', async () => {
      const res = await t.tq('POST', '/api/bulk/status', {
        token,
        json: { query: { indicator: { criteria: { source_name: 'Feed B' }, filters: {} } }, statuses: { indicator: 2 } },
      });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.data.total, 2);
      const expired = await query({ filters: { status_name: 'Expired' } });
      assert.deepEqual(values(expired), ['b.example.com', 'c.example.org']);
      assert.ok(expired.json.data.every((d: any) => typeof d.expired_at === 'string'), 'expired_at recorded');

      for (const body of [
        { query: { indicator: { criteria: {} } } },
        { query: { indicator: { criteria: {} } }, statuses: { indicator: 99 } },
        { query: { indicator: { criteria: { colour: 1 } } }, statuses: { indicator: 1 } },
        { query: 'all', statuses: { indicator: 1 } },
      ]) {
        const bad = await t.tq('POST', '/api/bulk/status', { token, json: body });
        assert.equal(bad.status, 400, JSON.stringify(body));
      }
      const statusField = 'Invalid value for body field statuses.indicator: ';
      const worded: Array<[unknown, string | RegExp]> = [
        [{ statuses: {} }, `${statusField}is required (a status id or name)`],
        [{ statuses: { indicator: true } }, `${statusField}is required (a status id or name)`],
        [{ statuses: { indicator: 99 } }, `${statusField}unknown indicator status (see GET /api/indicator/statuses)`],
        [{ statuses: { indicator: 'Nope' } }, `${statusField}unknown indicator status (see GET /api/indicator/statuses)`],
        [{ statuses: 1 }, 'Invalid value for body field statuses: must be {indicator: <status id or name>}'],
        [{ query: {} }, 'Invalid value for body field statuses: must be {indicator: <status id or name>}'],
        [{ query: 'all', statuses: { indicator: 1 } }, 'Invalid value for body field query: must be {indicator: {criteria, filters}}'],
        [{ query: null, statuses: { indicator: 1 } }, 'Invalid value for body field query: must be {indicator: {criteria, filters}}'],
        [{ query: { indicator: [] }, statuses: { indicator: 1 } }, 'Invalid value for body field query.indicator: must be a query {criteria, filters}'],
        [{ query: { indicator: { criteria: { colour: 1 } } }, statuses: { indicator: 1 } }, /^Invalid value for body field query\.indicator\.criteria\.colour: unknown field; use value, /],
        [[], 'Request body must be object'],
      ];
      for (const [body, message] of worded) {
        const bad = await t.tq('POST', '/api/bulk/status', { token, json: body });
        assert.equal(bad.status, 400, JSON.stringify(body));
        if (typeof message === 'string') assert.deepEqual(bad.json.errors, [message], JSON.stringify(body));
        else assert.match(bad.json.errors[0], message);
      }
      const reader = await otherOrganization(t, 'reader');
      assert.equal((await t.tq('POST', '/api/bulk/status', { token: reader.token, json: { statuses: { indicator: 1 } } })).status, 403);
      assert.deepEqual(values(await query({ filters: { status_name: 'Expired' } })), ['b.example.com', 'c.example.org'], 'nothing else changed');
    });

    it('deletes in bulk by query (any of several queries), leaving the rest', async () => {
      const before = (await query({})).json.total;
      const bad = await t.tq('POST', '/api/indicators/bulk-delete', { token, json: [{ criteria: { nope: 1 } }] });
      assert.equal(bad.status, 400);
      assert.equal((await t.tq('POST', '/api/indicators/bulk-delete', { token, json: [] })).status, 400);
      const queries = 'Request body must be a query {criteria, filters} or an array of 1–100 of them';
      const worded: Array<[unknown, string | RegExp]> = [
        [[], queries],
        [Array.from({ length: 101 }, () => ({ criteria: {} })), queries],
        ['x', queries],
        [null, queries],
        [[{ criteria: {} }, 5], 'Invalid value for body field [1]: must be a query {criteria, filters}'],
        [[{ criteria: { nope: 1 } }], /^Invalid value for body field \[0\]\.criteria\.nope: unknown field/],
        [{ filters: { '+and': 5 } }, 'Invalid value for body field filters.+and: must be an array of conditions'],
      ];
      for (const [body, message] of worded) {
        const res = await t.tq('POST', '/api/indicators/bulk-delete', { token, json: body });
        assert.equal(res.status, 400, JSON.stringify(body));
        if (typeof message === 'string') assert.deepEqual(res.json.errors, [message], JSON.stringify(body));
        else assert.match(res.json.errors[0], message);
      }
      const empty = await fetch(`${t.server.url}/api/indicators/bulk-delete`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      assert.equal(empty.status, 400, 'no body at all');
      assert.equal((await query({})).json.total, before, 'nothing deleted by a bad body');
      const res = await t.tq('POST', '/api/indicators/bulk-delete', {
        token,
        json: [{ criteria: { value: 'late.example.net' } }, { filters: { type_name: 'URL' } }],
      });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.data.total, 2);
      assert.equal((await query({})).json.total, before - 2);
      assert.equal((await t.tq('GET', `/api/indicators/${ids['http://a.example.com/x']}`, { token })).status, 404);
    });
  });
}
