import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StoreNotFoundError, StoreValidationError, type Store } from '../src/index.js';
import { DIALECTS, advisoryFixture, findingFixture } from '../src/testing.js';
import { T0, newOrg, useStore } from './support.js';

let n = 0;
const fresh = () => `DEBIAN-CVE-2024-${process.pid}${String((n += 1)).padStart(3, '0')}`;

async function agentIn(store: Store, org: string, hostname = 'web-1') {
  return (await store.ingest.registerAgent({ orgId: org, hostname })).agent.id;
}

const brief = (fs: { agentId: string; advisoryId: string; cve: string; packageName: string; firstSeenAt: number }[]) =>
  fs.map((f) => `${f.agentId}|${f.advisoryId}|${f.cve}|${f.packageName}|${f.firstSeenAt}`).sort();

for (const dialect of DIALECTS) {
  describe(`${dialect}: vulnerability findings`, () => {
    const s = useStore(dialect);

    it('replaces an agent\'s findings, keeping firstSeenAt of the ones that stay and reporting what is new', async () => {
      const org = await newOrg(s.store);
      const agent = await agentIn(s.store, org);
      const [a, b, c] = [fresh(), fresh(), fresh()];
      // One advisory about two CVEs is listed under each.
      const dsa = `DSA-${process.pid}-${n}`;
      await s.store.advisories.upsert([advisoryFixture(a), advisoryFixture(b, { severity: 'low', securityNotices: [] }), advisoryFixture(c), advisoryFixture(dsa, { cves: ['CVE-2024-0001', 'CVE-2024-0002'] })]);

      const first = await s.store.findings.replaceForAgent(org, agent, [findingFixture(a), findingFixture(b), findingFixture(dsa)], T0);
      assert.equal(first.added.length, 4);
      assert.deepEqual(first.removed, []);
      const stored = await s.store.findings.listForAgent(org, agent);
      assert.deepEqual(
        stored.map((f) => [f.cve, f.advisoryId, f.severity, f.firstSeenAt]),
        [
          [a.slice('DEBIAN-'.length), a, 'high', T0],
          [b.slice('DEBIAN-'.length), b, 'low', T0],
          ['CVE-2024-0001', dsa, 'high', T0],
          ['CVE-2024-0002', dsa, 'high', T0],
        ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
      );
      assert.deepEqual({ ...stored[0], cve: undefined, advisoryId: undefined }, { ...findingFixture(a), advisoryId: undefined, cve: undefined, orgId: org, agentId: agent, severity: 'high', firstSeenAt: T0 });

      // b goes, c comes, a changes status: a keeps its first sighting and is not new.
      const second = await s.store.findings.replaceForAgent(org, agent, [findingFixture(a, { status: 'affected', fixedVersion: null }), findingFixture(c), findingFixture(dsa)], T0 + 1000);
      assert.deepEqual(brief(second.added), brief([{ agentId: agent, advisoryId: c, cve: c.slice(7), packageName: 'libssl3', firstSeenAt: T0 + 1000 }]));
      assert.deepEqual(brief(second.removed), brief([{ agentId: agent, advisoryId: b, cve: b.slice(7), packageName: 'libssl3', firstSeenAt: T0 }]));
      const now = await s.store.findings.listForAgent(org, agent);
      const ofA = now.find((f) => f.advisoryId === a)!;
      assert.deepEqual([ofA.status, ofA.fixedVersion, ofA.firstSeenAt], ['affected', null, T0]);
      assert.equal(now.length, 4);

      const same = await s.store.findings.replaceForAgent(org, agent, [findingFixture(a, { status: 'affected', fixedVersion: null }), findingFixture(c), findingFixture(dsa)], T0 + 2000);
      assert.deepEqual(same, { added: [], removed: [] });
      assert.equal((await s.store.findings.replaceForAgent(org, agent, [], T0 + 3000)).removed.length, 4);
      assert.equal(await s.store.findings.count(org), 0);
    });

    it('brings severity, notices, fixed version and reason up to date in place, and stores a finding named twice once', async () => {
      const org = await newOrg(s.store);
      const agent = await agentIn(s.store, org);
      const [a, b] = [fresh(), fresh()];
      await s.store.advisories.upsert([advisoryFixture(a, { severity: 'low' }), advisoryFixture(b)]);
      const first = await s.store.findings.replaceForAgent(org, agent, [findingFixture(a, { reason: 'why' }), findingFixture(b), findingFixture(b)], T0);
      assert.deepEqual(brief(first.added), brief([a, b].map((id) => ({ agentId: agent, advisoryId: id, cve: id.slice(7), packageName: 'libssl3', firstSeenAt: T0 }))));

      // The advisory is re-imported as critical with a notice: the same findings are not new, their copies change.
      await s.store.advisories.upsert([advisoryFixture(a, { severity: 'critical', securityNotices: ['DSA-1-1'], modified: '2024-03-01T00:00:00Z' })]);
      const again = await s.store.findings.replaceForAgent(org, agent, [findingFixture(a, { reason: null, fixedVersion: null, status: 'affected' }), findingFixture(b)], T0 + 1000);
      assert.deepEqual(again, { added: [], removed: [] });
      const ofA = (await s.store.findings.listForAgent(org, agent)).find((f) => f.advisoryId === a)!;
      assert.deepEqual([ofA.severity, ofA.reason, ofA.fixedVersion, ofA.status, ofA.firstSeenAt], ['critical', null, null, 'affected', T0]);
      const page = await s.store.vulnerabilities.list(org, { status: 'all', cve: a.slice(7) }, { limit: 10 });
      assert.deepEqual(page.items.map((g) => [g.severity, g.securityNotices]), [['critical', ['DSA-1-1']]]);
      assert.equal(await s.store.findings.count(org), 2);
    });

    it('re-diffs a package whose findings were written by advisory since the agent\'s last re-match, and only the packages that changed', async () => {
      const org = await newOrg(s.store);
      const agent = await agentIn(s.store, org);
      const [a, b] = [fresh(), fresh()];
      await s.store.advisories.upsert([advisoryFixture(a), advisoryFixture(b)]);
      const onBash = (id: string) => findingFixture(id, { packageName: 'bash', sourceName: 'bash', installedVersion: '5.2-1' });
      await s.store.findings.replaceForAgent(org, agent, [findingFixture(a), onBash(b)], T0);
      // The same advisory, unchanged, re-matched across the fleet without this agent: its finding goes.
      const gone = await s.store.findings.replaceForAdvisory(a, [], T0 + 1000);
      assert.deepEqual(gone.removed.map((f) => f.agentId), [agent]);
      // The agent's next re-match names it again: it is back, new, and bash's finding is left as it was.
      const back = await s.store.findings.replaceForAgent(org, agent, [findingFixture(a), onBash(b)], T0 + 2000);
      assert.deepEqual(brief(back.added), brief([{ agentId: agent, advisoryId: a, cve: a.slice(7), packageName: 'libssl3', firstSeenAt: T0 + 2000 }]));
      assert.deepEqual(back.removed, []);
      // A package that left the inventory loses its findings; one that stayed keeps its first sighting.
      const left = await s.store.findings.replaceForAgent(org, agent, [onBash(b)], T0 + 3000);
      assert.deepEqual(left.removed.map((f) => f.packageName), ['libssl3']);
      assert.deepEqual((await s.store.findings.listForAgent(org, agent)).map((f) => [f.packageName, f.firstSeenAt]), [['bash', T0]]);
      assert.deepEqual(await s.store.findings.replaceForAgent(org, agent, [onBash(b)], T0 + 4000), { added: [], removed: [] });
    });

    it('replaces one advisory\'s findings across organizations; a withdrawn advisory loses them all', async () => {
      const [org1, org2] = [await newOrg(s.store), await newOrg(s.store)];
      const [x, y, z] = [await agentIn(s.store, org1), await agentIn(s.store, org1, 'web-2'), await agentIn(s.store, org2)];
      const [a, other] = [fresh(), fresh()];
      await s.store.advisories.upsert([advisoryFixture(a), advisoryFixture(other)]);
      await s.store.findings.replaceForAgent(org1, x, [findingFixture(a), findingFixture(other)], T0);

      const change = await s.store.findings.replaceForAdvisory(a, [
        { orgId: org1, agentId: y, findings: [findingFixture(a)] },
        { orgId: org2, agentId: z, findings: [findingFixture(a, { packageName: 'openssl' })] },
      ], T0 + 1000);
      assert.deepEqual(change.added.map((f) => [f.orgId, f.agentId]).sort(), [[org1, y], [org2, z]].sort());
      assert.deepEqual(change.removed.map((f) => f.agentId), [x]);
      assert.deepEqual((await s.store.findings.listForAgent(org1, x)).map((f) => f.advisoryId), [other], 'other advisories untouched');
      assert.equal(await s.store.findings.count(org2), 1);

      const result = await s.store.advisories.upsert([advisoryFixture(a, { withdrawn: '2024-05-01T00:00:00Z' })]);
      assert.equal(result.withdrawn, 1);
      assert.equal(await s.store.findings.count(org2), 0, 'withdrawing removes its findings');
      assert.deepEqual((await s.store.findings.listForAgent(org1, y)), []);
      // Findings of a withdrawn advisory are not stored again.
      await s.store.findings.replaceForAgent(org2, z, [findingFixture(a)]);
      assert.equal(await s.store.findings.count(org2), 0);
    });

    it('refuses another organization\'s agent, unknown advisories and malformed findings, changing nothing', async () => {
      const [org, stranger] = [await newOrg(s.store), await newOrg(s.store)];
      const agent = await agentIn(s.store, org);
      const a = fresh();
      await s.store.advisories.upsert([advisoryFixture(a)]);
      await s.store.findings.replaceForAgent(org, agent, [findingFixture(a)], T0);

      await assert.rejects(s.store.findings.replaceForAgent(stranger, agent, []), StoreNotFoundError);
      await assert.rejects(s.store.findings.replaceForAgent(org, agent, [findingFixture('NO-SUCH-ADVISORY')]), /not stored/);
      await assert.rejects(s.store.findings.replaceForAgent(org, agent, [{ ...findingFixture(a), status: 'bad' as 'affected' }]), StoreValidationError);
      await assert.rejects(s.store.findings.replaceForAgent(org, agent, [{ ...findingFixture(a), installedVersion: '' }]), /installedVersion/);
      await assert.rejects(s.store.findings.replaceForAdvisory(a, [{ orgId: stranger, agentId: agent, findings: [findingFixture(a)] }]), StoreNotFoundError);
      await assert.rejects(s.store.findings.replaceForAdvisory(a, [{ orgId: org, agentId: agent, findings: [findingFixture(fresh())] }]), StoreValidationError);
      await assert.rejects(s.store.findings.replaceForAdvisory('NO-SUCH-ADVISORY', []), StoreValidationError);
      assert.deepEqual((await s.store.findings.listForAgent(org, agent)).map((f) => [f.advisoryId, f.firstSeenAt]), [[a, T0]]);
      assert.deepEqual(await s.store.findings.listForAgent(stranger, agent), [], 'another organization reads nothing');
    });

    it('gives the matcher an agent\'s packages and the fleet\'s packages by source name', async () => {
      const [org1, org2] = [await newOrg(s.store), await newOrg(s.store)];
      const [x, z] = [await agentIn(s.store, org1), await agentIn(s.store, org2)];
      const src = `openssl${process.pid}x${(n += 1)}`;
      const pkgs = [{ name: 'libssl3', version: '3.0.15-1', arch: 'amd64', sourceName: src }, { name: 'bash', version: '5.2', arch: 'amd64' }];
      await s.store.inventory.replace(org1, x, { ecosystem: 'Debian:12', manager: 'dpkg', packages: pkgs });
      await s.store.inventory.replace(org2, z, { ecosystem: 'Debian:11', manager: 'dpkg', packages: pkgs.slice(0, 1) });
      const current = await s.store.inventory.current(org1, x);
      assert.deepEqual(current, {
        orgId: org1,
        agentId: x,
        ecosystem: 'Debian:12',
        manager: 'dpkg',
        packages: [
          { name: 'bash', arch: 'amd64', version: '5.2', sourceName: 'bash', sourceVersion: '5.2' },
          { name: 'libssl3', arch: 'amd64', version: '3.0.15-1', sourceName: src, sourceVersion: '3.0.15-1' },
        ],
      });
      assert.equal(await s.store.inventory.current(org2, x), undefined, 'another organization\'s agent');
      const fleet = await s.store.inventory.packagesBySourceNames([src]);
      assert.deepEqual(fleet.map((p) => [p.orgId, p.agentId, p.ecosystem, p.name]).sort(), [[org1, x, 'Debian:12', 'libssl3'], [org2, z, 'Debian:11', 'libssl3']].sort());
      const states = [];
      let after: string | undefined;
      do {
        const page = await s.store.inventory.listStates({ limit: 1, after });
        states.push(...page.items);
        after = page.next;
      } while (after !== undefined);
      assert.deepEqual(states.filter((st) => st.agentId === x || st.agentId === z).map((st) => st.orgId).sort(), [org1, org2].sort());
    });
  });
}
