/**
 * Settings › Members: the organization's pending invites (GET /console/api/invites) and revoking one
 * (DELETE /console/api/invites/{id}), which no REST v2 route offers; invites are made through
 * POST /v2/organizations/invites with the same session. On both databases, with the refusals: readers,
 * a user revoking an owner's invite, another organization's invite, bad ids, no CSRF token.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '@vigil/store/testing';
import { otherOrganization } from './helpers/fixtures.js';
import { startConsole, type BrowserSession, type ConsoleServer } from './console-support.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: console invites`, () => {
    let c: ConsoleServer;
    let owner: BrowserSession;
    let user: BrowserSession;
    let reader: BrowserSession;
    const invite = async (s: BrowserSession, email: string, role: string) => {
      const res = await c.call('POST', '/v2/organizations/invites', { session: s, json: { email, role } });
      assert.equal(res.status, 200, res.text);
      const pending = await c.server.store.invites.listPendingFor(email);
      return pending.find((i) => i.orgId === c.server.creds.orgId)!;
    };
    const statusOf = async (id: string) => (await c.server.store.invites.list(c.server.creds.orgId)).find((i) => i.id === id)?.status;

    before(async () => {
      c = await startConsole(dialect);
      owner = await c.signIn();
      user = await c.signIn((await c.addUser('user', `inv-user-${dialect}@example.com`)).email);
      reader = await c.signIn((await c.addUser('reader', `inv-reader-${dialect}@example.com`)).email);
    });
    after(() => c.close());

    it('lists pending invites, newest first, to any role', async () => {
      const first = await invite(owner, `first-${dialect}@example.com`, 'reader');
      const second = await invite(user, `Second-${dialect}@Example.com`, 'user');
      for (const s of [owner, user, reader]) {
        const res = await c.call('GET', '/console/api/invites', { session: s });
        assert.equal(res.status, 200, res.text);
        const ids = res.json.invites.map((i: any) => i.id);
        assert.ok(ids.indexOf(second.id) < ids.indexOf(first.id) && ids.indexOf(second.id) >= 0);
      }
      const listed = (await c.call('GET', '/console/api/invites', { session: owner })).json.invites.find((i: any) => i.id === second.id);
      assert.equal(listed.email, `second-${dialect}@example.com`);
      assert.equal(listed.role, 'user');
      assert.equal(listed.status, 'pending');
      assert.equal(typeof listed.createdAt, 'string');
      assert.equal(listed.invitedBy, (await c.server.store.users.getByEmail(`inv-user-${dialect}@example.com`))?.id);
      assert.equal((await c.call('GET', '/console/api/invites', { session: owner, csrf: false })).status, 403);
      assert.equal((await c.call('GET', '/console/api/invites')).status, 401);
    });

    it('revokes an invite (204, audited); it leaves the list and can no longer be accepted', async () => {
      const inv = await invite(owner, `revoke-${dialect}@example.com`, 'user');
      const res = await c.call('DELETE', `/console/api/invites/${inv.id}`, { session: user });
      assert.equal(res.status, 204, res.text);
      assert.equal(await statusOf(inv.id), 'revoked');
      const listed = await c.call('GET', '/console/api/invites', { session: owner });
      assert.ok(!listed.json.invites.some((i: any) => i.id === inv.id));
      assert.equal(await c.server.store.invites.accept(inv.id, `revoke-${dialect}@example.com`), undefined);
      const audit = await c.server.store.auditLogs.list(c.server.creds.orgId, { action: 'revoke_invite' }, { limit: 1 });
      assert.equal(audit.items[0]?.source, 'console');
      assert.deepEqual(audit.items[0]?.context, { inviteId: inv.id, email: inv.email, role: 'user' });
      const again = await c.call('DELETE', `/console/api/invites/${inv.id}`, { session: owner });
      assert.equal(again.status, 404, 'already revoked');
    });

    it('refuses readers, a user revoking an owner invite, and changes nothing', async () => {
      const inv = await invite(owner, `keep-${dialect}@example.com`, 'reader');
      assert.equal((await c.call('DELETE', `/console/api/invites/${inv.id}`, { session: reader })).status, 403);
      const ownerInvite = await invite(owner, `owner-${dialect}@example.com`, 'owner');
      const refused = await c.call('DELETE', `/console/api/invites/${ownerInvite.id}`, { session: user });
      assert.equal(refused.status, 403, refused.text);
      assert.equal((await c.call('DELETE', `/console/api/invites/${inv.id}`, { session: owner, csrf: false })).status, 403);
      assert.equal(await statusOf(inv.id), 'pending');
      assert.equal(await statusOf(ownerInvite.id), 'pending');
      assert.equal((await c.call('DELETE', `/console/api/invites/${ownerInvite.id}`, { session: owner })).status, 204);
    });

    it('answers 404 for unknown and other organizations\' invites, 400 for bad ids, and changes nothing', async () => {
      const other = await otherOrganization(c.server.store);
      const foreign = await c.server.store.invites.create({ orgId: other.org.id, email: `foreign-${dialect}@example.com`, role: 'user', invitedBy: null });
      assert.equal((await c.call('DELETE', `/console/api/invites/${foreign.id}`, { session: owner })).status, 404);
      assert.equal((await c.server.store.invites.list(other.org.id))[0]?.status, 'pending');
      assert.ok(!(await c.call('GET', '/console/api/invites', { session: owner })).json.invites.some((i: any) => i.id === foreign.id));
      assert.equal((await c.call('DELETE', '/console/api/invites/no-such-invite', { session: owner })).status, 404);
      assert.equal((await c.call('DELETE', `/console/api/invites/${'x'.repeat(65)}`, { session: owner })).status, 400);
      assert.equal((await c.call('DELETE', '/console/api/invites/', { session: owner })).status, 405, 'no id: the list, which is not deleted');
    });
  });
}
