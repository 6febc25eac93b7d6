import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '@vigil/store/testing';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import { memberWithRole, otherOrganization } from './helpers/fixtures.js';

for (const dialect of DIALECTS) {
  describe(`REST v2 members, invites and audit logs (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(dialect);
    });
    after(() => server.close());

    it('lists members with Threat Stack fields', async () => {
      const res = await server.request('GET', '/v2/organizations/members');
      assert.equal(res.status, 200);
      assert.deepEqual(Object.keys(res.json), ['members']);
      const me = res.json.members.find((m: any) => m.id === server.creds.userId);
      assert.equal(me.role, 'owner');
      assert.equal(typeof me.lastAuthenticatedAt, 'number', 'epoch ms, as the export scripts expect');
      for (const key of ['id', 'displayName', 'email', 'role', 'ssoEnabled', 'mfaEnabled', 'userEnabled']) assert.ok(key in me, key);
    });

    it('answers lastAuthenticatedAt 0 for a member who never signed in (get_users.py divides it by 1000)', async () => {
      const never = await server.store.users.create({ email: 'never@example.com', displayName: 'Never' });
      await server.store.memberships.upsert(server.creds.orgId, never.id, 'reader');
      const res = await server.request('GET', '/v2/organizations/members');
      const member = res.json.members.find((m: any) => m.id === never.id);
      assert.strictEqual(member.lastAuthenticatedAt, 0);
      const me = res.json.members.find((m: any) => m.id === server.creds.userId);
      assert.ok(me.lastAuthenticatedAt > 0, 'a member who signed in keeps the time');
      await server.store.memberships.remove(server.creds.orgId, never.id);
    });

    it('adds an existing user, changes the role, removes with 204, and audits each', async () => {
      const user = await server.store.users.create({ email: 'newbie@example.com', displayName: 'Newbie' });
      const add = await server.request('POST', '/v2/organizations/members', { body: { id: user.id, role: 'reader' } });
      assert.equal(add.status, 200, add.text);
      assert.equal(add.json.role, 'reader');
      const change = await server.request('POST', '/v2/organizations/members', { body: { id: user.id, role: 'user' } });
      assert.equal(change.json.role, 'user');
      const del = await server.request('DELETE', `/v2/organizations/members/${user.id}`);
      assert.equal(del.status, 204);
      assert.equal(del.text, '');
      assert.equal(await server.store.memberships.get(server.creds.orgId, user.id), undefined);
      const again = await server.request('DELETE', `/v2/organizations/members/${user.id}`);
      assert.equal(again.status, 404);
      const audit = await server.request('GET', '/v2/auditlogs');
      const actions = audit.json.recs.map((r: any) => r.action);
      for (const a of ['add_member', 'change_member_role', 'remove_member']) assert.ok(actions.includes(a), a);
      assert.ok(audit.json.recs.every((r: any, i: number, all: any[]) => i === 0 || r.eventTime <= all[i - 1].eventTime));
    });

    it("invites another organization's user instead of adding them, disclosing nothing until they accept", async () => {
      const other = await otherOrganization(server.store);
      const secretBits = [other.user.email, other.user.displayName];
      const add = await server.request('POST', '/v2/organizations/members', { body: { id: other.user.id, role: 'user' } });
      assert.equal(add.status, 200, add.text);
      assert.deepEqual(add.json, { id: other.user.id, role: 'user', status: 'pending' });
      const listed = await server.request('GET', '/v2/organizations/members');
      assert.ok(!listed.json.members.some((m: any) => m.id === other.user.id), 'not a member yet');
      const audit = await server.request('GET', '/v2/auditlogs');
      for (const text of [add.text, listed.text, audit.text]) for (const bit of secretBits) assert.ok(!text.includes(bit), bit);
      assert.equal(await server.store.memberships.get(server.creds.orgId, other.user.id), undefined);

      // Someone else cannot take the invitation; its addressee sees it and accepts it.
      const stranger = await memberWithRole(server.store, other.org.id, 'reader');
      const mine = await server.request('GET', '/v2/invites', { creds: stranger.creds });
      assert.deepEqual(mine.json, { invites: [] });
      const theirs = await server.request('GET', '/v2/invites', { creds: other.creds });
      assert.equal(theirs.status, 200, theirs.text);
      const invite = theirs.json.invites.find((i: any) => i.organizationId === server.creds.orgId);
      assert.deepEqual(Object.keys(invite).sort(), ['id', 'organizationId', 'organizationName', 'role', 'status']);
      assert.equal(invite.organizationName, (await server.store.organizations.get(server.creds.orgId))?.name, 'the invitee sees whom they would join');
      assert.equal((await server.request('POST', `/v2/invites/${invite.id}/accept`, { creds: stranger.creds })).status, 404);
      const accepted = await server.request('POST', `/v2/invites/${invite.id}/accept`, { creds: other.creds });
      assert.equal(accepted.status, 200, accepted.text);
      assert.deepEqual(accepted.json, { organizationId: server.creds.orgId, role: 'user' });
      assert.equal((await server.store.memberships.get(server.creds.orgId, other.user.id))?.role, 'user');
      const now = (await server.request('GET', '/v2/organizations/members')).json.members.find((m: any) => m.id === other.user.id);
      assert.equal(now.email, other.user.email, 'a member once accepted');
      assert.equal((await server.request('POST', `/v2/invites/${invite.id}/accept`, { creds: other.creds })).status, 404, 'once');
      await server.store.memberships.remove(server.creds.orgId, other.user.id);
    });

    it('refuses bad member requests and changes nothing', async () => {
      const before = (await server.store.memberships.listMembers(server.creds.orgId)).length;
      const cases: Array<[unknown, number]> = [
        [{ id: 'no-such-user', role: 'user' }, 404],
        [{ id: server.creds.userId, role: 'admin' }, 400],
        [{ role: 'user' }, 400],
        [{ id: 42, role: 'user' }, 400],
        [{ id: server.creds.userId, role: 'reader' }, 409], // the last owner cannot be demoted
      ];
      for (const [body, status] of cases) {
        const res = await server.request('POST', '/v2/organizations/members', { body });
        assert.equal(res.status, status, `${JSON.stringify(body)} → ${res.text}`);
      }
      assert.equal((await server.request('DELETE', `/v2/organizations/members/${server.creds.userId}`)).status, 409);
      const other = await otherOrganization(server.store);
      assert.equal((await server.request('DELETE', `/v2/organizations/members/${other.user.id}`)).status, 404);
      assert.ok(await server.store.memberships.get(other.org.id, other.user.id));
      assert.equal((await server.store.memberships.listMembers(server.creds.orgId)).length, before);
      const owner = (await server.store.memberships.get(server.creds.orgId, server.creds.userId))!;
      assert.equal(owner.role, 'owner');
    });

    it('does not let a user grant or remove the owner role', async () => {
      const u = await memberWithRole(server.store, server.creds.orgId, 'user');
      const target = await server.store.users.create({ email: 'target@example.com', displayName: 'T' });
      const grant = await server.request('POST', '/v2/organizations/members', { creds: u.creds, body: { id: target.id, role: 'owner' } });
      assert.equal(grant.status, 403);
      const removeOwner = await server.request('DELETE', `/v2/organizations/members/${server.creds.userId}`, { creds: u.creds });
      assert.equal(removeOwner.status, 403);
      const ok = await server.request('POST', '/v2/organizations/members', { creds: u.creds, body: { id: target.id, role: 'reader' } });
      assert.equal(ok.status, 200);
    });

    it('invites by POST and by PUT; bad emails and roles are 400', async () => {
      const post = await server.request('POST', '/v2/organizations/invites', { body: { email: 'Alice@Example.com', role: 'user' } });
      assert.equal(post.status, 200, post.text);
      assert.deepEqual(post.json, { sentToEmail: 'alice@example.com', role: 'user', status: 'pending' });
      const put = await server.request('PUT', '/v2/organizations/invites', { body: { email: 'bob@example.com', role: 'reader' } });
      assert.equal(put.status, 200);
      const count = (await server.store.invites.list(server.creds.orgId)).length;
      for (const body of [{ email: 'not-an-email', role: 'user' }, { email: 'c@example.com', role: 'god' }, { email: 'c@example.com' }, {}]) {
        const res = await server.request('POST', '/v2/organizations/invites', { body });
        assert.equal(res.status, 400, JSON.stringify(body));
      }
      assert.equal((await server.store.invites.list(server.creds.orgId)).length, count);
    });

    it('pages audit logs by 50 and filters them', async () => {
      for (let i = 0; i < 60; i++) {
        await server.store.auditLogs.record({
          orgId: server.creds.orgId,
          userId: 'someone',
          userEmail: 'someone@example.com',
          result: 'success',
          crud: i % 2 ? 'delete' : 'create',
          action: 'test',
          source: 'cli',
          description: `record ${i}`,
          context: {},
        });
      }
      const first = await server.request('GET', '/v2/auditlogs?userEmail=someone@example.com');
      assert.equal(first.json.recs.length, 50);
      assert.ok(first.json.token);
      const second = await server.request('GET', `/v2/auditlogs?userEmail=someone@example.com&token=${first.json.token}`);
      assert.equal(second.json.recs.length, 10);
      assert.equal(second.json.token, null);
      const deletes = await server.request('GET', '/v2/auditlogs?userID=someone&operation=delete');
      assert.equal(deletes.json.recs.length, 30);
      const old = await server.request('GET', '/v2/auditlogs?until=2020-01-01');
      assert.deepEqual(old.json, { recs: [], token: null });
      const byAction = await server.request('GET', '/v2/auditlogs?action=test&operation=delete');
      assert.equal(byAction.json.recs.length, 30);
      assert.ok(byAction.json.recs.every((r: any) => r.action === 'test' && r.crud === 'delete'));
      assert.deepEqual((await server.request('GET', '/v2/auditlogs?action=no_such_action')).json, { recs: [], token: null });
      assert.equal((await server.request('GET', `/v2/auditlogs?action=${'a'.repeat(129)}`)).status, 400);
      const rec = first.json.recs[0];
      for (const key of ['id', 'userEmail', 'userId', 'organizationId', 'result', 'crud', 'action', 'source', 'description', 'eventTime', 'context']) assert.ok(key in rec, key);
    });
  });
}
