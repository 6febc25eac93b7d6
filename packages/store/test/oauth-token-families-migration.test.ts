/**
 * Migration 0020 on a database written before it: every existing token becomes a family of its own, so a
 * replayed old refresh token revokes only its own row, and tokens issued before the upgrade keep working.
 */
import assert from 'node:assert/strict';
import { hash } from 'node:crypto';
import { describe, it } from 'node:test';
import { Migrator } from 'kysely';
import { openStore } from '../src/open-store.js';
import { provider } from '../src/migrations/index.js';
import { createTestDatabase, DIALECTS, TEST_SECRET } from '../src/testing.js';
import { bareKysely } from './support.js';

const T0 = Date.now();
const digest = (value: string) => hash('sha256', value, 'hex');
const TTL = { accessTtlSec: 3600, refreshTtlSec: 86_400 };

function tokenRow(id: string, secret: string, revokedAt: number | null) {
  return {
    id, access_digest: digest(`access-${secret}`), refresh_digest: digest(`refresh-${secret}`), client_id: 'c', user_id: 'u',
    org_id: 'o', grant_type: 'password', access_expires_at: T0 + 3_600_000, refresh_expires_at: T0 + 86_400_000,
    created_at: T0, revoked_at: revokedAt,
  };
}

for (const dialect of DIALECTS) {
  describe(`OAuth token families migration (${dialect})`, () => {
    it('gives each existing token its own family; old tokens keep working and a replay revokes only its own', async () => {
      const db = await createTestDatabase(dialect, { empty: true });
      const k = bareKysely(db.url);
      try {
        const to = await new Migrator({ db: k, provider }).migrateTo('0018-indicator-value-lookups');
        assert.equal(to.error, undefined);
        await k.insertInto('organizations').values({ id: 'o', name: 'O', created_at: T0 }).execute();
        await k.insertInto('users').values({ id: 'u', email: 'u@example.com', email_norm: 'u@example.com', display_name: 'U', created_at: T0 }).execute();
        await k.insertInto('memberships').values({ org_id: 'o', user_id: 'u', role: 'owner', created_at: T0 }).execute();
        await k.insertInto('oauth_clients').values({ id: 'c', secret_digest: digest('s'), name: 'C', org_id: 'o', user_id: 'u', created_at: T0, revoked_at: null }).execute();
        await k.insertInto('oauth_tokens').values([tokenRow('spent', 'a', T0), tokenRow('live', 'b', null)]).execute();
      } finally {
        await k.destroy();
      }

      const store = await openStore({ url: db.url, secret: TEST_SECRET });
      try {
        const check = bareKysely(db.url);
        try {
          const rows = await check.selectFrom('oauth_tokens').select(['id', 'family_id']).orderBy('id').execute();
          assert.deepEqual(rows, [{ id: 'live', family_id: 'live' }, { id: 'spent', family_id: 'spent' }]);
        } finally {
          await check.destroy();
        }
        assert.equal(await store.oauth.refresh('refresh-a', TTL), undefined, 'the spent one is replayed');
        assert.equal((await store.oauth.authenticate('access-b'))?.userId, 'u', 'another pre-upgrade token is not its family');
        const next = await store.oauth.refresh('refresh-b', TTL);
        assert.ok(next, 'a pre-upgrade refresh token still refreshes');
        assert.equal(await store.oauth.refresh('refresh-b', TTL), undefined);
        assert.equal(await store.oauth.authenticate(next.accessToken), undefined, 'and its refreshed pair is in its family');
      } finally {
        await store.close();
        await db.drop();
      }
    });
  });
}
