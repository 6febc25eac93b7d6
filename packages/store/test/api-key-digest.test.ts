import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../src/index.js';
import { DIALECTS, TEST_SECRET } from '../src/testing.js';
import { newOrg, rawQuery, useStore } from './support.js';

let n = 0;
function email(): string {
  n += 1;
  return `digest-user.${process.pid}.${n}@example.com`;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: API keys found by value (migration 0007)`, () => {
    const s = useStore(dialect);

    it('finds the active key by value with the role in the organization, and nothing else', async () => {
      const org = await newOrg(s.store);
      const user = await s.store.users.create({ email: email(), displayName: 'D' });
      await s.store.memberships.upsert(org, user.id, 'reader');
      const { key } = await s.store.apiKeys.issue(user.id);
      assert.deepEqual(await s.store.apiKeys.findByKey(key, org), { user, key, role: 'reader' });
      assert.deepEqual(await s.store.apiKeys.findByKey(key, 'another-org'), { user, key, role: null });
      for (const wrong of [key.slice(0, -1) + (key.endsWith('a') ? 'b' : 'a'), key.slice(0, 31), key + key, '', 'x'.repeat(2000)]) {
        assert.equal(await s.store.apiKeys.findByKey(wrong, org), undefined, wrong.slice(0, 12));
      }
      assert.equal(await s.store.apiKeys.findByKey(key, 'org\0x'), undefined);

      // The table holds a keyed digest, not the key nor a plain hash of it.
      const [row] = await rawQuery(s.url, `select key_digest from api_keys where user_id = '${user.id}' and revoked_at is null`);
      assert.match(String(row!.key_digest), /^[A-Za-z0-9_-]{43}$/);
      assert.ok(!String(row!.key_digest).includes(key));
    });

    it('forgets a rotated key at once (its digest is cleared with the revocation)', async () => {
      const org = await newOrg(s.store);
      const user = await s.store.users.create({ email: email(), displayName: 'R' });
      await s.store.memberships.upsert(org, user.id, 'user');
      const first = await s.store.apiKeys.issue(user.id);
      assert.ok(await s.store.apiKeys.findByKey(first.key, org), 'cached now');
      const second = await s.store.apiKeys.issue(user.id);
      assert.equal(await s.store.apiKeys.findByKey(first.key, org), undefined);
      assert.equal((await s.store.apiKeys.findByKey(second.key, org))?.user.id, user.id);
      const rows = await rawQuery(s.url, `select key_digest from api_keys where user_id = '${user.id}' and revoked_at is not null`);
      assert.deepEqual(rows.map((r) => r.key_digest), [null]);
    });

    it('sees a membership change at once', async () => {
      const org = await newOrg(s.store);
      const user = await s.store.users.create({ email: email(), displayName: 'M' });
      const { key } = await s.store.apiKeys.issue(user.id);
      assert.equal((await s.store.apiKeys.findByKey(key, org))?.role, null);
      await s.store.memberships.upsert(org, user.id, 'owner');
      assert.equal((await s.store.apiKeys.findByKey(key, org))?.role, 'owner');
    });

    it('refuses the same active key for two users (a v1 key must name one user)', async () => {
      const a = await s.store.users.create({ email: email(), displayName: 'A' });
      const b = await s.store.users.create({ email: email(), displayName: 'B' });
      const { key } = await s.store.apiKeys.issue(a.id);
      await assert.rejects(s.store.apiKeys.issue(b.id, key));
      assert.equal((await s.store.apiKeys.findByKey(key, 'x'))?.user.id, a.id);
    });

    it('backfills the digest of keys stored before the migration when the store opens', async () => {
      const org = await newOrg(s.store);
      const user = await s.store.users.create({ email: email(), displayName: 'B' });
      await s.store.memberships.upsert(org, user.id, 'user');
      const { key } = await s.store.apiKeys.issue(user.id);
      // As a row written before 0007 looks: no digest.
      await rawQuery(s.url, `update api_keys set key_digest = null where user_id = '${user.id}' returning id`);
      const reopened = await openStore({ url: s.url, secret: TEST_SECRET });
      try {
        assert.equal((await reopened.apiKeys.findByKey(key, org))?.user.id, user.id);
        const [row] = await rawQuery(s.url, `select key_digest from api_keys where user_id = '${user.id}'`);
        assert.ok(row!.key_digest, 'filled in');
        assert.equal(await reopened.apiKeys.backfillDigests(), 0, 'nothing left to fill');
      } finally {
        await reopened.close();
      }
    });

    it('derives the digest from the secret: a store with another secret finds nothing', async () => {
      const org = await newOrg(s.store);
      const user = await s.store.users.create({ email: email(), displayName: 'S' });
      await s.store.memberships.upsert(org, user.id, 'user');
      const { key } = await s.store.apiKeys.issue(user.id);
      const other = await openStore({ url: s.url, secret: `${TEST_SECRET}-other` });
      try {
        assert.equal(await other.apiKeys.findByKey(key, org), undefined);
      } finally {
        await other.close();
      }
    });
  });
}
