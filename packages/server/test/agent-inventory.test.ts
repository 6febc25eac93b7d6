/**
 * The package inventory over the agent protocol (full list, then changes, gzip or not) and over REST v2
 * (`GET /v2/agents/{id}/packages`, `…/packages/changes`), plus cloud metadata from registration and heartbeats.
 */
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { AgentClient, ConflictError, type InventorySnapshot } from '@vigil/sdk';
import { DIALECTS } from '@vigil/store/testing';
import { otherOrganization } from './helpers/fixtures.js';
import { agentSend, registerAgent, type AgentCreds } from './helpers/agent-client.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

const SNAPSHOT: InventorySnapshot = {
  ecosystem: 'Debian:12',
  manager: 'dpkg',
  packages: [
    { name: 'bash', version: '5.2.15-2+b7', arch: 'amd64' },
    { name: 'libssl3', version: '3.0.15-1~deb12u1', arch: 'amd64', sourceName: 'openssl' },
    { name: 'tzdata', version: '2024a-0+deb12u1', arch: 'all' },
  ],
};
const CLOUD = { provider: 'aws', instanceId: 'i-0123456789abcdef0', region: 'eu-west-1', availabilityZone: 'eu-west-1b', accountId: '123456789012', instanceType: 't3.medium', imageId: 'ami-0abc', tags: { Name: 'web-1', env: 'prod' } } as const;

for (const dialect of DIALECTS) {
  describe(`agent inventory (${dialect})`, () => {
    let server: TestServer;
    let deployKey: string;

    before(async () => {
      server = await startTestServer(dialect);
      deployKey = (await server.store.deployKeys.issue(server.creds.orgId)).key;
    });
    after(() => server.close());

    const fresh = async (body: Record<string, unknown> = {}) => {
      const creds = await registerAgent(server.url, deployKey, body);
      return { creds, client: new AgentClient({ baseUrl: server.url, ...creds, maxRetries: 0 }) };
    };
    const v2 = async (path: string) => {
      const res = await server.request('GET', path);
      assert.equal(res.status, 200, `${path} → ${res.status} ${res.text}`);
      return res.json;
    };
    const sendRaw = (creds: AgentCreds, method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
      agentSend(server.url, method, path, creds, Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)), { headers });

    it('stores the full list, then changes, and REST v2 shows the packages and their history', async () => {
      const { creds, client } = await fresh();
      const first = await client.sendInventory(SNAPSHOT, { gzip: true });
      assert.deepEqual({ ...first, digest: first.digest.length }, { digest: 64, added: 3, removed: 0, changed: 0, packageCount: 3 });
      assert.equal((await client.heartbeat({})).inventoryDigest, first.digest);

      const listed = await v2(`/v2/agents/${creds.agentId}/packages`);
      assert.deepEqual(Object.keys(listed), ['packages', 'token']);
      assert.equal(listed.token, null);
      assert.deepEqual(listed.packages[1], {
        name: 'libssl3',
        version: '3.0.15-1~deb12u1',
        arch: 'amd64',
        sourceName: 'openssl',
        sourceVersion: '3.0.15-1~deb12u1',
        ecosystem: 'Debian:12',
        manager: 'dpkg',
        firstSeenAt: listed.packages[1].firstSeenAt,
      });
      assert.match(listed.packages[1].firstSeenAt, /^\d{4}-\d\d-\d\dT/);

      const next = await client.sendInventoryChanges({
        baseDigest: first.digest,
        added: [{ name: 'libssl3', version: '3.0.16-1~deb12u1', arch: 'amd64', sourceName: 'openssl' }, { name: 'curl', version: '7.88.1-10+deb12u8', arch: 'amd64' }],
        removed: [{ name: 'libssl3', version: '3.0.15-1~deb12u1', arch: 'amd64' }],
      });
      assert.deepEqual([next.added, next.removed, next.changed, next.packageCount], [1, 0, 1, 4]);
      const names = (await v2(`/v2/agents/${creds.agentId}/packages`)).packages.map((p: { name: string; version: string }) => `${p.name} ${p.version}`);
      assert.deepEqual(names, ['bash 5.2.15-2+b7', 'curl 7.88.1-10+deb12u8', 'libssl3 3.0.16-1~deb12u1', 'tzdata 2024a-0+deb12u1']);
      const changes = (await v2(`/v2/agents/${creds.agentId}/packages/changes`)).changes;
      assert.equal(changes.length, 5);
      const latest = changes.slice(0, 2).map((c: Record<string, unknown>) => [c.kind, c.name, c.fromVersion, c.toVersion]).sort();
      assert.deepEqual(latest, [
        ['added', 'curl', null, '7.88.1-10+deb12u8'],
        ['changed', 'libssl3', '3.0.15-1~deb12u1', '3.0.16-1~deb12u1'],
      ]);

      // The same full list again changes nothing; a diff against the old base is refused.
      const full = { ...SNAPSHOT, packages: [SNAPSHOT.packages[0]!, SNAPSHOT.packages[2]!, { name: 'curl', version: '7.88.1-10+deb12u8', arch: 'amd64' }, { name: 'libssl3', version: '3.0.16-1~deb12u1', arch: 'amd64', sourceName: 'openssl' }] };
      assert.deepEqual(await client.sendInventory(full), { ...next, added: 0, changed: 0 });
      await assert.rejects(client.sendInventoryChanges({ baseDigest: first.digest, added: [], removed: [] }), ConflictError);
      assert.equal((await v2(`/v2/agents/${creds.agentId}/packages/changes`)).changes.length, 5);
    });

    it('pages a large inventory with tokens that belong to one agent', async () => {
      const { creds, client } = await fresh();
      const packages = Array.from({ length: 230 }, (_, i) => ({ name: `pkg${String(i).padStart(3, '0')}`, version: '1.0-1', arch: 'x86_64' }));
      await client.sendInventory({ ecosystem: 'Rocky Linux:9', manager: 'rpm', packages }, { gzip: true });
      const seen: string[] = [];
      let path = `/v2/agents/${creds.agentId}/packages`;
      for (;;) {
        const page = await v2(path);
        seen.push(...page.packages.map((p: { name: string }) => p.name));
        if (page.token === null) break;
        path = `/v2/agents/${creds.agentId}/packages?token=${encodeURIComponent(page.token)}`;
      }
      assert.deepEqual(seen, packages.map((p) => p.name));
      const { creds: other } = await fresh();
      const token = (await v2(`/v2/agents/${creds.agentId}/packages`)).token;
      const reused = await server.request('GET', `/v2/agents/${other.agentId}/packages?token=${encodeURIComponent(token)}`);
      assert.equal(reused.status, 400, reused.text);
    });

    it('refuses bad inventories with a 4xx naming the problem, and stores nothing', async () => {
      const { creds, client } = await fresh();
      const cases: Array<[unknown, number, RegExp, Record<string, string>?]> = [
        [{ ...SNAPSHOT, manager: 'pacman' }, 400, /manager/],
        [{ ...SNAPSHOT, packages: [{ name: 'bash', arch: 'amd64' }] }, 400, /version/],
        [{ ...SNAPSHOT, packages: [{ name: 'ba\tsh', version: '1', arch: 'amd64' }] }, 400, /name/],
        [{ ...SNAPSHOT, packages: [{ name: 'bash', version: '1', arch: 'amd64', color: 'red' }] }, 400, /color|additional/i],
        [{ ...SNAPSHOT, packages: [SNAPSHOT.packages[0], SNAPSHOT.packages[0]] }, 400, /packages\[1\] repeats bash amd64/],
        [{ ecosystem: 'Debian:12', manager: 'dpkg' }, 400, /packages/],
        ['{"ecosystem":', 400, /not valid JSON/],
        ['', 400, /empty/],
        [Buffer.from('not gzip'), 400, /gzip/, { 'content-encoding': 'gzip' }],
        [{ ...SNAPSHOT, packages: Array.from({ length: 20_001 }, (_, i) => ({ name: `p${i}`, version: '1', arch: 'all' })) }, 400, /packages/],
      ];
      for (const [body, status, message, headers] of cases) {
        const answer = await sendRaw(creds, 'PUT', '/agent/v1/inventory', body, headers);
        assert.equal(answer.status, status, `${JSON.stringify(body).slice(0, 80)} → ${answer.text.slice(0, 200)}`);
        assert.match(answer.json.errors.join(' '), message);
      }
      const bomb = gzipSync(Buffer.alloc(9 * 1024 * 1024, 0x20));
      const tooBig = await sendRaw(creds, 'PUT', '/agent/v1/inventory', bomb, { 'content-encoding': 'gzip' });
      assert.equal(tooBig.status, 413, tooBig.text);
      const badDiff = await sendRaw(creds, 'POST', '/agent/v1/inventory/changes', { baseDigest: 'nope', added: [], removed: [] });
      assert.equal(badDiff.status, 400, badDiff.text);
      assert.match(badDiff.json.errors.join(' '), /baseDigest/);
      await assert.rejects(client.sendInventoryChanges({ baseDigest: 'a'.repeat(64), added: [], removed: [] }), (err: ConflictError) => {
        assert.match(err.errors[0]!, /no inventory is stored for this agent yet; send the full snapshot/);
        return err instanceof ConflictError;
      });
      assert.deepEqual(await v2(`/v2/agents/${creds.agentId}/packages`), { packages: [], token: null });
      assert.deepEqual(await v2(`/v2/agents/${creds.agentId}/packages/changes`), { changes: [], token: null });
      assert.equal((await client.heartbeat()).inventoryDigest, null);
    });

    it("keeps organizations apart: another organization's agent is 404", async () => {
      const { creds, client } = await fresh();
      await client.sendInventory(SNAPSHOT);
      const other = await otherOrganization(server.store);
      for (const path of [`/v2/agents/${creds.agentId}/packages`, `/v2/agents/${creds.agentId}/packages/changes`, '/v2/agents/no-such-agent/packages']) {
        const res = await server.request('GET', path, path.includes('no-such') ? {} : { creds: other.creds });
        assert.equal(res.status, 404, `${path} → ${res.text}`);
        assert.deepEqual(res.json, { errors: ['Agent not found'] });
      }
    });

    it('keeps cloud metadata from registration and heartbeats; the agent object shows its instanceId and no key Threat Stack lacked', async () => {
      const { creds, client } = await fresh({ cloud: CLOUD });
      const shown = await v2(`/v2/agents/${creds.agentId}`);
      assert.equal(shown.instanceId, CLOUD.instanceId);
      assert.equal('cloud' in shown, false, "the agent object keeps Threat Stack's fields (its scripts refuse others)");
      assert.deepEqual(await v2(`/v2/agents/${creds.agentId}/cloud`), CLOUD);
      const found = await v2(`/v2/agents?status=online&instanceId=${CLOUD.instanceId}`);
      assert.deepEqual(found.agents.map((a: { id: string }) => a.id), [creds.agentId]);

      // A newer agent's extra field is ignored, not stored; a missing instanceId is refused.
      await client.heartbeat({ cloud: { ...CLOUD, region: 'eu-central-1', newField: 'x' } as unknown as typeof CLOUD });
      assert.deepEqual(await v2(`/v2/agents/${creds.agentId}/cloud`), { ...CLOUD, region: 'eu-central-1' });
      const bad = await sendRaw(creds, 'POST', '/agent/v1/heartbeat', { cloud: { provider: 'aws' } });
      assert.equal(bad.status, 400, bad.text);
      assert.match(bad.json.errors.join(' '), /instanceId/);
      const unknownProvider = await sendRaw(creds, 'POST', '/agent/v1/heartbeat', { cloud: { provider: 'oracle', instanceId: 'x' } });
      assert.equal(unknownProvider.status, 400, unknownProvider.text);
      assert.equal((await v2(`/v2/agents/${creds.agentId}/cloud`)).region, 'eu-central-1', 'nothing stored from refused heartbeats');

      const { creds: plain } = await fresh();
      const none = await server.request('GET', `/v2/agents/${plain.agentId}/cloud`);
      assert.deepEqual([none.status, none.json], [404, { errors: ['Cloud metadata of this agent not found'] }]);
      const other = await otherOrganization(server.store);
      assert.equal((await server.request('GET', `/v2/agents/${creds.agentId}/cloud`, { creds: other.creds })).status, 404);
    });

    it('documents the routes in OpenAPI', async () => {
      const doc = (await fetch(`${server.url}/openapi.json`).then((r) => r.json())) as { paths: Record<string, Record<string, unknown>> };
      assert.ok(doc.paths['/agent/v1/inventory']?.put);
      assert.ok(doc.paths['/agent/v1/inventory/changes']?.post);
      assert.ok(doc.paths['/v2/agents/{agentId}/packages']?.get);
      assert.ok(doc.paths['/v2/agents/{agentId}/packages/changes']?.get);
      assert.ok(doc.paths['/v2/agents/{agentId}/cloud']?.get);
    });
  });
}
