/**
 * Offset paging of GET /api/indicators over real HTTP on both databases: pages read while indicators are
 * being added (whatever the sort, newest first included) or deleted neither repeat nor skip an indicator;
 * for every allowed sort, ties
 * are ordered by id (descending with a descending sort), so offset pages join into one total order.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '@vigil/store/testing';
import { startThreatq, type ThreatqServer } from './threatq-support.js';

const SORTS = ['id', 'value', 'type_id', 'status_id', 'score', 'created_at', 'updated_at', 'touched_at'];

for (const dialect of DIALECTS) {
  describe(`${dialect}: GET /api/indicators offset paging`, () => {
    let t: ThreatqServer;
    let token: string;
    let added = 0;
    before(async () => {
      t = await startThreatq(dialect);
      token = await t.login();
    });
    after(() => t.close());

    /** adds `n` indicators in one request: a few FQDNs and IPs sharing statuses and scores */
    async function add(n: number) {
      const body = Array.from({ length: n }, () => {
        added++;
        return added % 3 === 0
          ? { value: `10.77.${Math.floor(added / 250)}.${added % 250}`, type: 'IP Address', status: added % 2 ? 'Active' : 'Review' }
          : { value: `page-${added}.example.com`, type: 'FQDN', status: added % 2 ? 'Active' : 'Review' };
      });
      const res = await t.tq('POST', '/api/indicators', { token, json: body });
      assert.equal(res.status, 201, res.text);
    }
    async function page(query: string) {
      const res = await t.tq('GET', `/api/indicators?${query}`, { token });
      assert.equal(res.status, 200, res.text);
      return res.json as { total: number; data: Array<{ id: number; status_id: number }> };
    }

    it('pages by id without repeating or skipping while indicators are added between pages', async () => {
      await add(23);
      const before = (await page('limit=1000')).data.map((i) => i.id);
      assert.equal(before.length, 23);
      const seen: number[] = [];
      for (let offset = 0; ; offset += 5) {
        const { data } = await page(`limit=5&offset=${offset}`);
        if (data.length === 0) break;
        seen.push(...data.map((i) => i.id));
        if (seen.length < 40) await add(3);
      }
      assert.equal(new Set(seen).size, seen.length, 'no indicator repeats');
      for (const id of before) assert.ok(seen.includes(id), `indicator ${id} present before paging was not skipped`);
      assert.deepEqual(seen, [...seen].sort((a, b) => a - b), 'ascending ids');
    });

    it('orders ties by id for every sort, so offset pages join into the single-page order', async () => {
      const { total } = await page('limit=1');
      for (const field of SORTS) {
        for (const sort of [field, `-${field}`]) {
          const whole = (await page(`limit=1000&sort=${sort}`)).data;
          assert.equal(whole.length, total);
          const joined = [];
          for (let offset = 0; offset < total; offset += 12) joined.push(...(await page(`limit=12&offset=${offset}&sort=${sort}`)).data);
          assert.deepEqual(joined.map((i) => i.id), whole.map((i) => i.id), `sort=${sort}`);
          if (field === 'status_id') {
            const desc = sort.startsWith('-');
            for (let k = 1; k < whole.length; k++) {
              const [a, b] = [whole[k - 1]!, whole[k]!];
              if (a.status_id === b.status_id) assert.ok(desc ? a.id > b.id : a.id < b.id, `sort=${sort}: ties by id`);
            }
          }
        }
      }
      const bad = await t.tq('GET', '/api/indicators?sort=-nope', { token });
      assert.equal(bad.status, 400, bad.text);
    });
  });

  describe(`${dialect}: GET /api/indicators offset paging under concurrent writes`, () => {
    let t: ThreatqServer;
    let token: string;
    let added = 0;
    before(async () => {
      t = await startThreatq(dialect);
      token = await t.login();
      await add(30);
    });
    after(() => t.close());

    /** adds `n` FQDN and IP indicators in one request (their generated scores differ by type) */
    async function add(n: number) {
      const body = Array.from({ length: n }, () => {
        added++;
        return added % 3 === 0 ? { value: `10.78.0.${added}`, type: 'IP Address' } : { value: `write-${added}.example.com`, type: 'FQDN' };
      });
      const res = await t.tq('POST', '/api/indicators', { token, json: body });
      assert.equal(res.status, 201, res.text);
    }
    async function page(query: string) {
      const res = await t.tq('GET', `/api/indicators?${query}`, { token });
      assert.equal(res.status, 200, res.text);
      return res.json as { total: number; data: Array<{ id: number }> };
    }

    it('pages newest first (sort=-id, -created_at, -score) without repeats while indicators are added between pages', async () => {
      for (const sort of ['-id', '-created_at', '-score']) {
        const before = (await page(`limit=1000&sort=${sort}`)).data.map((i) => i.id);
        const seen: number[] = [];
        for (let offset = 0; offset < 1000; offset += 10) {
          const { data } = await page(`limit=10&offset=${offset}&sort=${sort}`);
          if (data.length === 0) break;
          seen.push(...data.map((i) => i.id));
          // New indicators sort before the position reached: counting the offset again would repeat rows.
          if (offset < 20) await add(4);
        }
        assert.equal(new Set(seen).size, seen.length, `sort=${sort}: no indicator repeats`);
        // New ones with a lower score sort after the position reached, and are rightly read; none is skipped.
        const old = seen.filter((id) => before.includes(id));
        assert.deepEqual(old, before, `sort=${sort}: every indicator there when paging began, once, in order`);
        if (sort !== '-score') assert.deepEqual(seen, before, `sort=${sort}: new indicators sort before the pages read`);
      }
    });

    it('does not skip indicators when others are deleted between pages', async () => {
      const before = (await page('limit=1000')).data.map((i) => i.id);
      const seen: number[] = [];
      const deleted = new Set<number>();
      for (let offset = 0; offset < 1000; offset += 10) {
        const { data } = await page(`limit=10&offset=${offset}`);
        if (data.length === 0) break;
        seen.push(...data.map((i) => i.id));
        // Delete two indicators already read: counting the offset again would skip two unread ones.
        for (const id of seen.filter((i) => !deleted.has(i)).slice(0, 2)) {
          const res = await t.tq('DELETE', `/api/indicators/${id}`, { token });
          assert.ok(res.status === 200 || res.status === 204, res.text);
          deleted.add(id);
        }
      }
      assert.deepEqual(seen, before, 'every indicator once, in order');
    });

  });
}
