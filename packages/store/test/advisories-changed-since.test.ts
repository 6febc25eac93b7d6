/**
 * advisories.changedSince: what the matcher polls to learn which advisories another process wrote.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StoreValidationError } from '../src/index.js';
import { DIALECTS, advisoryFixture } from '../src/testing.js';
import { useStore } from './support.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: advisories.changedSince`, () => {
    const s = useStore(dialect);

    it('lists the advisories written at or after a time with their digests; an unchanged re-import is not a write', async () => {
      // Far in the future, so rows other tests write into the shared table stay out of the window.
      const at = Date.UTC(2090, 0, 1) + process.pid * 1000;
      const [a, b] = [`DEBIAN-CVE-2090-A${process.pid}`, `DEBIAN-CVE-2090-B${process.pid}`];
      await s.store.advisories.upsert([advisoryFixture(a)], at);
      await s.store.advisories.upsert([advisoryFixture(b)], at + 10);
      const mine = async (since: number) => (await s.store.advisories.changedSince(since)).filter((c) => c.id === a || c.id === b);

      const both = await mine(at);
      assert.deepEqual(both.map((c) => [c.id, c.updatedAt]), [[a, at], [b, at + 10]]);
      assert.match(both[0]!.digest, /^[0-9a-f]{64}$/);
      assert.deepEqual((await mine(at + 1)).map((c) => c.id), [b]);

      await s.store.advisories.upsert([advisoryFixture(a)], at + 20);
      assert.deepEqual((await mine(at + 11)).map((c) => c.id), [], 'the same content again writes nothing');

      await s.store.advisories.upsert([advisoryFixture(a, { withdrawn: '2090-02-01T00:00:00Z' })], at + 30);
      const withdrawn = await mine(at + 11);
      assert.deepEqual(withdrawn.map((c) => [c.id, c.updatedAt]), [[a, at + 30]], 'a withdrawal is a change');
      assert.notEqual(withdrawn[0]!.digest, both[0]!.digest);
    });

    it("moves the feed's change counter (organization '') with every write, in the writing transaction", async () => {
      const id = `DEBIAN-CVE-2091-C${process.pid}`;
      const before = await s.store.changes.version('', 'advisories');
      await s.store.advisories.upsert([advisoryFixture(id)]);
      const inserted = await s.store.changes.version('', 'advisories');
      assert.ok(inserted > before, `${before} → ${inserted}`);
      await s.store.advisories.upsert([advisoryFixture(id, { withdrawn: '2091-01-01T00:00:00Z' })]);
      assert.ok((await s.store.changes.version('', 'advisories')) > inserted, 'a withdrawal moves it too');
    });

    it('refuses a time that is not integer epoch milliseconds', async () => {
      await assert.rejects(s.store.advisories.changedSince(1.5), StoreValidationError);
      await assert.rejects(s.store.advisories.changedSince('yesterday' as unknown as number), StoreValidationError);
    });
  });
}
