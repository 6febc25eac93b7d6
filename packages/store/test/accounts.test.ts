import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StoreConflictError, StoreNotFoundError, StoreValidationError } from '../src/index.js';
import { DIALECTS } from '../src/testing.js';
import { newOrg, useStore } from './support.js';

let n = 0;
/** a unique email per call, so tests sharing one database do not collide */
function email(local = 'user'): string {
  n += 1;
  return `${local}.${process.pid}.${n}@example.com`;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: organizations`, () => {
    const s = useStore(dialect);

    it('creates with a generated or given id, gets and lists', async () => {
      const generated = await s.store.organizations.create({ name: 'Generated' });
      assert.match(generated.id, /^[0-9a-f-]{36}$/);
      assert.equal(typeof generated.createdAt, 'number');
      const given = await s.store.organizations.create({ id: 'acme_Corp-1', name: 'Acme' });
      assert.equal(given.id, 'acme_Corp-1');
      assert.deepEqual(await s.store.organizations.get('acme_Corp-1'), given);
      assert.equal(await s.store.organizations.get('nope'), undefined);
      const ids = (await s.store.organizations.list()).map((o) => o.id);
      assert.ok(ids.includes(generated.id) && ids.includes(given.id));
      assert.equal(await s.store.isEmpty(), false);
    });

    it('rejects a duplicate id with StoreConflictError', async () => {
      await s.store.organizations.create({ id: 'dup-org', name: 'A' });
      await assert.rejects(s.store.organizations.create({ id: 'dup-org', name: 'B' }), StoreConflictError);
    });

    it('validates given ids and names', async () => {
      for (const id of ['', 'has space', 'a/b', 'x'.repeat(65), 'ünï']) {
        await assert.rejects(s.store.organizations.create({ id, name: 'X' }), StoreValidationError, id);
      }
      await s.store.organizations.create({ id: 'x'.repeat(64), name: 'Max length' });
      await assert.rejects(s.store.organizations.create({ name: '  ' }), StoreValidationError);
    });
  });

  describe(`${dialect}: users`, () => {
    const s = useStore(dialect);

    it('creates, gets by id and by email case-insensitively', async () => {
      const address = email('Mixed.Case');
      const user = await s.store.users.create({ email: address, displayName: 'Mixed' });
      assert.equal(user.email, address, 'email is kept as given');
      assert.equal(user.enabled, true);
      assert.equal(user.ssoEnabled, false);
      assert.equal(user.mfaEnabled, false);
      assert.equal(user.lastAuthenticatedAt, null);
      assert.deepEqual(await s.store.users.get(user.id), user);
      assert.deepEqual(await s.store.users.getByEmail(address.toUpperCase()), user);
      assert.equal(await s.store.users.getByEmail('nobody@example.com'), undefined);
      assert.equal(await s.store.users.get('nobody'), undefined);
    });

    it('rejects a duplicate email differing only in case', async () => {
      const address = email('dup');
      await s.store.users.create({ email: address, displayName: 'A' });
      await assert.rejects(s.store.users.create({ email: address.toUpperCase(), displayName: 'B' }), StoreConflictError);
      await assert.rejects(s.store.users.create({ email: ` ${address} `, displayName: 'C' }), StoreConflictError);
    });

    it('rejects a duplicate id and invalid ids', async () => {
      await s.store.users.create({ id: 'user-dup', email: email(), displayName: 'A' });
      await assert.rejects(s.store.users.create({ id: 'user-dup', email: email(), displayName: 'B' }), StoreConflictError);
      await assert.rejects(s.store.users.create({ id: 'bad id', email: email(), displayName: 'B' }), StoreValidationError);
      await assert.rejects(s.store.users.create({ email: '  ', displayName: 'B' }), StoreValidationError);
    });

    it('records the last authentication time', async () => {
      const user = await s.store.users.create({ email: email(), displayName: 'T' });
      await s.store.users.touchAuthenticated(user.id, 1_700_000_123_456);
      assert.equal((await s.store.users.get(user.id))?.lastAuthenticatedAt, 1_700_000_123_456);
      await s.store.users.touchAuthenticated('nobody', 1); // unknown ids are ignored
    });

    it('lists users ordered by email', async () => {
      const b = await s.store.users.create({ email: email('zz-b'), displayName: 'B' });
      const a = await s.store.users.create({ email: email('ZZ-a'), displayName: 'A' });
      const ids = (await s.store.users.list()).map((u) => u.id);
      assert.ok(ids.indexOf(a.id) < ids.indexOf(b.id));
    });
  });

  describe(`${dialect}: memberships`, () => {
    const s = useStore(dialect);

    it('upserts, changes the role keeping createdAt, gets and removes', async () => {
      const org = await newOrg(s.store);
      const user = await s.store.users.create({ email: email(), displayName: 'M' });
      const m = await s.store.memberships.upsert(org, user.id, 'reader');
      assert.deepEqual(m, { orgId: org, userId: user.id, role: 'reader', createdAt: m.createdAt });
      const changed = await s.store.memberships.upsert(org, user.id, 'owner');
      assert.equal(changed.role, 'owner');
      assert.equal(changed.createdAt, m.createdAt);
      assert.deepEqual(await s.store.memberships.get(org, user.id), changed);
      assert.equal(await s.store.memberships.remove(org, user.id), true);
      assert.equal(await s.store.memberships.remove(org, user.id), false);
      assert.equal(await s.store.memberships.get(org, user.id), undefined);
    });

    it('validates the role and the referenced org and user', async () => {
      const org = await newOrg(s.store);
      const user = await s.store.users.create({ email: email(), displayName: 'M' });
      await assert.rejects(s.store.memberships.upsert(org, user.id, 'admin' as never), StoreValidationError);
      await assert.rejects(s.store.memberships.upsert('no-such-org', user.id, 'user'), StoreNotFoundError);
      await assert.rejects(s.store.memberships.upsert(org, 'no-such-user', 'user'), StoreNotFoundError);
    });

    it('lists members by email, memberships of a user, and counts owners', async () => {
      const org = await newOrg(s.store);
      const other = await newOrg(s.store);
      const carol = await s.store.users.create({ email: email('carol'), displayName: 'Carol' });
      const alice = await s.store.users.create({ email: email('Alice'), displayName: 'Alice' });
      const bob = await s.store.users.create({ email: email('bob'), displayName: 'Bob' });
      await s.store.memberships.upsert(org, carol.id, 'owner');
      await s.store.memberships.upsert(org, alice.id, 'user');
      await s.store.memberships.upsert(org, bob.id, 'owner');
      await s.store.memberships.upsert(other, alice.id, 'reader');

      const members = await s.store.memberships.listMembers(org);
      assert.deepEqual(
        members.map((m) => [m.displayName, m.role]),
        [
          ['Alice', 'user'],
          ['Bob', 'owner'],
          ['Carol', 'owner'],
        ],
      );
      assert.deepEqual(members[0], { ...alice, role: 'user' });
      assert.equal((await s.store.memberships.listMembers(org, { enabledOnly: true })).length, 3);
      assert.deepEqual(
        (await s.store.memberships.listForUser(alice.id)).map((m) => [m.orgId, m.role]).sort(),
        [
          [org, 'user'],
          [other, 'reader'],
        ].sort(),
      );
      assert.equal(await s.store.memberships.countOwners(org), 2);
      assert.equal(await s.store.memberships.countOwners(other), 0);
      assert.deepEqual(await s.store.memberships.listMembers('no-such-org'), []);
    });
  });

  describe(`${dialect}: invites`, () => {
    const s = useStore(dialect);

    it('creates pending invites and lists them per org, newest first', async () => {
      const org = await newOrg(s.store);
      const other = await newOrg(s.store);
      const first = await s.store.invites.create({ orgId: org, email: 'a@example.com', role: 'reader', invitedBy: null });
      assert.equal(first.status, 'pending');
      assert.equal(first.invitedBy, null);
      await new Promise((r) => setTimeout(r, 2));
      const second = await s.store.invites.create({ orgId: org, email: 'b@example.com', role: 'owner', invitedBy: 'u1' });
      await s.store.invites.create({ orgId: other, email: 'c@example.com', role: 'user', invitedBy: null });
      assert.deepEqual(await s.store.invites.list(org), [second, first]);
      await assert.rejects(
        s.store.invites.create({ orgId: org, email: 'x@example.com', role: 'boss' as never, invitedBy: null }),
        StoreValidationError,
      );
      await assert.rejects(
        s.store.invites.create({ orgId: 'no-such-org', email: 'x@example.com', role: 'user', invitedBy: null }),
        StoreNotFoundError,
      );
    });

    it('revokes a pending invite of its own organization once; it can no longer be accepted', async () => {
      const org = await newOrg(s.store);
      const other = await newOrg(s.store);
      const invite = await s.store.invites.create({ orgId: org, email: 'r@example.com', role: 'user', invitedBy: null });
      assert.equal(await s.store.invites.revoke(other, invite.id), undefined, 'another organization cannot revoke it');
      assert.equal(await s.store.invites.revoke(org, 'no-such-invite'), undefined);
      assert.deepEqual(await s.store.invites.revoke(org, invite.id), { ...invite, status: 'revoked' });
      assert.equal(await s.store.invites.revoke(org, invite.id), undefined, 'only a pending invite is revoked');
      assert.equal(await s.store.invites.accept(invite.id, 'r@example.com'), undefined);
      assert.deepEqual(await s.store.invites.listPendingFor('r@example.com'), []);
      const accepted = await s.store.invites.create({ orgId: org, email: 'q@example.com', role: 'user', invitedBy: null });
      await s.store.invites.accept(accepted.id, 'q@example.com');
      assert.equal(await s.store.invites.revoke(org, accepted.id), undefined, 'an accepted invite stays accepted');
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: NUL characters`, () => {
    const s = useStore(dialect);

    it('lookups by ids containing NUL find nothing or are refused as invalid, never a driver error', async () => {
      const org = await newOrg(s.store);
      const outcome = await s.store.agents.get(org, 'a\0b').then(
        (v) => v,
        (err: unknown) => err,
      );
      if (outcome !== undefined) assert.ok(outcome instanceof StoreValidationError, String(outcome));
      assert.equal(await s.store.apiKeys.credentials('a\0b', org), undefined);
    });
  });
}
