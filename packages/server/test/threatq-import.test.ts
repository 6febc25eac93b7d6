/**
 * Free-text import (`POST /api/imports`) over real HTTP on both databases: indicators pulled out of pasted
 * text (defanged forms too) are upserted with the source and Review status; known indicators keep their
 * status and get the source; the limit (413) and bad input (400) store nothing; organizations are separate.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '@vigil/store/testing';
import { otherOrganization, startThreatq, type ThreatqServer } from './threatq-support.js';

const REPORT = `Incident 2024-17: the phish came from billing@evil-invoices[.]com and linked to
hxxps://cdn.evil-invoices[.]com/payload.exe; the dropper (md5 44d88612fea8a8f36de82e1278abb02f) beaconed to
198.51.100[.]23 and 198.51.100.23 again. Ignore version 1.2.3.4 of the agent and README.md.`;

for (const dialect of DIALECTS) {
  describe(`${dialect}: ThreatQ free-text import`, () => {
    let t: ThreatqServer;
    let token: string;
    before(async () => {
      t = await startThreatq(dialect, { threatq: { consumeMaxItems: 6 } });
      token = await t.login();
    });
    after(() => t.close());

    const total = async (tok = token) => (await t.tq('GET', '/api/indicators', { token: tok })).json.total as number;

    it('extracts and creates indicators in Review with the given source', async () => {
      const res = await t.tq('POST', '/api/imports', { token, json: { text: REPORT, import_source: 'IR Report 17', tags: ['ir-17'] } });
      assert.equal(res.status, 201, res.text);
      const { found, created, existing, indicators } = res.json.data;
      assert.deepEqual([found, created, existing], [4, 4, 0]);
      const byType = Object.fromEntries(indicators.map((i: any) => [i.type.name, i.value]));
      assert.deepEqual(byType, {
        'Email Address': 'billing@evil-invoices.com',
        URL: 'https://cdn.evil-invoices.com/payload.exe',
        MD5: '44d88612fea8a8f36de82e1278abb02f',
        'IP Address': '198.51.100.23',
      });
      for (const i of indicators) {
        assert.equal(i.status_id, 4);
        assert.equal(i.import_result, 'created');
      }
      const ip = await t.tq('GET', '/api/indicators?value=198.51.100.23&with=sources,tags,status', { token });
      assert.equal(ip.json.total, 1);
      assert.deepEqual(ip.json.data[0].sources.map((s: any) => s.name), ['IR Report 17']);
      assert.deepEqual(ip.json.data[0].tags.map((s: any) => s.name), ['ir-17']);
      assert.equal(ip.json.data[0].status.name, 'Review');
    });

    it('keeps the status of known indicators, adds the source, and sets the status of new ones', async () => {
      const known = await t.tq('POST', '/api/indicators', { token, json: { value: 'known.example.org', type: 'FQDN', status: 'Active' } });
      assert.equal(known.status, 201, known.text);
      const res = await t.tq('POST', '/api/imports', { token, json: { text: 'seen: known[.]example[.]org and fresh.example.org', source: 'Chat', indicator_global_status: 1 } });
      assert.equal(res.status, 201, res.text);
      assert.deepEqual([res.json.data.found, res.json.data.created, res.json.data.existing], [2, 1, 1]);
      const [first, second] = res.json.data.indicators;
      assert.deepEqual([first.value, first.import_result, first.id, first.status_id], ['known.example.org', 'existing', known.json.data[0].id, 1]);
      assert.deepEqual([second.value, second.import_result, second.status_id], ['fresh.example.org', 'created', 1]);

      const review = await t.tq('POST', '/api/indicators', { token, json: { value: 'held.example.org', type: 'FQDN', status: 'Whitelisted' } });
      const again = await t.tq('POST', '/api/imports', { token, json: { text: 'held.example.org' } });
      assert.equal(again.json.data.indicators[0].status_id, 5, 'a whitelisted indicator is not put back up for review');
      const sources = await t.tq('GET', `/api/indicators/${review.json.data[0].id}?with=sources`, { token });
      assert.deepEqual(sources.json.data.sources.map((s: any) => s.name), ['Free-text import'], 'default source');
    });

    it('answers an import with nothing in it', async () => {
      const res = await t.tq('POST', '/api/imports', { token, json: { text: 'nothing to see here, version 1.2.3.4' } });
      assert.equal(res.status, 201, res.text);
      assert.deepEqual(res.json.data, { found: 0, created: 0, existing: 0, indicators: [] });
    });

    it('refuses bad imports and too many indicators, storing nothing', async () => {
      const before = await total();
      const cases: Array<[unknown, RegExp]> = [
        [{}, /text/],
        [{ text: '' }, /text/],
        [{ text: 42 }, /text/],
        [['10.0.0.1'], /object/],
        [{ text: '10.9.9.9', import_source: '' }, /import_source/],
        [{ text: '10.9.9.9', indicator_global_status: 99 }, /status/],
        [{ text: '10.9.9.9', status: 'Nope' }, /status/],
        [{ text: '10.9.9.9', content_type_id: 21 }, /content_type_id/],
        [{ text: '10.9.9.9', tags: 'x' }, /tags/],
      ];
      for (const [body, message] of cases) {
        const res = await t.tq('POST', '/api/imports', { token, json: body });
        assert.equal(res.status, 400, `${JSON.stringify(body)} → ${res.text}`);
        assert.match(res.json.errors.join(' '), message);
      }
      const tagsReason = 'Invalid value for body field tags: must be an array of at most 100 names';
      const worded: Array<[unknown, string]> = [
        [{ text: '10.9.9.9', tags: 'x' }, tagsReason],
        [{ text: '10.9.9.9', tags: null }, tagsReason],
        [{ text: '10.9.9.9', tags: Array.from({ length: 101 }, (_, i) => `t${i}`) }, tagsReason],
        [{ text: '10.9.9.9', tags: ['ok', ' '] }, 'Invalid value for body field tags[1]: must be a non-empty name of at most 255 characters'],
        [['10.0.0.1'], 'Request body must be an object {text, import_source, …}'],
      ];
      for (const [body, message] of worded) {
        const res = await t.tq('POST', '/api/imports', { token, json: body });
        assert.deepEqual([res.status, res.json.errors], [400, [message]], JSON.stringify(body).slice(0, 80));
      }
      const many = Array.from({ length: 7 }, (_, i) => `10.20.30.${i + 1}`).join(' ');
      const tooMany = await t.tq('POST', '/api/imports', { token, json: { text: many } });
      assert.equal(tooMany.status, 413, tooMany.text);
      assert.match(tooMany.json.errors[0], /7; at most 6/);
      assert.equal(await total(), before);
      assert.equal((await t.tq('POST', '/api/imports', { json: { text: '10.9.9.9' } })).status, 401);
    });

    it('imports into the token organization only', async () => {
      const other = await otherOrganization(t);
      const res = await t.tq('POST', '/api/imports', { token: other.token, json: { text: '198.51.100.23 and theirs.example.net' } });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.json.data.created, 2, 'the first organization having 198.51.100.23 does not count');
      assert.equal(await total(other.token), 2);
      const mine = await t.tq('GET', '/api/indicators?value=theirs.example.net', { token });
      assert.equal(mine.json.total, 0);
    });
  });
}
