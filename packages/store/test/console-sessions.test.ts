/**
 * The store side of the console: sessions (digest only, idle and absolute expiry on the caller's clock,
 * organization switch, revocation by password change) and the dry run's event scan across many pages.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { DIALECTS } from '../src/testing.js';
import { newOrg, rawQuery, T0, useStore } from './support.js';

const MINUTE = 60_000;
let n = 0;

for (const dialect of DIALECTS) {
  describe(`${dialect}: console sessions and the event scan`, () => {
    const s = useStore(dialect);

    async function member() {
      const orgId = await newOrg(s.store);
      const user = await s.store.users.create({ email: `session.${process.pid}.${++n}@example.com`, displayName: 'U' });
      await s.store.memberships.upsert(orgId, user.id, 'user');
      return { orgId, user };
    }

    it('keeps only a digest, and ends a session when idle, at its absolute end, or on a password change', async () => {
      const { orgId, user } = await member();
      const check = (now: number) => ({ idleMs: 30 * MINUTE, now });
      const { token, session } = await s.store.consoleSessions.create({ userId: user.id, orgId, maxAgeMs: 120 * MINUTE, now: T0 });
      assert.equal(session.role, 'user');
      const [row] = await rawQuery(s.url, `select token_digest from console_sessions where id = '${session.id}'`);
      assert.equal(row!.token_digest, createHash('sha256').update(token).digest('hex'));
      assert.equal((await rawQuery(s.url, `select count(*) as n from console_sessions where token_digest = '${token}'`))[0]!.n, dialect === 'postgres' ? '0' : 0);

      for (let t = 25; t < 120; t += 25) assert.ok(await s.store.consoleSessions.authenticate(token, check(T0 + t * MINUTE)), `alive at ${t} min`);
      assert.equal(await s.store.consoleSessions.authenticate(token, check(T0 + 120 * MINUTE)), undefined, 'absolute end');

      const idle = await s.store.consoleSessions.create({ userId: user.id, orgId, maxAgeMs: 120 * MINUTE, now: T0 });
      assert.equal(await s.store.consoleSessions.authenticate(idle.token, check(T0 + 30 * MINUTE)), undefined, 'idle');

      const changed = await s.store.consoleSessions.create({ userId: user.id, orgId, maxAgeMs: 120 * MINUTE });
      await s.store.passwords.set(user.id, 'a new password');
      assert.equal(await s.store.consoleSessions.authenticate(changed.token, check(Date.now())), undefined);
      assert.equal(await s.store.consoleSessions.authenticate('x'.repeat(1000), check(Date.now())), undefined);
    });

    it('switches only to organizations of the user', async () => {
      const { orgId, user } = await member();
      const second = await newOrg(s.store);
      const foreign = await newOrg(s.store);
      await s.store.memberships.upsert(second, user.id, 'reader');
      const { token, session } = await s.store.consoleSessions.create({ userId: user.id, orgId, maxAgeMs: MINUTE * 60 });
      assert.equal(await s.store.consoleSessions.switchOrganization(session.id, foreign), false);
      assert.equal((await s.store.consoleSessions.authenticate(token, { idleMs: MINUTE * 30 }))?.orgId, orgId);
      assert.equal(await s.store.consoleSessions.switchOrganization(session.id, second), true);
      const moved = await s.store.consoleSessions.authenticate(token, { idleMs: MINUTE * 30 });
      assert.deepEqual([moved?.orgId, moved?.role], [second, 'reader']);
      assert.equal(await s.store.consoleSessions.revoke(session.id), true);
      assert.equal(await s.store.consoleSessions.revoke(session.id), false);
    });

    it('scanEvents reads every batch in the range once, newest first, across pages and equal receive times', async () => {
      const orgId = await newOrg(s.store);
      const { agent } = await s.store.ingest.registerAgent({ orgId, hostname: 'scan', at: T0 });
      // 230 batches, pairs sharing a receive time, so pages end inside a tie.
      for (let i = 0; i < 230; i++) {
        await s.store.ingest.storeBatch(orgId, agent.id, `b${String(i).padStart(3, '0')}`, [{ eventType: 'audit', timestamp: T0, data: { i } }], T0 + Math.floor(i / 2) * 1000);
      }
      const seen: number[] = [];
      for await (const events of s.store.ingest.scanEvents(orgId, { from: T0 + 5_000, until: T0 + 110_000 })) seen.push(...events.map((e) => e.data.i as number));
      const expected = Array.from({ length: 230 }, (_, i) => i).filter((i) => Math.floor(i / 2) >= 5 && Math.floor(i / 2) < 110).reverse();
      assert.deepEqual(seen, expected);
    });
  });
}
