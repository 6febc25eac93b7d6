/**
 * The detection rule cache's promise, "a saved rule change takes effect within 5 s, whichever process made
 * it", tested with an injected clock instead of sleeps: a change the fingerprint sees applies on the next
 * read; one it cannot see applies once the cached index is older than maxAgeMs.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openStore, type Store } from '@vigil/store';
import { createTestDatabase, DIALECTS, TEST_SECRET, type TestDatabase } from '@vigil/store/testing';
import { createRuleSetCache } from '../src/detection/rule-set-cache.js';

for (const dialect of DIALECTS) {
  describe(`detection rule cache (${dialect})`, () => {
    let db: TestDatabase;
    let store: Store;
    let orgId: string;
    let rulesetId: string;

    before(async () => {
      db = await createTestDatabase(dialect);
      store = await openStore({ url: db.url, secret: TEST_SECRET });
      orgId = (await store.organizations.create({ name: 'Rule cache' })).id;
      rulesetId = (await store.rulesets.create({ orgId, name: 'Cache test', description: '' })).id;
    });
    after(async () => {
      await store?.close();
      await db?.drop();
    });

    const newRule = (name: string) =>
      store.rulesets.createRule({
        orgId,
        rulesetId,
        name,
        type: 'Host',
        title: name,
        severityOfAlerts: 2,
        alertDescription: '',
        aggregateFields: [],
        filter: `command = "${name}"`,
        window: 60,
        threshold: 1,
        suppressions: [],
        enabled: true,
      });
    const ruleIds = (index: { byType: ReadonlyMap<string, readonly { id: string }[]>; anyType: readonly { id: string }[] }) =>
      new Set([...index.anyType, ...[...index.byType.values()].flat()].map((r) => r.id));

    it('applies a change the fingerprint sees on the very next read, without waiting', async () => {
      let clock = 1_000_000;
      const cache = createRuleSetCache({ store, now: () => clock });
      const rule = await newRule(`seen-${Date.now()}`);
      assert.ok(ruleIds(await cache.get(orgId)).has(rule.id));
      // The fingerprint is the newest update in milliseconds: change the rule in a later one.
      while (Date.now() <= rule.updatedAt) await new Promise((resolve) => setImmediate(resolve));
      await store.rulesets.updateRule(orgId, rule.id, { enabled: false });
      clock += 1; // far inside maxAgeMs: only the fingerprint can explain a reload
      assert.ok(!ruleIds(await cache.get(orgId)).has(rule.id), 'the disabled rule is gone at once');
    });

    it('applies a change the fingerprint cannot see once the index is older than maxAgeMs (2 s, inside the 5 s promise)', async () => {
      let clock = 2_000_000;
      // A fingerprint that never moves stands for a change it cannot see (another process, same millisecond).
      const blind = new Proxy(store, {
        get: (target, key) =>
          key === 'detection' ? { ...target.detection, rulesFingerprint: async () => 'unchanged' } : Reflect.get(target, key),
      });
      const cache = createRuleSetCache({ store: blind, now: () => clock });
      const rule = await newRule(`blind-${Date.now()}`);
      assert.ok(ruleIds(await cache.get(orgId)).has(rule.id));
      await store.rulesets.updateRule(orgId, rule.id, { enabled: false });
      clock += 1_999;
      assert.ok(ruleIds(await cache.get(orgId)).has(rule.id), 'younger than maxAgeMs: still the cached index');
      clock += 1;
      assert.ok(!ruleIds(await cache.get(orgId)).has(rule.id), 'at maxAgeMs the index is reloaded');
    });
  });
}
