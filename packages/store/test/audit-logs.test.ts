import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditFilter, NewAuditRecord } from '../src/index.js';
import { DIALECTS } from '../src/testing.js';
import { T0, newOrg, pageAll, useStore } from './support.js';

function entry(orgId: string, over: Partial<NewAuditRecord> = {}): NewAuditRecord {
  return {
    orgId,
    userId: 'u-1',
    userEmail: 'Ann@Example.com',
    result: 'success',
    crud: 'update',
    action: 'dismiss_alerts',
    source: 'api',
    description: 'Dismissed alerts',
    context: { ids: ['a', 'b'] },
    ...over,
  };
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: audit logs`, () => {
    const s = useStore(dialect);

    it('records with defaults and round-trips every field', async () => {
      const org = await newOrg(s.store);
      const before = Date.now();
      const rec = await s.store.auditLogs.record(entry(org));
      assert.ok(rec.eventTime >= before);
      assert.match(rec.id, /^[0-9a-f-]{36}$/);
      const listed = await s.store.auditLogs.list(org, {}, { limit: 10 });
      assert.deepEqual(listed, { items: [rec] });
      const anonymous = await s.store.auditLogs.record(
        entry(org, { id: 'given', userId: null, userEmail: null, eventTime: T0, context: {} }),
      );
      assert.deepEqual(anonymous, { ...entry(org), id: 'given', userId: null, userEmail: null, eventTime: T0, context: {} });
    });

    it('lists newest first and pages by (eventTime DESC, id DESC)', async () => {
      const org = await newOrg(s.store);
      const other = await newOrg(s.store);
      const recorded = [];
      for (let i = 0; i < 120; i++) {
        recorded.push(await s.store.auditLogs.record(entry(org, { eventTime: T0 + Math.floor(i / 4) * 1000 })));
      }
      await s.store.auditLogs.record(entry(other, { eventTime: T0 + 500 }));
      const pages = await pageAll(
        (after) => s.store.auditLogs.list(org, {}, { limit: 50, after }),
        50,
        (r) => r.eventTime,
      );
      assert.deepEqual(
        pages.map((p) => p.length),
        [50, 50, 20],
      );
      const seen = pages.flat();
      assert.equal(new Set(seen.map((r) => r.id)).size, 120);
      for (let i = 1; i < seen.length; i++) assert.ok(seen[i - 1]!.eventTime >= seen[i]!.eventTime);
      assert.ok(seen.every((r) => r.orgId === org));
    });

    it('filters by operation, user email (case-insensitive), user id and inclusive time range', async () => {
      const org = await newOrg(s.store);
      const a = await s.store.auditLogs.record(entry(org, { eventTime: T0, crud: 'delete' }));
      const b = await s.store.auditLogs.record(
        entry(org, { eventTime: T0 + 1000, userId: 'u-2', userEmail: 'bob@example.com', crud: 'create' }),
      );
      const c = await s.store.auditLogs.record(entry(org, { eventTime: T0 + 2000, crud: 'delete' }));
      const ids = async (filter: AuditFilter) =>
        (await s.store.auditLogs.list(org, filter, { limit: 50 })).items.map((r) => r.id);

      assert.deepEqual(await ids({}), [c.id, b.id, a.id]);
      assert.deepEqual(await ids({ operation: 'delete' }), [c.id, a.id]);
      assert.deepEqual(await ids({ userEmail: 'ann@example.COM' }), [c.id, a.id]);
      assert.deepEqual(await ids({ userId: 'u-2' }), [b.id]);
      assert.deepEqual(await ids({ from: T0 + 1000 }), [c.id, b.id]);
      assert.deepEqual(await ids({ until: T0 + 1000 }), [b.id, a.id]);
      assert.deepEqual(await ids({ operation: 'delete', from: T0, until: T0 }), [a.id]);
    });

    it('filters by action, exactly', async () => {
      const org = await newOrg(s.store);
      const a = await s.store.auditLogs.record(entry(org, { eventTime: T0, action: 'invite_member' }));
      await s.store.auditLogs.record(entry(org, { eventTime: T0 + 1000, action: 'remove_member' }));
      const c = await s.store.auditLogs.record(entry(org, { eventTime: T0 + 2000, action: 'invite_member' }));
      const ids = async (filter: AuditFilter) =>
        (await s.store.auditLogs.list(org, filter, { limit: 50 })).items.map((r) => r.id);
      assert.deepEqual(await ids({ action: 'invite_member' }), [c.id, a.id]);
      assert.deepEqual(await ids({ action: 'INVITE_MEMBER' }), []);
      assert.deepEqual(await ids({ action: 'invite_member', until: T0 + 1000 }), [a.id]);
    });
  });
}
