import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StoreDecryptionError, StoreNotFoundError, StoreValidationError, openStore } from '../src/index.js';
import { DIALECTS } from '../src/testing.js';
import { newOrg, rawQuery, useStore } from './support.js';

let n = 0;
function email(): string {
  n += 1;
  return `key-user.${process.pid}.${n}@example.com`;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: api keys`, () => {
    const s = useStore(dialect);

    it('issues a random base64url key and returns it with credentials', async () => {
      const org = await newOrg(s.store);
      const user = await s.store.users.create({ email: email(), displayName: 'K' });
      await s.store.memberships.upsert(org, user.id, 'user');
      const { key, info } = await s.store.apiKeys.issue(user.id);
      assert.match(key, /^[A-Za-z0-9_-]{43}$/, '32 random bytes in base64url');
      assert.deepEqual(info, { id: info.id, userId: user.id, prefix: key.slice(0, 4), createdAt: info.createdAt, revokedAt: null });
      const creds = await s.store.apiKeys.credentials(user.id, org);
      assert.deepEqual(creds, { user, key, role: 'user' });
    });

    it('stores a given key, refusing keys shorter than 32 characters', async () => {
      const user = await s.store.users.create({ email: email(), displayName: 'K' });
      await assert.rejects(s.store.apiKeys.issue(user.id, 'x'.repeat(31)), StoreValidationError);
      const given = 'given-key-0123456789-0123456789-0123456789';
      const { key } = await s.store.apiKeys.issue(user.id, given);
      assert.equal(key, given);
      assert.equal((await s.store.apiKeys.credentials(user.id, 'any-org'))?.key, given);
    });

    it('rotating revokes every earlier key of the user', async () => {
      const org = await newOrg(s.store);
      const user = await s.store.users.create({ email: email(), displayName: 'R' });
      await s.store.memberships.upsert(org, user.id, 'owner');
      const first = await s.store.apiKeys.issue(user.id);
      const second = await s.store.apiKeys.issue(user.id);
      assert.notEqual(first.key, second.key);
      const creds = await s.store.apiKeys.credentials(user.id, org);
      assert.equal(creds?.key, second.key);

      const listed = await s.store.apiKeys.list(user.id);
      assert.equal(listed.length, 2);
      const old = listed.find((k) => k.id === first.info.id);
      const current = listed.find((k) => k.id === second.info.id);
      assert.equal(typeof old?.revokedAt, 'number');
      assert.equal(current?.revokedAt, null);
      assert.ok(!JSON.stringify(listed).includes(second.key), 'listing never contains the key');
      assert.ok((await s.store.apiKeys.list()).length >= 2);
    });

    it('concurrent rotations leave exactly one active key', async () => {
      const user = await s.store.users.create({ email: email(), displayName: 'C' });
      const issued = await Promise.all([1, 2, 3, 4].map(() => s.store.apiKeys.issue(user.id)));
      const active = (await s.store.apiKeys.list(user.id)).filter((k) => k.revokedAt === null);
      assert.equal(active.length, 1);
      const key = (await s.store.apiKeys.credentials(user.id, 'x'))?.key;
      assert.ok(issued.some((i) => i.key === key));
    });

    it('stores only ciphertext', async () => {
      const user = await s.store.users.create({ email: email(), displayName: 'C' });
      const { key } = await s.store.apiKeys.issue(user.id);
      const rows = await rawQuery(s.url, `select * from api_keys where user_id = '${user.id}'`);
      assert.equal(rows.length, 1);
      const stored = JSON.stringify(rows);
      assert.ok(!stored.includes(key), 'the key is not stored in clear');
      assert.ok(!stored.includes(Buffer.from(key).toString('base64url')));
      assert.match(String(rows[0]!.key_ciphertext), /^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    });

    it('role is null for a non-member and for an unknown org', async () => {
      const org = await newOrg(s.store);
      const user = await s.store.users.create({ email: email(), displayName: 'N' });
      const { key } = await s.store.apiKeys.issue(user.id);
      assert.deepEqual(await s.store.apiKeys.credentials(user.id, org), { user, key, role: null });
      assert.equal((await s.store.apiKeys.credentials(user.id, 'no-such-org'))?.role, null);
    });

    it('returns undefined without a user or an active key', async () => {
      const user = await s.store.users.create({ email: email(), displayName: 'U' });
      assert.equal(await s.store.apiKeys.credentials(user.id, 'x'), undefined);
      assert.equal(await s.store.apiKeys.credentials('no-such-user', 'x'), undefined);
      assert.equal(await s.store.apiKeys.credentials('nul\0user', 'x'), undefined);
      assert.equal(await s.store.apiKeys.credentials(user.id, 'nul\0org'), undefined);
      await assert.rejects(s.store.apiKeys.issue('no-such-user'), StoreNotFoundError);
    });

    // Decision: a store opened with another secret THROWS StoreDecryptionError from credentials (rather than
    // returning undefined), so a changed server secret shows up as a loud server error, not as every
    // client's credentials suddenly being "wrong".
    it('a store opened with another secret cannot decrypt: credentials throws StoreDecryptionError', async () => {
      const org = await newOrg(s.store);
      const user = await s.store.users.create({ email: email(), displayName: 'W' });
      await s.store.memberships.upsert(org, user.id, 'user');
      const { key } = await s.store.apiKeys.issue(user.id);
      const wrong = await openStore({ url: s.url, secret: 'a-completely-different-server-secret-value', migrate: false });
      try {
        await assert.rejects(wrong.apiKeys.credentials(user.id, org), (err: unknown) => {
          assert.ok(err instanceof StoreDecryptionError);
          assert.ok(!err.message.includes(key));
          return true;
        });
      } finally {
        await wrong.close();
      }
      // the right secret still works (the decryption cache is per store, not shared)
      assert.equal((await s.store.apiKeys.credentials(user.id, org))?.key, key);
    });
  });
}
