import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '@vigil/store/testing';
import { alertFixture, memberWithRole, otherOrganization, startTestServer, type TestServer } from '@vigil/server/testing';
import {
  BadRequestError,
  ConflictError,
  NotFoundError,
  PermissionDeniedError,
  VigilClient,
  type RuleInput,
} from '../src/index.js';
import { startHttpReceiver, type HttpReceiver } from './helpers/http-receiver.js';

function hostRule(over: Partial<RuleInput> = {}): RuleInput {
  return {
    name: 'Curl download',
    type: 'Host',
    title: 'curl run by {{user}}',
    severityOfAlerts: 2,
    alertDescription: 'A download tool ran on a server',
    aggregateFields: ['user'],
    filter: 'event_type = "audit" and command = "curl"',
    ...over,
  };
}

for (const dialect of DIALECTS) {
  describe(`SDK rulesets, rules, members, audit logs and webhooks (${dialect})`, () => {
    let server: TestServer;
    let client: VigilClient;
    let receiver: HttpReceiver;
    const clientFor = (creds: { userId: string; apiKey: string; orgId: string }) =>
      new VigilClient({ userId: creds.userId, apiKey: creds.apiKey, organizationId: creds.orgId, baseUrl: server.url });

    before(async () => {
      receiver = await startHttpReceiver();
      server = await startTestServer(dialect, { config: { webhooks: { allowHttp: true, allowPrivate: true, pollMs: 50 } } });
      client = clientFor(server.creds);
    });
    after(async () => {
      await server?.close();
      await receiver?.close();
    });

    it('rulesets: create, list, retrieve, update, delete', async () => {
      const created = await client.rulesets.create({ name: 'SDK set', description: 'from the SDK' });
      assert.equal(created.name, 'SDK set');
      assert.deepEqual(created.rules, []);
      const listed = await client.rulesets.list();
      assert.ok(listed.items.some((r) => r.id === created.id));
      assert.equal(listed.token, null);
      assert.equal((await client.rulesets.retrieve(created.id)).description, 'from the SDK');
      const updated = await client.rulesets.update(created.id, { name: 'SDK set 2', description: null });
      assert.equal(updated.name, 'SDK set 2');
      assert.equal(updated.description, '');
      await client.rulesets.delete(created.id);
      await assert.rejects(client.rulesets.retrieve(created.id), NotFoundError);
      await assert.rejects(client.rulesets.delete(created.id), NotFoundError);
    });

    it('rulesets: duplicate names conflict, bad bodies and foreign ids are refused, nothing changes', async () => {
      const first = await client.rulesets.create({ name: 'Unique' });
      await assert.rejects(client.rulesets.create({ name: 'UNIQUE' }), ConflictError);
      await assert.rejects(client.rulesets.create({ name: '' }), BadRequestError);
      await assert.rejects(client.rulesets.create({ name: 42 } as unknown as { name: string }), BadRequestError);
      const other = await otherOrganization(server.store);
      const theirs = await clientFor(other.creds).rulesets.create({ name: 'Theirs' });
      await assert.rejects(client.rulesets.retrieve(theirs.id), NotFoundError);
      await assert.rejects(client.rulesets.update(theirs.id, { name: 'Stolen' }), NotFoundError);
      await assert.rejects(client.rulesets.delete(theirs.id), NotFoundError);
      assert.equal((await clientFor(other.creds).rulesets.retrieve(theirs.id)).name, 'Theirs');
      const names = (await client.rulesets.list()).items.map((r) => r.name);
      assert.equal(names.filter((n) => n.toLowerCase() === 'unique').length, 1);
      await client.rulesets.delete(first.id);
    });

    it('rules: create, list, retrieve, update, tags, delete', async () => {
      const set = await client.rulesets.create({ name: 'Rules home' });
      const rule = await client.rules.create(set.id, hostRule());
      assert.equal(rule.rulesetId, set.id);
      assert.equal(rule.type, 'Host');
      const list = await client.rules.list(set.id);
      assert.deepEqual(list.items.map((r) => r.id), [rule.id]);
      assert.equal((await client.rules.retrieve(set.id, rule.id)).filter, hostRule().filter);
      const updated = await client.rules.update(set.id, rule.id, hostRule({ title: 'changed', enabled: false }));
      assert.equal(updated.title, 'changed');
      assert.equal(updated.enabled, false);

      assert.deepEqual(await client.rules.tags(rule.id), { inclusion: [], exclusion: [] });
      const tags = { inclusion: [{ source: 'ec2', key: 'Environment', value: 'production' }], exclusion: [] };
      assert.deepEqual(await client.rules.setTags(rule.id, tags), tags);
      assert.deepEqual(await client.rules.tags(rule.id), tags);

      await client.rules.delete(set.id, rule.id);
      await assert.rejects(client.rules.retrieve(set.id, rule.id), NotFoundError);
      await assert.rejects(client.rules.tags(rule.id), NotFoundError);
      await client.rulesets.delete(set.id);
    });

    it('rules: a bad filter or body is a BadRequestError and creates nothing', async () => {
      const set = await client.rulesets.create({ name: 'Strict rules' });
      await assert.rejects(client.rules.create(set.id, hostRule({ filter: 'comand = "curl"' })), (err: unknown) => {
        assert.ok(err instanceof BadRequestError);
        assert.match(err.errors[0]!, /filter/i);
        return true;
      });
      await assert.rejects(client.rules.create(set.id, hostRule({ severityOfAlerts: 7 as 1 })), BadRequestError);
      await assert.rejects(client.rules.create('no-such-ruleset', hostRule()), NotFoundError);
      await assert.rejects(
        client.rules.setTags('no-such-rule', { inclusion: [{ key: 'k', value: 'v' }] }),
        NotFoundError,
      );
      assert.equal((await client.rules.list(set.id)).items.length, 0);
      await client.rulesets.delete(set.id);
    });

    it('members: list, add, change role, remove, invite; readers cannot write', async () => {
      const members = await client.members.list();
      assert.ok(members.items.some((m) => m.id === server.creds.userId && m.role === 'owner'));
      const user = await server.store.users.create({ email: 'sdk-newbie@example.com', displayName: 'Newbie' });
      assert.equal((await client.members.add({ id: user.id, role: 'reader' })).role, 'reader');
      assert.equal((await client.members.add({ id: user.id, role: 'user' })).role, 'user');
      await client.members.remove(user.id);
      assert.equal(await server.store.memberships.get(server.creds.orgId, user.id), undefined);
      await assert.rejects(client.members.remove(user.id), NotFoundError);
      const invite = await client.members.invite({ email: 'invitee@example.com', role: 'user' });
      assert.equal(invite.role, 'user');
      assert.match(invite.sentToEmail, /invitee@example\.com/i);

      await assert.rejects(client.members.add({ id: 'no-such-user', role: 'user' }), NotFoundError);
      await assert.rejects(client.members.add({ id: user.id, role: 'admin' as 'user' }), BadRequestError);
      await assert.rejects(client.members.invite({ email: 'not-an-email', role: 'user' }), BadRequestError);
      await assert.rejects(client.members.remove(server.creds.userId), ConflictError);
      const reader = await memberWithRole(server.store, server.creds.orgId, 'reader');
      await assert.rejects(clientFor(reader.creds).members.invite({ email: 'x@example.com', role: 'user' }), PermissionDeniedError);
    });

    it('audit logs: list with filters, items under recs', async () => {
      await client.rulesets.delete((await client.rulesets.create({ name: 'Audited' })).id);
      const page = await client.auditLogs.list();
      assert.ok(Array.isArray(page.raw.recs));
      const actions = page.items.map((r) => r.action);
      assert.ok(actions.length > 0);
      const deletes = await client.auditLogs.list({ operation: 'delete', from: new Date(Date.now() - 3600_000) }).toArray({ limit: 1000 });
      assert.ok(deletes.length > 0);
      assert.ok(deletes.every((r) => r.crud === 'delete'));
      const mine = await client.auditLogs.list({ userId: server.creds.userId }).toArray({ limit: 1000 });
      assert.ok(mine.length > 0 && mine.every((r) => r.userId === server.creds.userId));
      await assert.rejects(client.auditLogs.list({ from: 'not a date' }), BadRequestError);
    });

    it('audit logs: for await pages past 50 records without repeats', async () => {
      for (let i = 0; i < 60; i++) await client.members.invite({ email: `bulk${i}@example.com`, role: 'reader' });
      const ids: string[] = [];
      let pages = 0;
      for await (const page of client.auditLogs.list().pages()) {
        pages += 1;
        for (const rec of page.items) ids.push(rec.id);
      }
      assert.ok(pages >= 2, `${pages} pages`);
      assert.equal(new Set(ids).size, ids.length);
      assert.ok(ids.length >= 60);
    });

    it('webhooks: create, list, retrieve, update, disable, enable, rotate, test, deliveries, redeliver, delete', async () => {
      const created = await client.webhooks.create({ url: `${receiver.url}/hook`, description: 'SDK', minSeverity: 2 });
      assert.match(created.secret, /^whsec_/);
      assert.equal(created.minSeverity, 2);
      assert.ok((await client.webhooks.list()).items.some((w) => w.id === created.id && !('secret' in w)));
      assert.equal((await client.webhooks.retrieve(created.id)).description, 'SDK');
      assert.equal((await client.webhooks.update(created.id, { description: 'changed' })).description, 'changed');
      assert.equal((await client.webhooks.disable(created.id)).enabled, false);
      assert.equal((await client.webhooks.enable(created.id)).enabled, true);
      const rotated = await client.webhooks.rotateSecret(created.id);
      assert.notEqual(rotated.secret, created.secret);

      const outcome = await client.webhooks.test(created.id);
      assert.equal(outcome.success, true, JSON.stringify(outcome));
      assert.equal(outcome.statusCode, 200);

      // A real alert queues a delivery to the endpoint; that one can be redelivered.
      const alert = await server.store.alerts.create(alertFixture(server.creds.orgId, { severity: 1 }));
      const deliveries = await client.webhooks.deliveries(created.id).toArray({ limit: 100 });
      const testSend = deliveries.find((d) => d.test);
      const real = deliveries.find((d) => d.alertId === alert.id);
      assert.ok(testSend, 'the test send is logged');
      assert.ok(real, 'the alert was queued');
      const again = await client.webhooks.redeliver(real.id);
      assert.equal(again.id, real.id);
      await assert.rejects(client.webhooks.redeliver(testSend.id), BadRequestError);
      await assert.rejects(client.webhooks.redeliver('no-such-delivery'), NotFoundError);

      await client.webhooks.delete(created.id);
      await assert.rejects(client.webhooks.retrieve(created.id), NotFoundError);
    });

    it('webhooks: bad input and foreign ids are refused and change nothing', async () => {
      const before = (await client.webhooks.list()).items.length;
      await assert.rejects(client.webhooks.create({ url: 'ftp://example.com/x' }), BadRequestError);
      await assert.rejects(client.webhooks.create({ url: `${receiver.url}/x`, minSeverity: 9 as 1 }), BadRequestError);
      await assert.rejects(client.webhooks.create({} as { url: string }), BadRequestError);
      assert.equal((await client.webhooks.list()).items.length, before);
      const other = await otherOrganization(server.store);
      const theirs = await clientFor(other.creds).webhooks.create({ url: `${receiver.url}/theirs` });
      for (const call of [
        () => client.webhooks.retrieve(theirs.id),
        () => client.webhooks.update(theirs.id, { description: 'mine now' }),
        () => client.webhooks.disable(theirs.id),
        () => client.webhooks.rotateSecret(theirs.id),
        () => client.webhooks.test(theirs.id),
        () => client.webhooks.deliveries(theirs.id),
        () => client.webhooks.delete(theirs.id),
      ]) {
        await assert.rejects(call(), NotFoundError);
      }
      const still = await clientFor(other.creds).webhooks.retrieve(theirs.id);
      assert.equal(still.enabled, true);
      assert.equal(still.description, '');
    });

    it('request() reaches any endpoint and throws typed errors', async () => {
      const res = await client.request({ method: 'GET', path: '/v2/agents', query: { status: 'online' } });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { agents: [], token: null });
      await assert.rejects(client.request({ method: 'GET', path: '/v2/nowhere' }), NotFoundError);
    });
  });
}
