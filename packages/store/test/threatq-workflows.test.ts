/**
 * The repositories behind ThreatQ's multi-step shapes (migration 0015) on both databases: import jobs
 * expire and are claimed once, upload chunks are bounded, expire and belong to one user, and custom event
 * type ids continue after the 14 defaults per organization, also when created at the same time.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StoreConflictError } from '../src/index.js';
import { DIALECTS } from '../src/testing.js';
import { newOrg, useStore } from './support.js';

const HOUR = 3_600_000;
const limits = { maxBytes: 10, maxPendingBytes: 15, ttlMs: HOUR };
const bytes = (n: number) => new Uint8Array(n).fill(65);

for (const dialect of DIALECTS) {
  describe(`${dialect}: ThreatQ workflow repositories`, () => {
    const s = useStore(dialect);

    it('claims an import job once, and forgets it when it expires', async () => {
      const orgId = await newOrg(s.store);
      const now = Date.now();
      const job = await s.store.importJobs.create(orgId, { userId: 'u', contentTypeId: 6, normalize: true, indicators: [{ typeId: 11, value: 'a.example' }], ttlMs: HOUR }, now);
      const claims = await Promise.all([s.store.importJobs.claim(orgId, job.id, now), s.store.importJobs.claim(orgId, job.id, now)]);
      assert.equal(claims.filter(Boolean).length, 1, 'only one of two racing commits runs');
      assert.deepEqual(claims.find(Boolean)!.indicators, [{ typeId: 11, value: 'a.example' }]);
      assert.equal(await s.store.importJobs.update(orgId, job.id, { importSource: 'x' }, now), undefined, 'not pending any more');
      await s.store.importJobs.release(orgId, job.id);
      assert.equal((await s.store.importJobs.get(orgId, job.id, now))!.state, 'pending');
      assert.equal(await s.store.importJobs.get(orgId, job.id, now + HOUR), undefined);
      assert.equal(await s.store.importJobs.claim(orgId, job.id, now + HOUR), undefined);
      const otherOrg = await newOrg(s.store);
      assert.equal(await s.store.importJobs.get(otherOrg, job.id, now), undefined);
      // A later job purges the expired one.
      await s.store.importJobs.create(orgId, { userId: 'u', contentTypeId: 6, normalize: true, indicators: [], ttlMs: HOUR }, now + 2 * HOUR);
      assert.equal(await s.store.importJobs.get(orgId, job.id, now), undefined);
    });

    it('bounds, assembles and expires upload chunks per user', async () => {
      const orgId = await newOrg(s.store);
      const now = Date.now();
      const chunk = (identifier: string, chunkNumber: number, totalChunks: number, n: number, userId = 'u1', at = now) =>
        s.store.attachmentUploads.putChunk(orgId, { userId, identifier, chunkNumber, totalChunks, filename: `${identifier}.bin`, contentType: 'application/octet-stream', content: bytes(n) }, limits, at);
      assert.deepEqual(await chunk('a', 1, 2, 6), { ok: true, received: 1, totalChunks: 2, size: 6 });
      assert.deepEqual(await chunk('a', 2, 2, 5), { ok: false, reason: 'file_too_large' });
      assert.deepEqual(await chunk('a', 2, 3, 1), { ok: false, reason: 'total_chunks_changed' });
      assert.deepEqual(await chunk('b', 1, 1, 10), { ok: false, reason: 'too_many_pending' });
      assert.equal((await chunk('b', 1, 1, 9, 'u2')).ok, true, 'another user has their own budget');
      assert.equal(await s.store.attachmentUploads.complete(orgId, 'u1', 'a.bin', now), undefined, 'incomplete');
      assert.equal((await chunk('a', 2, 2, 4)).ok, true);
      const done = await s.store.attachmentUploads.complete(orgId, 'u1', 'a.bin', now);
      assert.equal(done!.content.length, 10);
      assert.equal(await s.store.attachmentUploads.complete(orgId, 'u2', 'a.bin', now), undefined);
      assert.equal(await s.store.attachmentUploads.complete(orgId, 'u1', 'a.bin', now + HOUR), undefined, 'expired');
      // Expired chunks free the budget at the next upload.
      assert.equal((await chunk('c', 1, 1, 10, 'u1', now + HOUR)).ok, true);
      await s.store.attachmentUploads.remove(orgId, 'u1', 'c');
      assert.equal(await s.store.attachmentUploads.complete(orgId, 'u1', 'c.bin', now + HOUR), undefined);
    });

    it('numbers custom event types from 15 per organization and refuses taken names', async () => {
      const orgId = await newOrg(s.store);
      const made = await Promise.all(['One', 'Two', 'Three', 'Four'].map((name) => s.store.eventTypes.create(orgId, name)));
      assert.deepEqual(made.map((t) => t.id).sort((a, b) => a - b), [15, 16, 17, 18]);
      await assert.rejects(s.store.eventTypes.create(orgId, 'one'), StoreConflictError);
      const otherOrg = await newOrg(s.store);
      assert.equal((await s.store.eventTypes.create(otherOrg, 'One')).id, 15);
      assert.deepEqual((await s.store.eventTypes.list(orgId)).map((t) => t.id), [15, 16, 17, 18]);
    });
  });
}
