import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAccessTokenCache } from '../src/internal/access-token-cache.js';
import { DIALECTS } from '../src/testing.js';
import { newOrg, rawQuery, useStore } from './support.js';

const principal = (accessExpiresAt: number) => ({
  tokenId: 't',
  clientId: 'c',
  userId: 'u',
  userEmail: 'u@example.com',
  orgId: 'o',
  role: 'owner' as const,
  accessExpiresAt,
});
const TTL = { accessTtlSec: 3600, refreshTtlSec: 86_400 };

describe('access-token cache', () => {
  it('expires entries after the TTL, never answers for an expired token and is bounded', async () => {
    const cache = createAccessTokenCache({ ttlMs: 30, maxEntries: 2 });
    const now = Date.now();
    cache.set('d', principal(now + 60_000), cache.generation());
    assert.equal(cache.get('d', now)?.userId, 'u');
    assert.equal(cache.get('d', now + 60_000), undefined, 'the token expired');
    assert.equal(cache.get('other', now), undefined);
    await new Promise((r) => setTimeout(r, 40));
    assert.equal(cache.get('d', now), undefined, 'stale');
    for (const d of ['a', 'b', 'c']) cache.set(d, principal(now + 60_000), cache.generation());
    assert.ok(cache.get('c', now));
  });

  it('drops a lookup that read the database before a clear', () => {
    const cache = createAccessTokenCache();
    const before = cache.generation();
    cache.clear(); // a revocation committed while the lookup was reading
    cache.set('d', principal(Date.now() + 60_000), before);
    assert.equal(cache.get('d', Date.now()), undefined);
  });
});

let n = 0;
const email = () => `atc.${process.pid}.${++n}@example.com`;

for (const dialect of DIALECTS) {
  describe(`${dialect}: a cached access token is refused at once after`, () => {
    const s = useStore(dialect);

    /** A member with a client and a token that has just been authenticated (so it is cached). */
    async function session() {
      const orgId = await newOrg(s.store);
      const user = await s.store.users.create({ email: email(), displayName: 'U' });
      await s.store.memberships.upsert(orgId, user.id, 'owner');
      const { client } = await s.store.oauth.createClient({ orgId, userId: user.id, name: 'c' });
      const pair = await s.store.oauth.issueTokens({ clientId: client.id, userId: user.id, orgId, grantType: 'password', ...TTL });
      assert.equal((await s.store.oauth.authenticate(pair.accessToken))?.role, 'owner');
      return { orgId, user, client, pair };
    }

    it('its client is revoked', async () => {
      const { orgId, client, pair } = await session();
      await s.store.oauth.revokeClient(client.id, orgId);
      assert.equal(await s.store.oauth.authenticate(pair.accessToken), undefined);
    });

    it('its refresh token is spent', async () => {
      const { pair } = await session();
      assert.ok(await s.store.oauth.refresh(pair.refreshToken, TTL));
      assert.equal(await s.store.oauth.authenticate(pair.accessToken), undefined);
    });

    it("its user's tokens are revoked or the password changes", async () => {
      const a = await session();
      await s.store.oauth.revokeForUser(a.user.id);
      assert.equal(await s.store.oauth.authenticate(a.pair.accessToken), undefined);
      const b = await session();
      await s.store.passwords.set(b.user.id, 'a brand new password');
      assert.equal(await s.store.oauth.authenticate(b.pair.accessToken), undefined);
    });

    it('the membership changes or goes', async () => {
      const { orgId, user, pair } = await session();
      await s.store.memberships.upsert(orgId, user.id, 'reader');
      assert.equal((await s.store.oauth.authenticate(pair.accessToken))?.role, 'reader');
      await s.store.memberships.remove(orgId, user.id);
      assert.equal(await s.store.oauth.authenticate(pair.accessToken), undefined);
    });

    it('it expires, and within a second when another process revokes it', async () => {
      const { pair } = await session();
      assert.equal(await s.store.oauth.authenticate(pair.accessToken, Date.now() + 3600_000 + 1), undefined, 'expired');
      // As the CLI or another server would: straight in the database, which this store cannot notice.
      const principal = await s.store.oauth.authenticate(pair.accessToken);
      await rawQuery(s.url, `update users set enabled = 0 where id = '${principal!.userId}' returning id`);
      await new Promise((r) => setTimeout(r, 1100));
      assert.equal(await s.store.oauth.authenticate(pair.accessToken), undefined, 'disabled by another process');
    });
  });
}
