/**
 * `vigil agents|alerts|members|raw` against a real server with the demo dataset: json output is exactly
 * what the API returns, table and csv carry the same items, and errors exit with the documented codes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '@vigil/store/testing';
import { otherOrganization, type TestServer } from '@vigil/server/testing';
import { jsonOut, vigilAt, startCliTestServer } from './helpers/client-cli.js';

/** Every item of a token-paged list, read with the independent hawk client. */
async function allItems(server: TestServer, path: string, key: string): Promise<any[]> {
  const items: any[] = [];
  let token: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const res = await server.request('GET', token ? `${path}${sep}token=${encodeURIComponent(token)}` : path);
    assert.equal(res.status, 200, res.text);
    items.push(...res.json[key]);
    token = res.json.token ?? null;
  } while (token);
  return items;
}

for (const dialect of DIALECTS) {
  describe(`vigil client read commands (${dialect})`, () => {
    let server: TestServer;
    let vigil: ReturnType<typeof vigilAt>;
    before(async () => {
      server = await startCliTestServer(dialect, { demo: true });
      vigil = vigilAt(server);
    });
    after(() => server.close());

    it('agents list online|offline prints exactly the API objects as json, every page', async () => {
      for (const status of ['online', 'offline']) {
        const r = await vigil('agents', 'list', status, '--format', 'json');
        assert.equal(r.code, 0, r.err);
        assert.deepEqual(jsonOut(r), await allItems(server, `/v2/agents?status=${status}`, 'agents'));
      }
    });

    it('agents list defaults to json when stdout is not a terminal, and prints a table and csv on request', async () => {
      const api = await allItems(server, '/v2/agents?status=online', 'agents');
      const plain = await vigil('agents', 'list');
      assert.deepEqual(jsonOut(plain), api);
      const table = await vigil('agents', 'list', 'online', '--format', 'table');
      assert.equal(table.code, 0, table.err);
      const lines = table.out.trimEnd().split('\n');
      assert.match(lines[0]!, /^ID\s+HOSTNAME\s+STATUS/);
      assert.equal(lines.length, api.length + 1);
      for (const a of api) assert.ok(table.out.includes(a.id), a.id);
      const csv = await vigil('agents', 'list', '--format', 'csv');
      const rows = csv.out.split('\r\n').filter(Boolean);
      assert.equal(rows[0]!.split(',')[0], 'id');
      assert.equal(rows.length, api.length + 1);
    });

    it('agents show prints one agent; an unknown or another organization\'s id exits 4', async () => {
      const [agent] = await allItems(server, '/v2/agents?status=online', 'agents');
      const r = await vigil('agents', 'show', agent.id, '--format', 'json');
      assert.equal(r.code, 0, r.err);
      assert.deepEqual(jsonOut(r), (await server.request('GET', `/v2/agents/${agent.id}`)).json);
      const missing = await vigil('agents', 'show', 'no-such-agent');
      assert.equal(missing.code, 4);
      assert.match(missing.err, /404/);
      assert.equal(missing.out, '');
      const { creds } = await otherOrganization(server.store);
      const foreign = await vigilAt(server, { TS_USER_ID: creds.userId, TS_API_KEY: creds.apiKey, TS_ORGANIZATION_ID: creds.orgId })('agents', 'show', agent.id);
      assert.equal(foreign.code, 4, foreign.err);
    });

    it('agents list with a bad status is a usage error (exit 2) before any request', async () => {
      const r = await vigil('agents', 'list', 'sleeping');
      assert.equal(r.code, 2);
      assert.match(r.err, /online or offline/);
    });

    it('alerts list passes --severity --rule-id --agent-id --from --until to the API', async () => {
      const all = await allItems(server, '/v2/alerts?status=active', 'alerts');
      const sample = all[0];
      const r = await vigil('alerts', 'list', 'active', '--severity', String(sample.severity), '--rule-id', sample.ruleId, '--agent-id', sample.agentId, '--from', '2000-01-01T00:00:00Z', '--until', '2100-01-01T00:00:00Z');
      assert.equal(r.code, 0, r.err);
      const got = jsonOut(r);
      const expected = all.filter((a) => a.severity === sample.severity && a.ruleId === sample.ruleId && a.agentId === sample.agentId);
      assert.deepEqual(got.map((a: any) => a.id).sort(), expected.map((a) => a.id).sort());
      assert.ok(got.length >= 1 && got.length < all.length);
      const dismissed = await vigil('alerts', 'list', 'dismissed');
      assert.deepEqual(jsonOut(dismissed), await allItems(server, '/v2/alerts?status=dismissed', 'alerts'));
    });

    it('alerts list refuses a bad severity or time (exit 2), and a reversed range is the server\'s 400 (exit 7)', async () => {
      assert.equal((await vigil('alerts', 'list', '--severity', '4')).code, 2);
      assert.equal((await vigil('alerts', 'list', '--from', 'yesterday')).code, 2);
      const reversed = await vigil('alerts', 'list', '--from', '2024-02-01T00:00:00Z', '--until', '2024-01-01T00:00:00Z');
      assert.equal(reversed.code, 7, reversed.err);
    });

    it('alerts show, events and count match the API', async () => {
      const [alert] = await allItems(server, '/v2/alerts?status=active', 'alerts');
      const show = await vigil('alerts', 'show', alert.id);
      assert.deepEqual(jsonOut(show), (await server.request('GET', `/v2/alerts/${alert.id}`)).json);
      const events = await vigil('alerts', 'events', alert.id);
      assert.deepEqual(jsonOut(events), await allItems(server, `/v2/alerts/${alert.id}/events`, 'events'));
      const count = await vigil('alerts', 'count');
      assert.deepEqual(jsonOut(count), (await server.request('GET', '/v2/alerts/severity-counts')).json.severityCounts);
      const table = await vigil('alerts', 'count', '--format', 'table', '--from', '2000-01-01', '--until', '2100-01-01');
      assert.match(table.out, /^SEVERITY\s+COUNT\n/);
      assert.equal((await vigil('alerts', 'show', 'nope')).code, 4);
    });

    it('members list, add, invite and remove', async () => {
      const list = await vigil('members', 'list');
      assert.deepEqual(jsonOut(list), (await server.request('GET', '/v2/organizations/members')).json.members);
      const user = await server.store.users.create({ email: `cli-${dialect}@example.com`, displayName: 'Cli' });
      const add = await vigil('members', 'add', user.id, '--role', 'reader', '--format', 'json');
      assert.equal(add.code, 0, add.err);
      assert.equal((await server.store.memberships.get(server.creds.orgId, user.id))?.role, 'reader');
      const badRole = await vigil('members', 'add', user.id, '--role', 'admin');
      assert.equal(badRole.code, 2);
      assert.equal((await server.store.memberships.get(server.creds.orgId, user.id))?.role, 'reader');
      const remove = await vigil('members', 'remove', user.id, '--format', 'table');
      assert.equal(remove.code, 0, remove.err);
      assert.match(remove.out, /Removed/);
      assert.equal(await server.store.memberships.get(server.creds.orgId, user.id), undefined);
      assert.equal((await vigil('members', 'remove', user.id)).code, 4);
      const invite = await vigil('members', 'invite', `invitee-${dialect}@example.com`, '--role', 'user', '--format', 'json');
      assert.equal(invite.code, 0, invite.err);
      assert.equal(jsonOut(invite).sentToEmail, `invitee-${dialect}@example.com`);
      assert.equal((await vigil('members', 'invite', 'not-an-email')).code, 2);
    });

    it('raw prints the body, and a non-2xx exits by status with the server errors', async () => {
      const r = await vigil('raw', 'GET', 'agents?status=offline');
      assert.equal(r.code, 0, r.err);
      assert.deepEqual(jsonOut(r), (await server.request('GET', '/v2/agents?status=offline')).json);
      const bad = await vigil('raw', 'GET', '/v2/alerts');
      assert.equal(bad.code, 7);
      assert.match(bad.err, /status/);
      const post = await vigil('raw', 'POST', '/v2/rulesets', '--data', '{"name": ""}');
      assert.equal(post.code, 7);
      assert.match(post.err, /name/);
      assert.equal((await vigil('raw', 'GET', '/v2/agents/nope')).code, 4);
      assert.equal((await vigil('raw', 'POST', '/v2/rulesets', '--data', '{oops')).code, 2);
      assert.equal((await vigil('raw', 'FETCH', '/v2/agents')).code, 2);
    });

    it('a wrong API key exits 3 with a message, and the key never appears in the output', async () => {
      const wrongKey = 'wrong-key-'.padEnd(43, 'z');
      for (const verbose of [[], ['--verbose']]) {
        const r = await vigilAt(server, { TS_API_KEY: wrongKey })('agents', 'list', ...verbose);
        assert.equal(r.code, 3, r.err);
        assert.match(r.err, /401/);
        assert.ok(!(r.out + r.err).includes(wrongKey), 'no key in the output');
      }
      const flag = await vigilAt(server, { TS_API_KEY: undefined })('agents', 'list', '--api-key', wrongKey, '-v');
      assert.equal(flag.code, 3);
      assert.ok(!(flag.out + flag.err).includes(wrongKey));
      const good = await vigil('agents', 'list', '--verbose');
      assert.equal(good.code, 0);
      assert.match(good.err, /GET \/v2\/agents\?status=online → 200/);
      assert.ok(!(good.out + good.err).includes(server.creds.apiKey));
    });
  });
}
