/**
 * STIX 2.1 export and import and CSV export of the threat library over real HTTP on both databases:
 * every exported object passes the STIX checks of packages/intel/test/stix-support.ts, import upserts
 * indicators from patterns and observables, and bad input is a 4xx that stores nothing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '@vigil/store/testing';
import { scoId } from '@vigil/intel';
import { assertStixBundle, indicatorSdo } from '@vigil/intel/testing';
import { otherOrganization, startThreatq, type ThreatqServer } from './threatq-support.js';

/** RFC 4180 reader, written for the test: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  assert.equal(field, '', 'the file ends with CRLF');
  return rows;
}

const bundle = (objects: unknown[]) => ({ type: 'bundle', id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d', objects });

for (const dialect of DIALECTS) {
  describe(`${dialect}: STIX and CSV export, STIX import`, () => {
    let t: ThreatqServer;
    let token: string;
    before(async () => {
      t = await startThreatq(dialect, { threatq: { consumeMaxItems: 5 } });
      token = await t.login();
      const seed = await t.tq('POST', '/api/indicators', {
        token,
        json: [
          { value: '198.51.100.3', type: 'IP Address', status: 'Active', sources: ['Feed A'], tags: ['c2'], description: 'a "quoted", multi\nline' },
          { value: 'evil.example', type: 'FQDN', status: 'Whitelisted', sources: ['Feed B', 'Feed A'] },
          { value: 'd41d8cd98f00b204e9800998ecf8427e', type: 'MD5' },
          { value: 'CVE-2021-44228', type: 'CVE' },
          { value: '=HYPERLINK("x")', type: 'String' },
        ],
      });
      assert.equal(seed.status, 201, seed.text);
    });
    after(() => t.close());

    it('exports a STIX 2.1 bundle that follows the spec, with stable ids', async () => {
      const res = await t.tq('GET', '/api/export/stix', { token });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.headers.get('content-type'), 'application/stix+json;version=2.1');
      assert.equal(res.headers.get('x-total-count'), '5');
      assertStixBundle(res.json);
      const indicators = res.json.objects.filter((o: any) => o.type === 'indicator');
      assert.deepEqual(indicators.map((o: any) => o.pattern).sort(), [
        "[domain-name:value = 'evil.example']",
        "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']",
        "[ipv4-addr:value = '198.51.100.3']",
        "[x-vigil-cve:value = 'CVE-2021-44228']",
        "[x-vigil-string:value = '=HYPERLINK(\"x\")']",
      ]);
      const ip = indicators.find((o: any) => o.name === '198.51.100.3');
      assert.deepEqual(ip.labels, ['active', 'c2']);
      assert.equal(ip.description, 'a "quoted", multi\nline');
      assert.ok(res.json.objects.some((o: any) => o.id === 'ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4'));
      assert.deepEqual(indicators.find((o: any) => o.name === 'evil.example').indicator_types, ['benign']);
      const again = await t.tq('GET', '/api/export/stix', { token });
      assert.deepEqual(again.json.objects.map((o: any) => o.id), res.json.objects.map((o: any) => o.id), 'deterministic ids');
      assert.notEqual(again.json.id, res.json.id, 'a new bundle id each time');
    });

    it('exports related adversaries as threat-actors that the indicators indicate', async () => {
      const adversary = await t.tq('POST', '/api/adversaries', { token, json: { name: 'Fancy Example', description: 'apt' } });
      assert.equal(adversary.status, 201, adversary.text);
      const ip = (await t.tq('GET', '/api/indicators?value=198.51.100.3', { token })).json.data[0];
      const linked = await t.tq('POST', `/api/adversaries/${adversary.json.data.id}/indicators`, { token, json: [{ id: ip.id }] });
      assert.equal(linked.status, 201, linked.text);
      const res = await t.tq('GET', '/api/export/stix', { token });
      assertStixBundle(res.json);
      const actors = res.json.objects.filter((o: any) => o.type === 'threat-actor');
      assert.deepEqual(actors.map((a: any) => [a.name, a.description]), [['Fancy Example', 'apt']]);
      const indicates = res.json.objects.filter((o: any) => o.relationship_type === 'indicates');
      const ipSdo = res.json.objects.find((o: any) => o.type === 'indicator' && o.name === '198.51.100.3');
      assert.deepEqual(indicates.map((r: any) => [r.source_ref, r.target_ref]), [[ipSdo.id, actors[0].id]]);
      const fqdnOnly = await t.tq('GET', '/api/export/stix?type=FQDN', { token });
      assert.equal(fqdnOnly.json.objects.filter((o: any) => o.type === 'threat-actor').length, 0, 'only adversaries of exported indicators');
    });

    it('filters the export like the list, and pages with limit and offset', async () => {
      const fqdn = await t.tq('GET', '/api/export/stix?type=FQDN', { token });
      assert.deepEqual(fqdn.json.objects.filter((o: any) => o.type === 'indicator').map((o: any) => o.name), ['evil.example']);
      const active = await t.tq('GET', '/api/export/stix?status_id=1', { token });
      assert.deepEqual(active.json.objects.filter((o: any) => o.type === 'indicator').map((o: any) => o.name), ['198.51.100.3']);
      const byValue = await t.tq('GET', '/api/export/stix?value=EVIL.example&type=FQDN', { token });
      assert.equal(byValue.json.objects.filter((o: any) => o.type === 'indicator').length, 1);
      const second = await t.tq('GET', '/api/export/stix?limit=1&offset=1', { token });
      assert.deepEqual(second.json.objects.filter((o: any) => o.type === 'indicator').map((o: any) => o.name), ['evil.example']);
    });

    it('exports CSV with a header, RFC 4180 quoting, formula guard and ThreatQ dates', async () => {
      const res = await t.tq('GET', '/api/export/csv', { token });
      assert.equal(res.status, 200, res.text);
      assert.match(res.headers.get('content-type')!, /^text\/csv/);
      assert.match(res.headers.get('content-disposition')!, /attachment/);
      const rows = parseCsv(res.text);
      assert.deepEqual(rows[0], ['id', 'value', 'type', 'status', 'score', 'class', 'description', 'sources', 'tags', 'published_at', 'expires_at', 'created_at', 'updated_at']);
      assert.equal(rows.length, 6);
      const ip = rows.find((r) => r[1] === '198.51.100.3')!;
      assert.deepEqual(ip.slice(2, 4), ['IP Address', 'Active']);
      assert.match(ip[4]!, /^\d+\.\d{2}$/);
      assert.equal(ip[6], 'a "quoted", multi\nline');
      assert.equal(ip[8], 'c2');
      assert.match(ip[11]!, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      assert.equal(rows.find((r) => r[1] === 'evil.example')![7], 'Feed A; Feed B');
      assert.ok(rows.some((r) => r[1] === `'=HYPERLINK("x")`), 'a formula is defused');
      const filtered = parseCsv((await t.tq('GET', '/api/export/csv?type=MD5', { token })).text);
      assert.equal(filtered.length, 2);
    });

    it('refuses bad export filters and unauthenticated calls', async () => {
      for (const query of ['type=Nope', 'type_id=999', 'status=Nope', 'limit=0', 'limit=10001', 'offset=-1', 'limit=abc']) {
        for (const path of ['/api/export/stix', '/api/export/csv']) {
          const res = await t.tq('GET', `${path}?${query}`, { token });
          assert.equal(res.status, 400, `${path}?${query}: ${res.text}`);
          assert.ok(Array.isArray(res.json.errors));
        }
      }
      assert.equal((await t.tq('GET', '/api/export/stix')).status, 401);
      assert.equal((await t.tq('GET', '/api/export/csv', { token: 'nope' })).status, 401);
    });

    it('documents the export and import routes in /openapi.json', async () => {
      const doc = (await t.tq('GET', '/openapi.json')).json;
      for (const [path, method] of [['/api/export/stix', 'get'], ['/api/export/csv', 'get'], ['/api/import/stix', 'post']]) {
        const op = doc.paths[path!]?.[method!];
        assert.deepEqual(op?.tags, ['ThreatQ'], `${method} ${path}`);
        assert.deepEqual(op.security, [{ threatqBearer: [] }]);
      }
    });

    it("never exports another organization's indicators", async () => {
      const other = await otherOrganization(t);
      const stix = await t.tq('GET', '/api/export/stix', { token: other.token });
      assert.equal(stix.status, 200);
      assert.deepEqual(stix.json.objects, []);
      assert.equal(parseCsv((await t.tq('GET', '/api/export/csv', { token: other.token })).text).length, 1);
    });

    it('imports indicators from patterns and observables, merging with what exists', async () => {
      const res = await t.tq('POST', '/api/import/stix?source=TAXII%20feed&status=Active', {
        token,
        raw: JSON.stringify(
          bundle([
            indicatorSdo("[ipv4-addr:value = '198.51.100.3' OR domain-name:value = 'New.Example']", { valid_until: '2030-01-01T00:00:00Z', description: 'from stix' }),
            { type: 'url', spec_version: '2.1', id: scoId('url', { value: 'http://bad.example/x' }), value: 'http://bad.example/x' },
            indicatorSdo("[ipv4-addr:value = '999.1.1.1']"),
            indicatorSdo("[process:name = 'evil']"),
            { type: 'malware', spec_version: '2.1', id: 'malware--5d0092c5-5f74-4287-9642-33f4c354e56d', name: 'm', is_family: false },
          ]),
        ),
        contentType: 'application/stix+json;version=2.1',
      });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.json.total, 3);
      assert.deepEqual(res.json.data.map((i: any) => i.value).sort(), ['198.51.100.3', 'http://bad.example/x', 'new.example']);
      assert.equal(res.json.skipped.length, 3);
      assert.ok(res.json.skipped.some((s: any) => /999\.1\.1\.1/.test(s.reason)));
      const existing = await t.tq('GET', '/api/indicators?value=198.51.100.3&with=sources', { token });
      assert.equal(existing.json.total, 1, 'merged, not duplicated');
      assert.deepEqual(existing.json.data[0].sources.map((s: any) => s.name).sort(), ['Feed A', 'TAXII feed']);
      const created = await t.tq('GET', '/api/indicators?value=new.example', { token });
      assert.equal(created.json.data[0].status_id, 1);
      assert.equal(created.json.data[0].expires_at, '2030-01-01 00:00:00');
      assert.equal(created.json.data[0].description, 'from stix');
      assert.equal(created.json.data[0].published_at, '2026-01-01 00:00:00');
    });

    it('refuses malformed bundles, readers, too many indicators and bad parameters, storing nothing', async () => {
      const before = (await t.tq('GET', '/api/indicators?limit=1', { token })).json.total;
      const cases: Array<[unknown, RegExp]> = [
        [{ type: 'not-a-bundle' }, /bundle/],
        [[1, 2], /object|bundle/],
        [bundle([indicatorSdo("[domain-name:value = 'ok.example']"), indicatorSdo("[ipv4-addr:value = '1.2.3.4'")]), /objects\[1\]\.pattern/],
        [bundle([indicatorSdo("[domain-name:value = 'ok.example']", { valid_from: 'yesterday' })]), /valid_from/],
        [bundle([{ type: 'indicator', id: 'indicator--nope' }]), /objects\[0\]\.id/],
        [{ ...bundle([]), objects: 'x' }, /objects/],
      ];
      for (const [body, message] of cases) {
        const res = await t.tq('POST', '/api/import/stix', { token, json: body });
        assert.equal(res.status, 400, res.text);
        assert.match(res.json.errors[0], message);
      }
      const many = bundle(Array.from({ length: 6 }, (_, i) => indicatorSdo(`[domain-name:value = 'many${i}.example']`)));
      assert.equal((await t.tq('POST', '/api/import/stix', { token, json: many })).status, 413);
      assert.equal((await t.tq('POST', '/api/import/stix?status=Nope', { token, json: bundle([]) })).status, 400);
      assert.equal((await t.tq('POST', '/api/import/stix', { token, raw: '{"type":', contentType: 'application/json' })).status, 400);
      const reader = await otherOrganization(t, 'reader');
      assert.equal((await t.tq('POST', '/api/import/stix', { token: reader.token, json: bundle([indicatorSdo("[domain-name:value = 'r.example']")]) })).status, 403);
      assert.equal((await t.tq('POST', '/api/import/stix', { json: bundle([]) })).status, 401);
      assert.equal((await t.tq('GET', '/api/indicators?limit=1', { token })).json.total, before, 'nothing stored');
    });
  });
}
