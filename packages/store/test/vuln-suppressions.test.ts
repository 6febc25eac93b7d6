import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StoreNotFoundError, StoreValidationError } from '../src/index.js';
import { DIALECTS } from '../src/testing.js';
import { T0, newOrg, useStore } from './support.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: vulnerability suppressions`, () => {
    const s = useStore(dialect);

    it('creates, reads, replaces, lists by expiry and deletes, within one organization', async () => {
      const [org, other] = [await newOrg(s.store), await newOrg(s.store)];
      const agent = (await s.store.ingest.registerAgent({ orgId: org, hostname: 'web-1' })).agent.id;
      const sup = s.store.vulnSuppressions;
      const byCve = await sup.create(org, { cve: 'cve-2024-1234', reason: 'not reachable' }, 'user-1', T0);
      assert.deepEqual(byCve, {
        id: byCve.id,
        orgId: org,
        cve: 'CVE-2024-1234',
        package: null,
        agentId: null,
        tag: null,
        reason: 'not reachable',
        expiresAt: null,
        createdBy: 'user-1',
        createdAt: T0,
        updatedAt: T0,
      });
      const byTag = await sup.create(org, { tag: { source: 'ec2', key: 'env', value: 'dev' }, package: 'openssl', agentId: agent, reason: 'lab', expiresAt: T0 + 10 }, null, T0 + 1);
      assert.deepEqual(byTag.tag, { source: 'ec2', key: 'env', value: 'dev' });
      assert.deepEqual(await sup.get(org, byTag.id), byTag);
      assert.equal(await sup.get(other, byTag.id), undefined);

      const ids = async (active?: boolean) => (await sup.list(org, { active, now: T0 + 100 }, { limit: 10 })).items.map((x) => x.id);
      assert.deepEqual(await ids(), [byTag.id, byCve.id], 'newest first');
      assert.deepEqual(await ids(true), [byCve.id]);
      assert.deepEqual(await ids(false), [byTag.id]);
      const first = await sup.list(org, {}, { limit: 1 });
      assert.deepEqual((await sup.list(org, {}, { limit: 1, after: first.next })).items.map((x) => x.id), [byCve.id]);

      const updated = await sup.update(org, byTag.id, { package: 'libssl3', reason: 'still lab' }, T0 + 5);
      assert.deepEqual({ ...updated, id: undefined }, { ...byTag, id: undefined, package: 'libssl3', agentId: null, tag: null, reason: 'still lab', expiresAt: null, updatedAt: T0 + 5 });
      assert.equal(await sup.update(other, byTag.id, { cve: 'CVE-1', reason: 'x' }), undefined, 'another organization cannot update it');
      assert.equal(await sup.delete(other, byTag.id), false);
      assert.equal(await sup.delete(org, byTag.id), true);
      assert.equal(await sup.delete(org, byTag.id), false);
      assert.deepEqual(await ids(), [byCve.id]);
    });

    it('refuses suppressions without a criterion or reason, malformed fields and another organization\'s agent', async () => {
      const [org, other] = [await newOrg(s.store), await newOrg(s.store)];
      const foreign = (await s.store.ingest.registerAgent({ orgId: other, hostname: 'x' })).agent.id;
      const sup = s.store.vulnSuppressions;
      await assert.rejects(sup.create(org, { reason: 'why' }, null), /at least one of/);
      await assert.rejects(sup.create(org, { cve: 'CVE-2024-1', reason: ' ' }, null), /reason/);
      await assert.rejects(sup.create(org, { tag: { source: null, key: 'env', value: '' }, reason: 'r' }, null), StoreValidationError);
      await assert.rejects(sup.create(org, { cve: 'CVE-2024-1', reason: 'r', expiresAt: 1.5 }, null), /expiresAt/);
      await assert.rejects(sup.create(org, { agentId: foreign, reason: 'r' }, null), StoreNotFoundError);
      assert.deepEqual((await sup.list(org, {}, { limit: 10 })).items, []);
    });
  });
}
