import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCredentialsCache } from '../src/internal/credentials-cache.js';
import { DIALECTS, openTestStore } from '../src/testing.js';

const creds = (key: string) => ({
  user: { id: 'u', email: 'u@example.com', displayName: 'U', enabled: true, ssoEnabled: false, mfaEnabled: false, createdAt: 0, lastAuthenticatedAt: null },
  key,
  role: 'owner' as const,
});

describe('credentials cache', () => {
  it('expires entries after the TTL and is bounded', async () => {
    const cache = createCredentialsCache({ ttlMs: 30, maxEntries: 2 });
    cache.set('u', 'o', creds('k'), cache.generation());
    assert.equal(cache.get('u', 'o')?.key, 'k');
    assert.equal(cache.get('u', 'other'), undefined);
    await new Promise((r) => setTimeout(r, 40));
    assert.equal(cache.get('u', 'o'), undefined);
    cache.set('a', 'o', creds('1'), cache.generation());
    cache.set('b', 'o', creds('2'), cache.generation());
    cache.set('c', 'o', creds('3'), cache.generation());
    assert.equal(cache.get('c', 'o')?.key, '3');
  });

  it('does not store a lookup that started before a clear (a rotation racing the read)', () => {
    const cache = createCredentialsCache({ ttlMs: 1000 });
    const before = cache.generation();
    cache.clear(); // the key is rotated while the lookup is reading the old one
    cache.set('u', 'o', creds('old'), before);
    assert.equal(cache.get('u', 'o'), undefined);
    cache.set('u', 'o', creds('new'), cache.generation());
    assert.equal(cache.get('u', 'o')?.key, 'new');
  });
});

for (const dialect of DIALECTS) {
  describe(`credentials lookups see changes at once (${dialect})`, () => {
    it('after a key rotation and a membership change made through the store', async (t) => {
      const { store, cleanup } = await openTestStore(dialect);
      t.after(cleanup);
      await store.organizations.create({ id: 'org1', name: 'Org' });
      const user = await store.users.create({ email: 'c@example.com', displayName: 'C' });
      await store.memberships.upsert('org1', user.id, 'user');
      const { key: first } = await store.apiKeys.issue(user.id);
      assert.equal((await store.apiKeys.credentials(user.id, 'org1'))?.key, first);
      const { key: second } = await store.apiKeys.issue(user.id);
      assert.equal((await store.apiKeys.credentials(user.id, 'org1'))?.key, second);
      await store.memberships.upsert('org1', user.id, 'reader');
      assert.equal((await store.apiKeys.credentials(user.id, 'org1'))?.role, 'reader');
      await store.memberships.remove('org1', user.id);
      assert.equal((await store.apiKeys.credentials(user.id, 'org1'))?.role, null);
    });
  });
}
