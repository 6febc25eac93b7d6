import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StoreNotFoundError, StoreValidationError } from '../src/index.js';
import { DIALECTS } from '../src/testing.js';
import { newOrg, rawQuery, useStore } from './support.js';

let n = 0;
const email = () => `oauth.${process.pid}.${++n}@example.com`;
const TTL = { accessTtlSec: 3600, refreshTtlSec: 86_400 };

for (const dialect of DIALECTS) {
  describe(`${dialect}: passwords and OAuth`, () => {
    const s = useStore(dialect);

    async function member(role: 'owner' | 'user' | 'reader' = 'owner') {
      const orgId = await newOrg(s.store);
      const user = await s.store.users.create({ email: email(), displayName: 'U' });
      await s.store.memberships.upsert(orgId, user.id, role);
      return { orgId, user };
    }

    it('stores scrypt hashes, verifies passwords and refuses wrong ones the same way as unknown emails', async () => {
      const { user } = await member();
      assert.equal(await s.store.passwords.has(user.id), false);
      assert.equal(await s.store.passwords.verify(user.email, 'whatever-password'), undefined, 'no password set yet');
      await s.store.passwords.set(user.id, 'correct horse battery');
      assert.equal(await s.store.passwords.has(user.id), true);
      const [row] = await rawQuery(s.url, `select password_hash from users where id = '${user.id}'`);
      assert.match(String(row!.password_hash), /^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
      assert.ok(!String(row!.password_hash).includes('correct horse'));
      assert.equal((await s.store.passwords.verify(user.email.toUpperCase(), 'correct horse battery'))?.id, user.id);
      assert.equal(await s.store.passwords.verify(user.email, 'correct horse batterY'), undefined);
      assert.equal(await s.store.passwords.verify('nobody@example.com', 'correct horse battery'), undefined);
      assert.equal(await s.store.passwords.verify(user.email, 'x'.repeat(5000)), undefined);
    });

    it('validates passwords and users', async () => {
      const { user } = await member();
      await assert.rejects(s.store.passwords.set(user.id, 'short'), StoreValidationError);
      await assert.rejects(s.store.passwords.set(user.id, 'x'.repeat(1025)), StoreValidationError);
      await assert.rejects(s.store.passwords.set('no-such-user', 'long enough password'), StoreNotFoundError);
    });

    it('creates clients with a one-time secret stored as a digest, verifies and revokes them', async () => {
      const { orgId, user } = await member();
      const { client, secret } = await s.store.oauth.createClient({ orgId, userId: user.id, name: ' SOAR ' });
      assert.match(client.id, /^[a-z0-9]{32}$/);
      assert.equal(client.name, 'SOAR');
      const [row] = await rawQuery(s.url, `select secret_digest from oauth_clients where id = '${client.id}'`);
      assert.notEqual(row!.secret_digest, secret);
      assert.equal((await s.store.oauth.verifyClient(client.id, secret))?.id, client.id);
      assert.equal(await s.store.oauth.verifyClient(client.id, secret + 'x'), undefined);
      assert.equal(await s.store.oauth.verifyClient('unknown', secret), undefined);
      assert.deepEqual((await s.store.oauth.listClients(orgId)).map((c) => c.id), [client.id]);
      assert.equal(await s.store.oauth.revokeClient(client.id, 'other-org'), false, 'scoped to its organization');
      assert.equal(await s.store.oauth.revokeClient(client.id, orgId), true);
      assert.equal(await s.store.oauth.revokeClient(client.id, orgId), false);
      assert.equal(await s.store.oauth.verifyClient(client.id, secret), undefined);
      await assert.rejects(s.store.oauth.createClient({ orgId, userId: user.id, name: '  ' }), StoreValidationError);
    });

    it('issues tokens that authenticate until they expire or are revoked', async () => {
      const { orgId, user } = await member('reader');
      const { client } = await s.store.oauth.createClient({ orgId, userId: user.id, name: 'ui' });
      const now = Date.now();
      const pair = await s.store.oauth.issueTokens({ clientId: client.id, userId: user.id, orgId, grantType: 'password', ...TTL, now });
      assert.equal(pair.expiresIn, 3600);
      const principal = await s.store.oauth.authenticate(pair.accessToken, now + 1000);
      assert.deepEqual(
        { userId: principal?.userId, orgId: principal?.orgId, role: principal?.role, clientId: principal?.clientId },
        { userId: user.id, orgId, role: 'reader', clientId: client.id },
      );
      assert.equal(await s.store.oauth.authenticate(pair.accessToken, now + 3600_000 + 1), undefined, 'expired');
      assert.equal(await s.store.oauth.authenticate(pair.refreshToken, now), undefined, 'a refresh token is no access token');
      assert.equal(await s.store.oauth.authenticate('nope', now), undefined);
      const rows = await rawQuery(s.url, `select access_digest from oauth_tokens where user_id = '${user.id}'`);
      assert.ok(rows.every((r) => r.access_digest !== pair.accessToken));

      await s.store.memberships.remove(orgId, user.id);
      assert.equal(await s.store.oauth.authenticate(pair.accessToken, now), undefined, 'no longer a member');
      await s.store.memberships.upsert(orgId, user.id, 'user');
      assert.equal((await s.store.oauth.authenticate(pair.accessToken, now))?.role, 'user', 'role follows the membership');

      const second = await s.store.oauth.issueTokens({ clientId: client.id, userId: user.id, orgId, grantType: 'password', ...TTL, now });
      await rawQuery(s.url, `update users set enabled = 0 where id = '${user.id}' returning id`);
      assert.equal(await s.store.oauth.authenticate(second.accessToken, now), undefined, 'disabled user');
      await rawQuery(s.url, `update users set enabled = 1 where id = '${user.id}' returning id`);
      assert.ok(await s.store.oauth.authenticate(second.accessToken, now));

      await s.store.passwords.set(user.id, 'a brand new password');
      assert.equal(await s.store.oauth.authenticate(pair.accessToken, now), undefined, 'password change revokes');
    });

    it('rotates refresh tokens once and stops at revoked clients', async () => {
      const { orgId, user } = await member();
      const { client } = await s.store.oauth.createClient({ orgId, userId: user.id, name: 'ui' });
      const first = await s.store.oauth.issueTokens({ clientId: client.id, userId: user.id, orgId, grantType: 'password', ...TTL });
      const second = await s.store.oauth.refresh(first.refreshToken, TTL);
      assert.ok(second);
      assert.notEqual(second.accessToken, first.accessToken);
      assert.equal(await s.store.oauth.authenticate(first.accessToken), undefined, 'the old pair is revoked');
      assert.ok(await s.store.oauth.authenticate(second.accessToken));
      assert.equal(await s.store.oauth.refresh(second.refreshToken, { ...TTL, now: Date.now() + 86_400_001 }), undefined, 'expired');
      assert.ok(await s.store.oauth.authenticate(second.accessToken), 'an expired refresh token is no replay');
      assert.equal(await s.store.oauth.refresh(first.refreshToken, TTL), undefined, 'single use');

      const third = await s.store.oauth.issueTokens({ clientId: client.id, userId: user.id, orgId, grantType: 'password', ...TTL });
      await s.store.oauth.revokeClient(client.id);
      assert.equal(await s.store.oauth.authenticate(third.accessToken), undefined);
      assert.equal(await s.store.oauth.refresh(third.refreshToken, TTL), undefined);
    });

    it('revokes the whole family, access and refresh tokens, when a spent refresh token is replayed', async () => {
      const { orgId, user } = await member();
      const { client } = await s.store.oauth.createClient({ orgId, userId: user.id, name: 'family' });
      const issue = () => s.store.oauth.issueTokens({ clientId: client.id, userId: user.id, orgId, grantType: 'password', ...TTL });
      const first = await issue();
      const other = await issue(); // another login of the same user: another family
      const second = (await s.store.oauth.refresh(first.refreshToken, TTL))!;
      const third = (await s.store.oauth.refresh(second.refreshToken, TTL))!;
      assert.ok(await s.store.oauth.authenticate(third.accessToken), 'cached as live');

      assert.equal(await s.store.oauth.refresh(first.refreshToken, TTL), undefined, 'the replay gets nothing');
      assert.equal(await s.store.oauth.authenticate(third.accessToken), undefined, 'the newest access token is revoked');
      assert.equal(await s.store.oauth.refresh(third.refreshToken, TTL), undefined, 'the newest refresh token too');
      const rows = await rawQuery(s.url, `select family_id, revoked_at from oauth_tokens where user_id = '${user.id}'`);
      const families = new Set(rows.map((r) => r.family_id));
      assert.equal(families.size, 2, JSON.stringify(rows));
      assert.equal(rows.filter((r) => r.revoked_at === null).length, 1, 'only the other login is live');
      assert.ok(await s.store.oauth.authenticate(other.accessToken), 'another family is untouched');
      assert.ok(await s.store.oauth.refresh(other.refreshToken, TTL));
      assert.equal(await s.store.oauth.refresh('never-issued', TTL), undefined);
    });
  });
}
