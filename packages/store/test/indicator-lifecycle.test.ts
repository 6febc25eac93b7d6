/**
 * The indicator search and lifecycle repos on both databases: LIKE wildcards in `contains` are literal,
 * keyset pages on a non-unique sort column neither skip nor repeat, expiration takes the greatest date
 * across sources, and the whitelist matcher handles IPv4 and IPv6 blocks per organization.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IndicatorUpsert } from '../src/index.js';
import { DIALECTS } from '../src/testing.js';
import { newOrg, useStore } from './support.js';

const DAY = 86_400_000;
const fqdn = (value: string, extra: Partial<IndicatorUpsert> = {}): IndicatorUpsert => ({
  typeId: 11,
  class: 'network',
  value,
  hash: 'a'.repeat(32),
  generatedScore: 3,
  ...extra,
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: indicator search and lifecycle`, () => {
    const s = useStore(dialect);

    it('treats % and _ in contains literally', async () => {
      const orgId = await newOrg(s.store);
      await s.store.indicators.upsertMany(orgId, [fqdn('a_b.example'), fqdn('axb.example'), fqdn('100%.example')]);
      const under = await s.store.indicatorSearch.search({ orgId, filter: { field: 'value', op: 'contains', value: 'a_b' }, limit: 10 });
      assert.deepEqual(under.items.map((i) => i.value), ['a_b.example']);
      const pct = await s.store.indicatorSearch.search({ orgId, filter: { field: 'value', op: 'contains', value: '%' }, limit: 10 });
      assert.deepEqual(pct.items.map((i) => i.value), ['100%.example']);
    });

    it('pages by keyset on a sort column with ties without skipping or repeating', async () => {
      const orgId = await newOrg(s.store);
      await s.store.indicators.upsertMany(orgId, Array.from({ length: 7 }, (_, i) => fqdn(`k${i}.example`, { generatedScore: i % 2 })));
      const seen: number[] = [];
      let after;
      for (let round = 0; round < 10; round++) {
        const page = await s.store.indicatorSearch.search({ orgId, sort: { field: 'score', desc: true }, limit: 3, after });
        if (page.items.length === 0) break;
        seen.push(...page.items.map((i) => i.id));
        after = page.last;
      }
      assert.equal(seen.length, 7);
      assert.equal(new Set(seen).size, 7);
    });

    it('expires on the greatest date across sources with policies, not while one source never expires', async () => {
      const orgId = await newOrg(s.store);
      const [a] = await s.store.indicators.upsertMany(orgId, [fqdn('two.example', { statusId: 1, sources: [{ name: 'Short' }] })], 0);
      await s.store.indicators.upsertMany(orgId, [fqdn('two.example', { sources: [{ name: 'Long' }] })], 5 * DAY);
      const [b] = await s.store.indicators.upsertMany(orgId, [fqdn('never.example', { statusId: 1, sources: [{ name: 'Short' }, { name: 'Forever' }] })], 0);
      const sources = await s.store.indicatorLifecycle.listSources(orgId);
      const id = (name: string) => sources.find((x) => x.name === name)!.id;
      await s.store.indicatorLifecycle.setSourceExpiration(orgId, id('Short'), 30);
      await s.store.indicatorLifecycle.setSourceExpiration(orgId, id('Long'), 2);
      // Short: 0 + 30 days; Long: 5 + 2 days → the greater, day 30, wins.
      await s.store.indicatorLifecycle.expireDue(20 * DAY);
      assert.equal((await s.store.indicators.get(orgId, a!.id))!.statusId, 1);
      await s.store.indicatorLifecycle.expireDue(31 * DAY);
      const expired = (await s.store.indicators.get(orgId, a!.id))!;
      assert.deepEqual([expired.statusId, expired.expiredAt], [2, 31 * DAY]);
      assert.equal((await s.store.indicators.get(orgId, b!.id))!.statusId, 1, 'Forever has no policy');
    });

    it('matches whitelisted IPv4 and IPv6 blocks and values per organization', async () => {
      const orgId = await newOrg(s.store);
      const other = await newOrg(s.store);
      await s.store.indicatorLifecycle.addWhitelist(orgId, { kind: 'cidr', value: '2001:db8::/32' });
      await s.store.indicatorLifecycle.addWhitelist(orgId, { kind: 'cidr', value: '10.0.0.0/8' });
      await s.store.indicatorLifecycle.addWhitelist(orgId, { kind: 'value', value: 'good.example' });
      const m = await s.store.indicatorLifecycle.whitelistMatcher(orgId);
      assert.equal(m.matches('2001:db8::1'), true);
      assert.equal(m.matches('2001:db9::1'), false);
      assert.equal(m.matches('10.200.1.1'), true);
      assert.equal(m.matches('11.0.0.1'), false);
      assert.equal(m.matches('GOOD.example'), true);
      assert.equal((await s.store.indicatorLifecycle.whitelistMatcher(other)).matches('10.200.1.1'), false);
    });
  });
}
