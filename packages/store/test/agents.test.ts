import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StoreNotFoundError, StoreValidationError, type Agent } from '../src/index.js';
import { DIALECTS } from '../src/testing.js';
import { T0, agentInput, newOrg, pageAll, useStore } from './support.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: agents`, () => {
    const s = useStore(dialect);

    it('creates and gets an agent within its org only', async () => {
      const org = await newOrg(s.store);
      const other = await newOrg(s.store);
      const created = await s.store.agents.create(agentInput(org, { instanceId: 'i-123', createdAt: T0 }));
      assert.equal(created.createdAt, T0);
      const got = await s.store.agents.get(org, created.id);
      assert.deepEqual(got, created);
      assert.deepEqual(got?.ipAddresses, { private: ['10.0.0.1'], link_local: ['fe80::1'], public: [] });
      assert.deepEqual(got?.tags, [{ source: 'ec2', key: 'env', value: 'prod' }]);
      assert.deepEqual(got?.agentModuleHealth, { isHealthy: true, dnsTracer: 'HEALTHY' });
      assert.equal(await s.store.agents.get(other, created.id), undefined);
      assert.equal(await s.store.agents.get(org, 'nope'), undefined);
    });

    it('validates enums and the org', async () => {
      const org = await newOrg(s.store);
      await assert.rejects(s.store.agents.create(agentInput(org, { status: 'gone' as never })), StoreValidationError);
      await assert.rejects(s.store.agents.create(agentInput(org, { agentType: 'x' as never })), StoreValidationError);
      await assert.rejects(s.store.agents.create(agentInput('no-such-org')), StoreNotFoundError);
    });

    it('createMany inserts all in one transaction and count counts them', async () => {
      const org = await newOrg(s.store);
      const many = await s.store.agents.createMany(
        Array.from({ length: 3000 }, (_, i) => agentInput(org, { createdAt: T0 + i, hostname: `h${i}` })),
      );
      assert.equal(many.length, 3000);
      assert.equal(await s.store.agents.count(org), 3000);
      assert.deepEqual(await s.store.agents.get(org, many[1234]!.id), many[1234]);
      assert.deepEqual(await s.store.agents.createMany([]), []);

      // one bad row rolls the whole batch back
      const before = await s.store.agents.count(org);
      await assert.rejects(
        s.store.agents.createMany([agentInput(org), agentInput(org, { id: many[0]!.id })]),
        /already exists/,
      );
      assert.equal(await s.store.agents.count(org), before);
    });

    it('pages by (createdAt DESC, id DESC) without skipping or repeating while rows are inserted', async () => {
      const org = await newOrg(s.store);
      // three agents per timestamp, so the id tie-breaker matters
      const originals = await s.store.agents.createMany(
        Array.from({ length: 250 }, (_, i) => agentInput(org, { createdAt: T0 - Math.floor(i / 3) * 1000 })),
      );
      const expectedLater = new Set<string>();
      const expectedNever = new Set<string>();
      const pages = await pageAll(
        (after) => s.store.agents.list(org, { status: 'online' }, { limit: 40, after }),
        40,
        (a) => a.createdAt,
        async ([at], p) => {
          const newer = await s.store.agents.create(agentInput(org, { createdAt: T0 + 10_000 + p }));
          const sameTimeBefore = await s.store.agents.create(agentInput(org, { id: `zzzzzzzz-${p}`, createdAt: at }));
          const sameTimeAfter = await s.store.agents.create(
            agentInput(org, { id: `0000000000000000-${p}`, createdAt: at }),
          );
          const older = await s.store.agents.create(agentInput(org, { createdAt: T0 - 10_000_000 - p }));
          expectedNever.add(newer.id).add(sameTimeBefore.id);
          expectedLater.add(sameTimeAfter.id).add(older.id);
        },
      );
      const seen = pages.flat();
      const ids = seen.map((a) => a.id);
      assert.equal(new Set(ids).size, ids.length, 'no agent repeated');
      for (const a of originals) assert.ok(ids.includes(a.id), 'no original agent skipped');
      for (const id of expectedLater) assert.ok(ids.includes(id), 'rows inserted behind the cursor are returned');
      for (const id of expectedNever) assert.ok(!ids.includes(id), 'rows inserted ahead of the cursor are not');
      for (let i = 1; i < seen.length; i++) assert.ok(seen[i - 1]!.createdAt >= seen[i]!.createdAt, 'ordered');
      assert.ok(pages.length >= 7);
      assert.deepEqual(
        seen.find((a) => a.id === originals[0]!.id),
        originals[0],
        'list items are complete agents',
      );
    });

    it('filters by status, type, hostname, instance id and inclusive time range', async () => {
      const org = await newOrg(s.store);
      const other = await newOrg(s.store);
      const make = (over: Partial<Agent>) => s.store.agents.create(agentInput(org, over));
      const a = await make({ createdAt: T0, hostname: 'Web-1.example.com', instanceId: 'i-a' });
      const b = await make({ createdAt: T0 + 1000, hostname: 'web-2.example.com', agentType: 'investigate' });
      const c = await make({ createdAt: T0 + 2000, status: 'offline', hostname: 'db-1', instanceId: 'i-c' });
      const d = await make({ createdAt: T0 + 3000, hostname: 'web-1.example.com' });
      await s.store.agents.create(agentInput(other, { createdAt: T0 + 1500 }));

      const ids = async (filter: Parameters<typeof s.store.agents.list>[1]) =>
        (await s.store.agents.list(org, filter, { limit: 100 })).items.map((x) => x.id);

      assert.deepEqual(await ids({ status: 'online' }), [d.id, b.id, a.id]);
      assert.deepEqual(await ids({ status: 'offline' }), [c.id]);
      assert.deepEqual(await ids({ status: 'online', agentType: 'investigate' }), [b.id]);
      assert.deepEqual(await ids({ status: 'online', agentType: 'monitor' }), [d.id, a.id]);
      assert.deepEqual(await ids({ status: 'online', hostname: 'WEB-1.example.com' }), [d.id, a.id]);
      assert.deepEqual(await ids({ status: 'online', hostname: 'web-1' }), [], 'hostname is an exact match');
      assert.deepEqual(await ids({ status: 'online', instanceId: 'i-a' }), [a.id]);
      assert.deepEqual(await ids({ status: 'online', from: T0 + 1000 }), [d.id, b.id], 'from is inclusive');
      assert.deepEqual(await ids({ status: 'online', until: T0 + 1000 }), [b.id, a.id], 'until is inclusive');
      assert.deepEqual(await ids({ status: 'online', from: T0 + 1000, until: T0 + 1000 }), [b.id]);
      assert.deepEqual(await ids({ status: 'offline', from: T0 + 2001 }), []);
    });

    it('rejects bad page requests', async () => {
      const org = await newOrg(s.store);
      await assert.rejects(s.store.agents.list(org, { status: 'online' }, { limit: 0 }), StoreValidationError);
      await assert.rejects(
        s.store.agents.list(org, { status: 'online' }, { limit: 10, after: ['x', 'y'] as never }),
        StoreValidationError,
      );
    });
  });
}
