/**
 * Hostile STIX on both databases: a pattern inside 5,000 parentheses is a 400 on POST /api/import/stix and
 * a per-object failure on TAXII POST objects (not a 500 from a stack overflow), impossible calendar dates
 * in `valid_from` and TAXII's `added_after` are 400s, and none of it stores anything.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DIALECTS } from '@vigil/store/testing';
import { indicatorSdo } from '@vigil/intel/testing';
import { startThreatq, type ThreatqServer } from './threatq-support.js';

const TAXII = 'application/taxii+json;version=2.1';
const DEEP = `${'('.repeat(5000)}[ipv4-addr:value = '198.51.100.77']${')'.repeat(5000)}`;

const bundle = (objects: unknown[]) => ({ type: 'bundle', id: `bundle--${randomUUID()}`, objects });

for (const dialect of DIALECTS) {
  describe(`${dialect}: hostile STIX on import and TAXII`, () => {
    let t: ThreatqServer;
    let token: string;
    let inbox: string;

    async function taxii(path: string, init: { method?: string; body?: unknown } = {}) {
      const res = await fetch(`${t.server.url}/taxii2/${t.server.creds.orgId}${path}`, {
        method: init.method ?? 'GET',
        headers: { authorization: `Bearer ${token}`, accept: TAXII, ...(init.body ? { 'content-type': TAXII } : {}) },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : undefined, text };
    }
    async function indicatorCount(): Promise<number> {
      return (await t.tq('GET', '/api/indicators?limit=1', { token })).json.total;
    }

    before(async () => {
      t = await startThreatq(dialect);
      token = await t.login();
      const c = await t.tq('POST', '/api/taxii/collections', { token, json: { title: 'Inbox', can_write: true } });
      assert.equal(c.status, 201, c.text);
      inbox = c.json.data.id;
    });
    after(() => t.close());

    it('refuses a pattern nested 5,000 deep with a 400 naming the limit, storing nothing', async () => {
      const res = await t.tq('POST', '/api/import/stix', { token, json: bundle([indicatorSdo("[ipv4-addr:value = '198.51.100.76']"), indicatorSdo(DEEP)]) });
      assert.equal(res.status, 400, res.text);
      assert.match(res.text, /objects\[1\]\.pattern: parentheses and brackets nest deeper than 100 levels/);
      assert.equal(await indicatorCount(), 0);
    });

    it('fails that object alone on TAXII POST objects, storing nothing for it', async () => {
      const deep = indicatorSdo(DEEP);
      const res = await taxii(`/collections/${inbox}/objects/`, { method: 'POST', body: { objects: [deep] } });
      assert.equal(res.status, 202, res.text);
      assert.equal(res.json.failure_count, 1);
      assert.equal(res.json.failures[0].id, deep.id);
      assert.match(res.json.failures[0].message, /nest deeper than 100 levels/);
      assert.equal(await indicatorCount(), 0);
    });

    it('refuses an impossible valid_from (2024-02-30) on import, and per object on TAXII', async () => {
      const bad = indicatorSdo("[ipv4-addr:value = '198.51.100.78']", { valid_from: '2024-02-30T00:00:00Z' });
      const res = await t.tq('POST', '/api/import/stix', { token, json: bundle([bad]) });
      assert.equal(res.status, 400, res.text);
      assert.match(res.text, /objects\[0\]\.valid_from/);
      const viaTaxii = await taxii(`/collections/${inbox}/objects/`, { method: 'POST', body: { objects: [bad] } });
      assert.equal(viaTaxii.status, 202, viaTaxii.text);
      assert.deepEqual([viaTaxii.json.success_count, viaTaxii.json.failure_count], [0, 1]);
      assert.match(viaTaxii.json.failures[0].message, /valid_from/);
      assert.equal(await indicatorCount(), 0);
    });

    it('refuses added_after=2024-02-30… with 400, as v2 refuses impossible dates', async () => {
      for (const added of ['2024-02-30T00:00:00Z', '2023-02-29T00:00:00.000Z', '2024-04-31T12:00:00Z']) {
        const res = await taxii(`/collections/${inbox}/objects/?added_after=${added}`);
        assert.equal(res.status, 400, `${added}: ${res.text}`);
        assert.match(res.text, /added_after/);
      }
      assert.equal((await taxii(`/collections/${inbox}/objects/?added_after=2024-02-29T00:00:00Z`)).status, 200, 'a leap day exists');
    });
  });
}
