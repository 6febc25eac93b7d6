import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StoreValidationError, type InstalledPackage, type InventorySnapshot, type Store } from '../src/index.js';
import { DIALECTS } from '../src/testing.js';
import { T0, bareKysely, newOrg, rawQuery, useStore } from './support.js';

const pkg = (name: string, version: string, over: Partial<InstalledPackage> = {}): InstalledPackage => ({ name, version, arch: 'amd64', ...over });
const snapshot = (packages: InstalledPackage[]): InventorySnapshot => ({ ecosystem: 'Debian:12', manager: 'dpkg', packages });
const BASE = [
  pkg('bash', '5.2.15-2+b7'),
  pkg('libssl3', '3.0.15-1~deb12u1', { sourceName: 'openssl' }),
  pkg('tzdata', '2024a-0+deb12u1', { arch: 'all' }),
];

async function registered(store: Store, org: string) {
  return (await store.ingest.registerAgent({ orgId: org, hostname: 'web-1' })).agent;
}

async function allPackages(store: Store, org: string, agentId: string, limit = 100) {
  const out = [];
  let after: [number, string] | undefined;
  do {
    const page = await store.inventory.listPackages(org, agentId, { limit, after });
    out.push(...page.items);
    after = page.next;
  } while (after);
  return out;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: package inventory`, () => {
    const s = useStore(dialect);

    it('stores a snapshot, then a diff, keeping the history of what changed', async () => {
      const org = await newOrg(s.store);
      const agent = await registered(s.store, org);
      const first = await s.store.inventory.replace(org, agent.id, snapshot(BASE), T0);
      assert.deepEqual({ ...first, digest: undefined }, { digest: undefined, added: 3, removed: 0, changed: 0, packageCount: 3 });
      assert.match(first.digest, /^[0-9a-f]{64}$/);

      const packages = await allPackages(s.store, org, agent.id);
      assert.deepEqual(
        packages.map((p) => [p.name, p.arch, p.version, p.sourceName, p.sourceVersion, p.ecosystem, p.manager, p.firstSeenAt]),
        [
          ['bash', 'amd64', '5.2.15-2+b7', 'bash', '5.2.15-2+b7', 'Debian:12', 'dpkg', T0],
          ['libssl3', 'amd64', '3.0.15-1~deb12u1', 'openssl', '3.0.15-1~deb12u1', 'Debian:12', 'dpkg', T0],
          ['tzdata', 'all', '2024a-0+deb12u1', 'tzdata', '2024a-0+deb12u1', 'Debian:12', 'dpkg', T0],
        ],
      );

      const diff = await s.store.inventory.applyDiff(
        org,
        agent.id,
        { baseDigest: first.digest, added: [pkg('curl', '7.88.1-10+deb12u8'), pkg('libssl3', '3.0.16-1~deb12u1', { sourceName: 'openssl' })], removed: [{ name: 'libssl3', arch: 'amd64', version: '3.0.15-1~deb12u1' }, { name: 'tzdata', arch: 'all', version: '2024a-0+deb12u1' }] },
        T0 + 1000,
      );
      assert.ok(!('conflict' in diff));
      assert.deepEqual({ ...diff, digest: undefined }, { digest: undefined, added: 1, removed: 1, changed: 1, packageCount: 3 });
      // The same set sent as a snapshot has the digest the diff produced.
      const asSnapshot = await s.store.inventory.replace(org, agent.id, snapshot([pkg('libssl3', '3.0.16-1~deb12u1', { sourceName: 'openssl' }), pkg('curl', '7.88.1-10+deb12u8'), pkg('bash', '5.2.15-2+b7')]), T0 + 2000);
      assert.deepEqual(asSnapshot, { digest: diff.digest, added: 0, removed: 0, changed: 0, packageCount: 3 });

      const changes = (await s.store.inventory.listChanges(org, agent.id, { limit: 100 })).items;
      const recent = changes.filter((c) => c.at === T0 + 1000).map((c) => [c.kind, c.name, c.arch, c.fromVersion, c.toVersion, c.sourceName]);
      assert.deepEqual(
        recent.sort(),
        [
          ['added', 'curl', 'amd64', null, '7.88.1-10+deb12u8', 'curl'],
          ['changed', 'libssl3', 'amd64', '3.0.15-1~deb12u1', '3.0.16-1~deb12u1', 'openssl'],
          ['removed', 'tzdata', 'all', '2024a-0+deb12u1', null, 'tzdata'],
        ].sort(),
      );
      assert.equal(changes.filter((c) => c.at === T0).length, 3, 'the first snapshot is history too');
      assert.equal(changes.length, 6, 'the repeated set recorded nothing');
      assert.equal(changes[0]!.at, T0 + 1000, 'newest first');
      const state = await s.store.inventory.state(org, agent.id);
      assert.deepEqual(state, { agentId: agent.id, ecosystem: 'Debian:12', manager: 'dpkg', digest: diff.digest, packageCount: 3, updatedAt: T0 + 2000 });
    });

    it('re-sending the same snapshot changes nothing', async () => {
      const org = await newOrg(s.store);
      const agent = await registered(s.store, org);
      const first = await s.store.inventory.replace(org, agent.id, snapshot(BASE), T0);
      const again = await s.store.inventory.replace(org, agent.id, snapshot([...BASE].reverse()), T0 + 5000);
      assert.deepEqual(again, { digest: first.digest, added: 0, removed: 0, changed: 0, packageCount: 3 });
      assert.equal((await s.store.inventory.listChanges(org, agent.id, { limit: 100 })).items.length, 3);
      assert.deepEqual((await allPackages(s.store, org, agent.id)).map((p) => p.firstSeenAt), [T0, T0, T0]);
    });

    it('keeps several versions of one package (rpm kernels) and pages through a large set', async () => {
      const org = await newOrg(s.store);
      const agent = await registered(s.store, org);
      const many = Array.from({ length: 250 }, (_, i) => pkg(`lib${String(i).padStart(3, '0')}`, '1.0-1', { arch: 'x86_64' }));
      const kernels = [pkg('kernel', '5.14.0-427.13.1.el9_4', { arch: 'x86_64' }), pkg('kernel', '5.14.0-503.14.1.el9_5', { arch: 'x86_64' })];
      await s.store.inventory.replace(org, agent.id, { ecosystem: 'Rocky Linux:9', manager: 'rpm', packages: [...many, ...kernels] }, T0);
      const listed = await allPackages(s.store, org, agent.id, 40);
      assert.equal(listed.length, 252);
      assert.deepEqual(listed.filter((p) => p.name === 'kernel').map((p) => p.version), ['5.14.0-427.13.1.el9_4', '5.14.0-503.14.1.el9_5']);
      assert.equal(new Set(listed.map((p) => `${p.name} ${p.version}`)).size, 252, 'no package twice across pages');

      // A new kernel beside two old ones is an addition, not a change of one of them.
      const state = (await s.store.inventory.state(org, agent.id))!;
      await s.store.inventory.applyDiff(org, agent.id, { baseDigest: state.digest, added: [pkg('kernel', '5.14.0-503.15.1.el9_5', { arch: 'x86_64' })], removed: [] }, T0 + 1);
      const [latest] = (await s.store.inventory.listChanges(org, agent.id, { limit: 1 })).items;
      assert.deepEqual([latest!.kind, latest!.toVersion], ['added', '5.14.0-503.15.1.el9_5']);
    });

    it('refuses a diff from another base, or one that does not fit, and stores nothing', async () => {
      const org = await newOrg(s.store);
      const agent = await registered(s.store, org);
      const noBase = await s.store.inventory.applyDiff(org, agent.id, { baseDigest: 'a'.repeat(64), added: [pkg('curl', '1')], removed: [] });
      assert.deepEqual(noBase, { conflict: true, digest: null, reason: 'no inventory is stored for this agent yet; send the full snapshot' });
      const { digest } = await s.store.inventory.replace(org, agent.id, snapshot(BASE), T0);
      const cases = [
        { baseDigest: 'b'.repeat(64), added: [pkg('curl', '1')], removed: [] },
        { baseDigest: digest, added: [pkg('bash', '5.2.15-2+b7')], removed: [] },
        { baseDigest: digest, added: [], removed: [{ name: 'vim', arch: 'amd64', version: '9' }] },
      ];
      for (const diff of cases) {
        const result = await s.store.inventory.applyDiff(org, agent.id, diff);
        assert.ok('conflict' in result && result.digest === digest, JSON.stringify(result));
      }
      assert.equal((await s.store.inventory.state(org, agent.id))!.digest, digest);
      assert.equal((await allPackages(s.store, org, agent.id)).length, 3);
      assert.equal((await s.store.inventory.listChanges(org, agent.id, { limit: 100 })).items.length, 3);
    });

    it('refuses bad packages before writing anything', async () => {
      const org = await newOrg(s.store);
      const agent = await registered(s.store, org);
      const bad: InventorySnapshot[] = [
        snapshot([pkg('bash', '1'), pkg('bash', '1')]),
        snapshot([pkg('', '1')]),
        snapshot([pkg('bash', 'x\ty')]),
        { ...snapshot([]), manager: 'pacman' as 'dpkg' },
        { ...snapshot([]), ecosystem: '' },
      ];
      for (const input of bad) await assert.rejects(s.store.inventory.replace(org, agent.id, input), StoreValidationError);
      await assert.rejects(s.store.inventory.replace(org, agent.id, snapshot([pkg('bash', '1'), pkg('bash', '1')])), /packages\[1\] repeats bash amd64 1/);
      assert.equal(await s.store.inventory.state(org, agent.id), undefined);
    });

    it('keeps organizations apart, and drops the inventory with its agent', async () => {
      const org = await newOrg(s.store);
      const other = await newOrg(s.store);
      const agent = await registered(s.store, org);
      await s.store.inventory.replace(org, agent.id, snapshot(BASE), T0);
      assert.equal(await s.store.inventory.state(other, agent.id), undefined);
      assert.deepEqual((await s.store.inventory.listPackages(other, agent.id, { limit: 10 })).items, []);
      assert.deepEqual((await s.store.inventory.listChanges(other, agent.id, { limit: 10 })).items, []);
      // Another organization cannot write into this agent's inventory either.
      const foreign = await s.store.inventory.applyDiff(other, agent.id, { baseDigest: (await s.store.inventory.state(org, agent.id))!.digest, added: [pkg('evil', '1')], removed: [] });
      assert.ok('conflict' in foreign);
      assert.equal((await allPackages(s.store, org, agent.id)).length, 3);

      const db = bareKysely(s.url);
      await db.deleteFrom('agents').where('id', '=', agent.id).execute();
      await db.destroy();
      const left = await rawQuery(s.url, `select count(*) as n from agent_packages where agent_id = '${agent.id}'`);
      assert.equal(Number(left[0]!.n), 0);
    });

    it('keeps cloud metadata on the agent from registration and heartbeats, setting its instanceId', async () => {
      const org = await newOrg(s.store);
      const cloud = { provider: 'aws' as const, instanceId: 'i-0abc123', region: 'eu-west-1', accountId: '123456789012', instanceType: 't3.small', tags: { env: 'prod' } };
      const { agent } = await s.store.ingest.registerAgent({ orgId: org, hostname: 'web-2', cloud });
      assert.deepEqual([agent.cloud, agent.instanceId], [cloud, 'i-0abc123']);
      const moved = { ...cloud, instanceId: 'i-0def456', region: 'us-east-1' };
      assert.equal(await s.store.ingest.heartbeat(org, agent.id, T0, { cloud: moved }), true);
      const read = (await s.store.agents.get(org, agent.id))!;
      assert.deepEqual([read.cloud, read.instanceId], [moved, 'i-0def456']);
      const listed = (await s.store.agents.list(org, { status: 'online', instanceId: 'i-0def456' }, { limit: 10 })).items;
      assert.deepEqual(listed.map((a) => a.cloud), [moved]);
      assert.equal(await s.store.ingest.heartbeat(org, agent.id, T0, { version: '1' }), true);
      assert.deepEqual((await s.store.agents.get(org, agent.id))!.cloud, moved, 'a heartbeat without cloud keeps it');
    });
  });
}
