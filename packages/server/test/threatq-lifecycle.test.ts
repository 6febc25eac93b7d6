/**
 * ThreatQ indicator lifecycle over real HTTP on both databases: manual scores, per-source expiration
 * policies and manual expires_at applied by the expiry worker (and undone by a re-report), the whitelist
 * of values and CIDR blocks (with the store's matcher detection uses), and the comments, attributes,
 * sources and tags sub-resources — each with bad input, readers and another organization's ids.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '@vigil/store/testing';
import { readIndicator } from '../src/routes/threatq/indicator-input.js';
import { startIndicatorExpiryWorker } from '../src/workers/indicator-expiry.js';
import { otherOrganization, startThreatq, type ThreatqServer } from './threatq-support.js';

const DAY = 86_400_000;

for (const dialect of DIALECTS) {
  describe(`${dialect}: ThreatQ indicator lifecycle`, () => {
    let t: ThreatqServer;
    let token: string;
    before(async () => {
      t = await startThreatq(dialect);
      token = await t.login();
    });
    after(() => t.close());

    async function create(body: Record<string, unknown>) {
      const res = await t.tq('POST', '/api/indicators', { token, json: body });
      assert.equal(res.status, 201, res.text);
      return res.json.data[0] as { id: number; value: string; status_id: number };
    }
    const get = async (id: number, tok = token) => t.tq('GET', `/api/indicators/${id}?with=score,status`, { token: tok });

    it('sets and clears a manual score, which wins over the generated one', async () => {
      const ind = await create({ value: 'score.example', type: 'FQDN', sources: ['Feed'] });
      const set = await t.tq('PUT', `/api/indicator/${ind.id}/scores`, { token, json: { manual_score: 7 } });
      assert.equal(set.status, 200, set.text);
      assert.equal(set.json.data.indicator_id, ind.id);
      assert.equal(set.json.data.manual_score, '7.00');
      assert.match(set.json.data.generated_score, /^\d+\.\d{2}$/);
      assert.equal((await get(ind.id)).json.data.score.manual_score, '7.00');
      const sorted = await t.tq('GET', '/api/indicators?sort=-score&limit=1', { token });
      assert.equal(sorted.json.data[0].id, ind.id);
      const plural = await t.tq('PUT', `/api/indicators/${ind.id}/scores`, { token, json: { manual_score: '3' } });
      assert.equal(plural.json.data.manual_score, '3.00');
      const cleared = await t.tq('PUT', `/api/indicator/${ind.id}/scores`, { token, json: { manual_score: null } });
      assert.equal(cleared.json.data.manual_score, null);
      assert.equal(cleared.json.data.score, cleared.json.data.generated_score);

      const scoreReason = 'Invalid value for body field manual_score: must be a number from 0 to 10, or null';
      const scoreRequired = 'Invalid value for body field manual_score: is required (a number from 0 to 10, or null)';
      const badScores: Array<[unknown, string]> = [
        [{ manual_score: 11 }, scoreReason], [{ manual_score: -1 }, scoreReason], [{ manual_score: 'high' }, scoreReason],
        [{ manual_score: '11' }, scoreReason], [{ manual_score: [] }, scoreReason], [{ manual_score: true }, scoreReason],
        [{}, scoreRequired], [[1], 'Request body must be object'],
      ];
      for (const [body, message] of badScores) {
        const bad = await t.tq('PUT', `/api/indicator/${ind.id}/scores`, { token, json: body });
        assert.deepEqual([bad.status, bad.json.errors], [400, [message]], JSON.stringify(body));
      }
      assert.equal((await get(ind.id)).json.data.score.manual_score, null, 'nothing changed');
      assert.equal((await t.tq('PUT', '/api/indicator/99999999/scores', { token, json: { manual_score: 1 } })).status, 404);
      const other = await otherOrganization(t);
      assert.equal((await t.tq('PUT', `/api/indicator/${ind.id}/scores`, { token: other.token, json: { manual_score: 1 } })).status, 404);
      const reader = await otherOrganization(t, 'reader');
      assert.equal((await t.tq('PUT', `/api/indicator/${ind.id}/scores`, { token: reader.token, json: { manual_score: 1 } })).status, 403);
    });

    it('expires by source policy and by manual expires_at; a re-report brings it back', async () => {
      const policy = await create({ value: 'policy.example', type: 'FQDN', status: 'Active', sources: ['Short Feed'] });
      const mixed = await create({ value: 'mixed.example', type: 'FQDN', status: 'Active', sources: ['Short Feed', 'Forever Feed'] });
      const manual = await create({ value: 'manual.example', type: 'FQDN', status: 'Active', expires_at: '2001-01-01 00:00:00' });
      const sources = await t.tq('GET', '/api/sources', { token });
      assert.equal(sources.status, 200);
      const short = sources.json.data.find((s: any) => s.name === 'Short Feed');
      assert.equal(short.expiration_days, null, 'never expire by default');

      const daysReason = 'Invalid value for body field expiration_days: must be an integer from 1 to 36500, or null';
      const badDays: Array<[unknown, string]> = [
        [{ expiration_days: 0 }, daysReason], [{ expiration_days: 1.5 }, daysReason], [{ expiration_days: '3' }, daysReason], [{ expiration_days: 36_501 }, daysReason],
        [{}, 'Invalid value for body field expiration_days: is required (an integer number of days, or null for never)'], ['3', 'Request body must be object'],
      ];
      for (const [body, message] of badDays) {
        const bad = await t.tq('PUT', `/api/sources/${short.id}`, { token, json: body });
        assert.deepEqual([bad.status, bad.json.errors], [400, [message]], JSON.stringify(body));
      }
      assert.equal((await t.tq('PUT', '/api/sources/99999999', { token, json: { expiration_days: 3 } })).status, 404);
      const other = await otherOrganization(t);
      assert.equal((await t.tq('PUT', `/api/sources/${short.id}`, { token: other.token, json: { expiration_days: 3 } })).status, 404);
      const set = await t.tq('PUT', `/api/sources/${short.id}`, { token, json: { expiration_days: 3 } });
      assert.equal(set.status, 200, set.text);
      assert.equal(set.json.data.expiration_days, 3);

      let clock = Date.now() + 2 * DAY;
      const worker = startIndicatorExpiryWorker({ store: t.server.store, intervalMs: 3_600_000, now: () => clock });
      try {
        await worker.sweep();
        assert.equal((await get(policy.id)).json.data.status.name, 'Active', 'not due yet');
        assert.equal((await get(manual.id)).json.data.status.name, 'Expired', 'manual date passed');
        assert.match((await get(manual.id)).json.data.expired_at, /^\d{4}-/);

        clock = Date.now() + 4 * DAY;
        await worker.sweep();
        const expired = (await get(policy.id)).json.data;
        assert.equal(expired.status.name, 'Expired');
        assert.match(expired.expired_at, /^\d{4}-/);
        assert.equal((await get(mixed.id)).json.data.status.name, 'Active', 'a Never Expire source keeps it live');

        // Reported again a day later (on the worker's clock): the source's clock restarts and the next pass
        // reactivates it. The report goes through the store, which takes the report time.
        clock += DAY;
        const again = readIndicator({ value: 'policy.example', type: 'FQDN', sources: ['Short Feed'] }, '');
        await t.server.store.indicators.upsertMany(t.server.creds.orgId, [again], clock);
        const result = await worker.sweep();
        assert.equal(result.reactivated >= 1, true);
        const revived = (await get(policy.id)).json.data;
        assert.equal(revived.status.name, 'Active');
        assert.equal(revived.expired_at, null);
        assert.equal((await get(manual.id)).json.data.status.name, 'Expired', 'not reported again: stays expired');
      } finally {
        await worker.stop();
      }
    });

    it('whitelists values and CIDR blocks: matches take status Whitelisted and the matcher says so', async () => {
      const ip = await create({ value: '203.0.113.9', type: 'IP Address', status: 'Active' });
      const fqdn = await create({ value: 'benign.example.com', type: 'FQDN', status: 'Active' });
      const outside = await create({ value: '198.18.0.1', type: 'IP Address', status: 'Active' });
      const res = await t.tq('POST', '/api/indicators/whitelist', { token, json: [{ value: '203.0.113.0/24', note: 'our range' }, 'BENIGN.example.com'] });
      assert.equal(res.status, 201, res.text);
      assert.deepEqual(res.json.data.map((e: any) => [e.kind, e.value]), [['cidr', '203.0.113.0/24'], ['value', 'benign.example.com']]);
      assert.equal(res.json.whitelisted_indicators, 2);
      assert.equal((await get(ip.id)).json.data.status.name, 'Whitelisted');
      assert.equal((await get(fqdn.id)).json.data.status.name, 'Whitelisted');
      assert.equal((await get(outside.id)).json.data.status.name, 'Active');

      const again = await t.tq('POST', '/api/indicators/whitelist', { token, json: { value: 'benign.example.com' } });
      assert.equal(again.json.data[0].id, res.json.data[1].id, 'no duplicate entry');
      const list = await t.tq('GET', '/api/indicators/whitelist', { token });
      assert.equal(list.json.total, 2);

      const store = t.server.store;
      const orgId = t.server.creds.orgId;
      const matcher = await store.indicatorLifecycle.whitelistMatcher(orgId);
      assert.equal(matcher.matches('203.0.113.200'), true);
      assert.equal(matcher.matches('198.18.0.1'), false);
      assert.equal(matcher.matches('Benign.Example.com'), true);
      assert.equal(await store.indicatorLifecycle.isWhitelisted(orgId, 'benign.example.com'), true);
      const check = await t.tq('POST', '/api/indicators/whitelist/check', { token, json: { values: ['203.0.113.5', '198.18.0.1', 'benign[.]example.com'] } });
      assert.deepEqual(check.json.data, { '203.0.113.5': true, '198.18.0.1': false, 'benign[.]example.com': true });

      const other = await otherOrganization(t);
      assert.equal(await store.indicatorLifecycle.isWhitelisted(other.orgId, '203.0.113.200'), false, 'per organization');
      assert.equal((await t.tq('GET', '/api/indicators/whitelist', { token: other.token })).json.total, 0);
      assert.equal((await t.tq('DELETE', `/api/indicators/whitelist/${res.json.data[0].id}`, { token: other.token })).status, 404);

      const valueRequired = 'is required and must be a non-empty string';
      const entries = 'Request body must be an entry {value, type, note}, a value, or an array of 1–1000 of them';
      const badEntries: Array<[unknown, string | RegExp]> = [
        [{ value: '10.0.0.0/99' }, /^Invalid value for body field value: not a valid CIDR Block: /],
        [{ value: '' }, `Invalid value for body field value: ${valueRequired}`],
        [{ value: ' ' }, `Invalid value for body field value: ${valueRequired}`],
        [{ value: 'x'.repeat(8193) }, `Invalid value for body field value: ${valueRequired}`],
        [{ values: 1 }, `Invalid value for body field value: ${valueRequired}`],
        [['ok.example', {}], `Invalid value for body field [1].value: ${valueRequired}`],
        [['ok.example', ' '], `Invalid value for body field [1]: ${valueRequired}`],
        [{ value: 'x', note: 5 }, 'Invalid value for body field note: must be a string of at most 1000 characters'],
        [[{ value: 'x', note: 'n'.repeat(1001) }], 'Invalid value for body field [0].note: must be a string of at most 1000 characters'],
        [{ value: '999.1.1.1', type: 'IP Address' }, /^Invalid value for body field value: not a valid IP Address: /],
        [[], entries], [5, entries], [Array.from({ length: 1001 }, (_, i) => `w${i}.example`), entries],
      ];
      for (const [body, message] of badEntries) {
        const bad = await t.tq('POST', '/api/indicators/whitelist', { token, json: body });
        assert.equal(bad.status, 400, JSON.stringify(body).slice(0, 80));
        if (typeof message === 'string') assert.deepEqual(bad.json.errors, [message], JSON.stringify(body).slice(0, 80));
        else assert.match(bad.json.errors[0], message);
      }
      assert.equal((await t.tq('GET', '/api/indicators/whitelist', { token })).json.total, 2, 'nothing added');
      const reader = await otherOrganization(t, 'reader');
      assert.equal((await t.tq('POST', '/api/indicators/whitelist', { token: reader.token, json: { value: 'x.example' } })).status, 403);

      assert.equal((await t.tq('DELETE', `/api/indicators/whitelist/${res.json.data[0].id}`, { token })).status, 204);
      assert.equal((await store.indicatorLifecycle.whitelistMatcher(orgId)).matches('203.0.113.200'), false);
      assert.equal((await t.tq('DELETE', `/api/indicators/whitelist/${res.json.data[0].id}`, { token })).status, 404);
    });

    it('removing a whitelist entry gives uncovered indicators their earlier status back; others stay Whitelisted', async () => {
      const status = async (id: number) => (await get(id)).json.data.status.name as string;
      const active = await create({ value: '10.20.30.5', type: 'IP Address', status: 'Active' });
      const review = await create({ value: '10.20.30.6', type: 'IP Address', status: 'Review' });
      const expired = await create({ value: '10.20.30.10', type: 'IP Address', status: 'Expired' });
      const byHand = await create({ value: '10.20.30.9', type: 'IP Address', status: 'Whitelisted' });
      const twice = await create({ value: '10.20.40.7', type: 'IP Address', status: 'Active' });
      const host = await create({ value: 'restore.example.org', type: 'FQDN', status: 'Active' });
      const outside = await create({ value: '10.21.0.1', type: 'IP Address', status: 'Active' });
      const added = await t.tq('POST', '/api/indicators/whitelist', { token, json: ['10.20.0.0/16', '10.20.40.0/24', 'Restore.Example.org'] });
      assert.equal(added.status, 201, added.text);
      const [wide, narrow, value] = added.json.data.map((e: any) => e.id as number);
      for (const ind of [active, review, expired, byHand, twice, host]) assert.equal(await status(ind.id), 'Whitelisted', ind.value);

      // Another organization's owner, and a reader: nothing changes.
      const other = await otherOrganization(t);
      assert.equal((await t.tq('DELETE', `/api/indicators/whitelist/${wide}`, { token: other.token })).status, 404);
      const reader = await otherOrganization(t, 'reader');
      assert.equal((await t.tq('DELETE', `/api/indicators/whitelist/${wide}`, { token: reader.token })).status, 403);
      assert.equal((await t.tq('DELETE', '/api/indicators/whitelist/not-an-id', { token })).status, 400);
      assert.equal((await t.tq('DELETE', `/api/indicators/whitelist/${wide + 100_000}`, { token })).status, 404);
      assert.ok((await t.tq('GET', '/api/indicators/whitelist', { token })).json.data.some((e: any) => e.id === wide), 'the entry is still there');
      for (const ind of [active, review, expired, twice]) assert.equal(await status(ind.id), 'Whitelisted', `${ind.value} after refused removals`);

      assert.equal((await t.tq('DELETE', `/api/indicators/whitelist/${wide}`, { token })).status, 204);
      assert.equal(await status(active.id), 'Active');
      assert.equal(await status(review.id), 'Review');
      assert.equal(await status(expired.id), 'Expired');
      assert.equal(await status(byHand.id), 'Whitelisted', 'set to Whitelisted by hand: stays');
      assert.equal(await status(twice.id), 'Whitelisted', 'still inside 10.20.40.0/24');
      assert.equal(await status(host.id), 'Whitelisted', 'another entry');
      assert.equal(await status(outside.id), 'Active');
      const audit = await t.server.store.auditLogs.list(t.server.creds.orgId, {}, { limit: 50 });
      const removal = audit.items.find((r) => r.action === 'indicators.whitelist_remove' && (r.context as any).id === wide);
      assert.equal((removal?.context as any)?.restored_indicators, 3);

      assert.equal((await t.tq('DELETE', `/api/indicators/whitelist/${narrow}`, { token })).status, 204);
      assert.equal(await status(twice.id), 'Active', 'its last covering entry is gone');
      assert.equal((await t.tq('DELETE', `/api/indicators/whitelist/${value}`, { token })).status, 204);
      assert.equal(await status(host.id), 'Active');
      assert.equal(await status(byHand.id), 'Whitelisted');
    });

    it('adds, lists and removes comments, attributes, sources and tags by their ids', async () => {
      const ind = await create({ value: 'sub.example', type: 'FQDN' });
      const base = `/api/indicators/${ind.id}`;

      const comment = await t.tq('POST', `${base}/comments`, { token, json: { value: 'Seen in phishing', sources: [{ name: 'Analyst' }] } });
      assert.equal(comment.status, 201, comment.text);
      assert.equal(comment.json.data[0].value, 'Seen in phishing');
      assert.equal(comment.json.data[0].source_name, 'Analyst');
      const comments = await t.tq('GET', `${base}/comments`, { token });
      assert.equal(comments.json.total, 1);
      const withComments = await t.tq('GET', `${base}?with=comments`, { token });
      assert.deepEqual(withComments.json.data.comments.map((c: any) => c.value), ['Seen in phishing']);

      const attr = await t.tq('POST', `${base}/attributes`, { token, json: { name: 'Port', value: 8080, sources: [{ name: 'Feed' }] } });
      assert.equal(attr.status, 201, attr.text);
      assert.equal(attr.json.data[0].name, 'Port');
      const attrId = attr.json.data[0].id;
      const changed = await t.tq('PUT', `${base}/attributes/${attrId}`, { token, json: { value: '9090' } });
      assert.equal(changed.status, 200, changed.text);
      assert.equal(changed.json.data.value, '9090');

      const src = await t.tq('POST', `${base}/sources`, { token, json: { name: 'Extra Feed', tlp: 'amber' } });
      assert.equal(src.status, 201, src.text);
      const extra = src.json.data.find((s: any) => s.name === 'Extra Feed');
      assert.equal(extra.tlp_id, 2);
      const tags = await t.tq('POST', `${base}/tags`, { token, json: [{ name: 'phish' }, 'c2'] });
      assert.equal(tags.status, 201, tags.text);
      assert.deepEqual(tags.json.data.map((x: any) => x.name).sort(), ['c2', 'phish']);

      const full = await t.tq('GET', `${base}?with=sources,attributes,tags`, { token });
      assert.deepEqual(full.json.data.sources.map((s: any) => s.name), ['Extra Feed'], 'Feed is only the source of the attribute');

      // Bad input and other organizations change nothing.
      const other = await otherOrganization(t);
      const refusals: Array<[string, string, unknown, number, string?]> = [
        ['POST', `${base}/comments`, { value: '' }, 400],
        ['POST', `${base}/comments`, { value: 'x'.repeat(65_501) }, 400],
        ['POST', `${base}/comments`, { value: 'x', sources: 'Analyst' }, 400],
        ['POST', `${base}/attributes`, { name: 'Port' }, 400],
        ['POST', `${base}/attributes`, [{ name: '', value: 'x' }], 400],
        ['POST', `${base}/sources`, { name: 'x', tlp: 'purple' }, 400],
        ['POST', `${base}/tags`, [], 400],
        ['POST', `${base}/tags`, [{ name: 'x'.repeat(256) }], 400],
        ['PUT', `${base}/attributes/${attrId}`, { value: { nested: 1 } }, 400],
        ['POST', '/api/indicators/99999999/comments', { value: 'x' }, 404],
        ['POST', '/api/indicators/99999999/tags', ['x'], 404],
        ['GET', '/api/indicators/99999999/sources', undefined, 404],
        ['POST', `${base}/comments`, { value: 'x' }, 404, other.token],
        ['POST', `${base}/tags`, ['x'], 404, other.token],
        ['GET', `${base}/attributes`, undefined, 404, other.token],
        ['DELETE', `${base}/tags/${tags.json.data[0].pivot.id}`, undefined, 404, other.token],
        ['DELETE', `${base}/sources/${extra.pivot.id}`, undefined, 404, other.token],
        ['DELETE', `${base}/comments/${comment.json.data[0].id}`, undefined, 404, other.token],
        ['PUT', `${base}/attributes/${attrId}`, { value: 'y' }, 404, other.token],
      ];
      for (const [method, path, json, status, tok] of refusals) {
        const res = await t.tq(method, path, { token: tok ?? token, ...(json === undefined ? {} : { json }) });
        assert.equal(res.status, status, `${method} ${path} ${JSON.stringify(json)?.slice(0, 60)} → ${res.text.slice(0, 200)}`);
      }
      const same = await t.tq('GET', `${base}?with=sources,attributes,tags`, { token });
      assert.equal(same.json.data.tags.length, 2);
      assert.equal(same.json.data.attributes.length, 1);
      assert.equal(same.json.data.attributes[0].value, '9090');
      assert.equal((await t.tq('GET', `${base}/comments`, { token })).json.total, 1);

      // A pivot id of another indicator is not this one's.
      const second = await create({ value: 'sub2.example', type: 'FQDN', tags: ['x'] });
      assert.equal((await t.tq('DELETE', `/api/indicators/${second.id}/tags/${tags.json.data[0].pivot.id}`, { token })).status, 404);

      assert.equal((await t.tq('DELETE', `${base}/tags/${tags.json.data[0].pivot.id}`, { token })).status, 204);
      assert.equal((await t.tq('DELETE', `${base}/sources/${extra.pivot.id}`, { token })).status, 204);
      assert.equal((await t.tq('DELETE', `${base}/attributes/${attrId}`, { token })).status, 204);
      assert.equal((await t.tq('DELETE', `${base}/comments/${comment.json.data[0].id}`, { token })).status, 204);
      assert.equal((await t.tq('DELETE', `${base}/comments/${comment.json.data[0].id}`, { token })).status, 404);
      const after = await t.tq('GET', `${base}?with=sources,attributes,tags`, { token });
      assert.equal(after.json.data.tags.length, 1);
      assert.equal(after.json.data.sources.length, 0);
      assert.equal(after.json.data.attributes.length, 0);
      assert.equal((await t.tq('GET', `${base}/comments`, { token })).json.total, 0);

      const reader = await otherOrganization(t, 'reader');
      assert.equal((await t.tq('POST', `${base}/comments`, { token: reader.token, json: { value: 'x' } })).status, 403);
    });

    it('documents the search and lifecycle routes in /openapi.json under the ThreatQ tag', async () => {
      const doc = (await t.tq('GET', '/openapi.json')).json;
      for (const [path, method] of [
        ['/api/indicators/query', 'post'], ['/api/indicators/search', 'post'], ['/api/bulk/status', 'post'], ['/api/indicators/bulk-delete', 'post'],
        ['/api/indicator/{id}/scores', 'put'], ['/api/indicators/{id}/scores', 'put'], ['/api/sources/{id}', 'put'], ['/api/indicators/whitelist', 'post'],
        ['/api/indicators/{id}/comments', 'post'], ['/api/indicators/{id}/tags/{subId}', 'delete'], ['/api/indicators/{id}/attributes/{subId}', 'put'],
      ]) {
        const op = doc.paths[path!]?.[method!];
        assert.deepEqual(op?.tags, ['ThreatQ'], `${method} ${path}`);
        assert.deepEqual(op.security, [{ threatqBearer: [] }]);
      }
    });
  });
}
