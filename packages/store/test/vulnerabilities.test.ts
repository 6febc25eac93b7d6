import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Cursor, Store, VulnerabilityFilter } from '../src/index.js';
import { DIALECTS, advisoryFixture, findingFixture } from '../src/testing.js';
import { T0, agentInput, newOrg, useStore } from './support.js';

let n = 0;
const cveId = () => `CVE-2031-${process.pid}${String((n += 1)).padStart(3, '0')}`;

async function all(store: Store, org: string, filter: VulnerabilityFilter, limit = 2) {
  const out = [];
  let after: Cursor | undefined;
  do {
    const page = await store.vulnerabilities.list(org, filter, { limit, after });
    assert.ok(page.items.length <= limit);
    out.push(...page.items);
    after = page.next;
  } while (after);
  return out;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: vulnerabilities read model`, () => {
    const s = useStore(dialect);

    it('groups per CVE, host and package, folds advisories, applies suppressions and filters', async () => {
      const [org, other] = [await newOrg(s.store), await newOrg(s.store)];
      const web = (await s.store.agents.create(agentInput(org, { hostname: 'web-1', tags: [{ source: 'ec2', key: 'env', value: 'prod' }] }))).id;
      const dev = (await s.store.agents.create(agentInput(org, { hostname: 'dev-1', tags: [{ source: 'ec2', key: 'env', value: 'dev' }] }))).id;
      const theirs = (await s.store.agents.create(agentInput(other, { hostname: 'x' }))).id;
      await s.store.inventory.replace(org, web, { ecosystem: 'Debian:12', manager: 'dpkg', packages: [{ name: 'libssl3', arch: 'amd64', version: '3.0.15-1~deb12u1', sourceName: 'openssl', sourceVersion: '3.0.15-1~deb12u1' }] });
      const [c1, c2] = [cveId(), cveId()];
      const [tracker, dsa, low] = [`DEBIAN-${c1}`, `DSA-${c1}`, `DEBIAN-${c2}`];
      await s.store.advisories.upsert([
        advisoryFixture(tracker, { severity: 'medium', securityNotices: [], cvssVector: 'CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }),
        advisoryFixture(dsa, { cves: [c1], severity: 'critical', securityNotices: ['DSA-9999-1'] }),
        advisoryFixture(low, { severity: 'low', securityNotices: [] }),
      ]);
      await s.store.findings.replaceForAgent(org, web, [findingFixture(tracker, { status: 'affected', fixedVersion: null }), findingFixture(dsa), findingFixture(low)], T0);
      await s.store.findings.replaceForAgent(org, dev, [findingFixture(tracker), findingFixture(low, { packageName: 'openssl' })], T0 + 5);
      await s.store.findings.replaceForAgent(other, theirs, [findingFixture(tracker)], T0);

      const active = await all(s.store, org, { status: 'active' });
      assert.deepEqual(active.map((v) => [v.cve, v.hostname, v.packageName]), [
        [c1, web < dev ? 'web-1' : 'dev-1', 'libssl3'],
        [c1, web < dev ? 'dev-1' : 'web-1', 'libssl3'],
        ...[[c2, 'web-1', 'libssl3'], [c2, 'dev-1', 'openssl']].sort((a, b) => ((a[1] === 'web-1' ? web : dev) < (b[1] === 'web-1' ? web : dev) ? -1 : 1)),
      ]);
      const onWeb = active.find((v) => v.cve === c1 && v.agentId === web)!;
      assert.deepEqual(onWeb, {
        cve: c1,
        agentId: web,
        hostname: 'web-1',
        packageName: 'libssl3',
        arch: 'amd64',
        installedVersion: '3.0.15-1~deb12u1',
        sourceName: 'openssl',
        sourceVersion: '3.0.15-1~deb12u1',
        ecosystem: 'Debian:12',
        severity: 'critical',
        cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
        securityNotices: ['DSA-9999-1'],
        status: 'fixable',
        fixedVersion: '3.0.16-1~deb12u1',
        advisoryIds: [dsa, tracker].sort(),
        isSuppressed: false,
        firstSeenAt: T0,
      });
      assert.equal(active.find((v) => v.agentId === dev && v.cve === c1)!.sourceVersion, null, 'no inventory row: unknown source version');

      const count = async (filter: Partial<VulnerabilityFilter>) => (await all(s.store, org, { status: 'active', ...filter })).length;
      assert.equal(await count({ severity: 'critical' }), 1, 'the group takes its worst severity');
      assert.equal(await count({ severity: 'medium' }), 1);
      assert.equal(await count({ hasSecurityNotices: true }), 1);
      assert.equal(await count({ hasSecurityNotices: false }), 3);
      assert.equal(await count({ agentId: dev }), 2);
      assert.equal(await count({ package: 'openssl' }), 4, 'by source name too');
      assert.equal(await count({ package: 'libssl3' }), 3);
      assert.equal(await count({ cve: c2 }), 2);

      // By tag: env=dev hides dev-1's findings; by CVE and package: only that pair.
      const byTag = await s.store.vulnSuppressions.create(org, { tag: { source: null, key: 'env', value: 'dev' }, reason: 'lab' }, null, T0);
      await s.store.vulnSuppressions.create(org, { cve: c2, package: 'libssl3', reason: 'not reachable' }, null, T0);
      await s.store.vulnSuppressions.create(org, { cve: c1, reason: 'expired', expiresAt: T0 + 1 }, null, T0);
      await s.store.vulnSuppressions.create(org, { tag: { source: 'azure', key: 'env', value: 'prod' }, reason: 'other source' }, null, T0);
      assert.deepEqual((await all(s.store, org, { status: 'active' })).map((v) => [v.cve, v.hostname]), [[c1, 'web-1']]);
      const hidden = await all(s.store, org, { status: 'suppressed' });
      assert.deepEqual(hidden.map((v) => [v.cve, v.hostname, v.isSuppressed]).sort(), [[c1, 'dev-1', true], [c2, 'dev-1', true], [c2, 'web-1', true]].sort());
      const every = await all(s.store, org, { status: 'all' });
      assert.deepEqual(every.map((v) => v.isSuppressed).sort(), [false, true, true, true]);
      assert.equal((await all(s.store, org, { status: 'active', now: T0 })).length, 0, 'before its expiry the CVE-wide suppression hid web-1 too');
      await s.store.vulnSuppressions.delete(org, byTag.id);
      assert.equal(await count({}), 3, 'dev-1 shows again; c2 on libssl3 stays hidden');

      const servers = await s.store.vulnerabilities.servers(org, c1, { status: 'all' }, { limit: 1 });
      const rest = await s.store.vulnerabilities.servers(org, c1, { status: 'all' }, { limit: 1, after: servers.next });
      assert.deepEqual([...servers.items, ...rest.items].map((x) => x.hostname).sort(), ['dev-1', 'web-1']);
      assert.equal(rest.next, undefined);
      assert.deepEqual((await all(s.store, other, { status: 'all' })).map((v) => v.agentId), [theirs], 'organizations see their own only');
    });

    it('filters on each group\'s worst severity and notices as its advisories come, change and go', async () => {
      const org = await newOrg(s.store);
      const web = (await s.store.agents.create(agentInput(org, { hostname: 'web-1' }))).id;
      const c = cveId();
      const [tracker, dsa, third] = [`DEBIAN-${c}`, `DSA-${c}`, `OTHER-${c}`];
      await s.store.advisories.upsert([
        advisoryFixture(tracker, { severity: 'medium', securityNotices: [] }),
        advisoryFixture(dsa, { cves: [c], severity: 'critical', securityNotices: ['DSA-9999-1'] }),
        advisoryFixture(third, { cves: [c], severity: 'critical', securityNotices: [] }),
      ]);
      const counts = async () =>
        Promise.all(
          [{ severity: 'critical' }, { severity: 'medium' }, { hasSecurityNotices: true }, { hasSecurityNotices: false }].map(
            async (f) => (await all(s.store, org, { status: 'active', ...(f as Partial<VulnerabilityFilter>) })).length,
          ),
        );
      await s.store.findings.replaceForAgent(org, web, [findingFixture(tracker), findingFixture(dsa)], T0);
      assert.deepEqual(await counts(), [1, 0, 1, 0]);
      await s.store.advisories.upsert([advisoryFixture(dsa, { cves: [c], severity: 'critical', securityNotices: ['DSA-9999-1'], withdrawn: '2024-05-01T00:00:00Z' })]);
      assert.deepEqual(await counts(), [0, 1, 0, 1], 'the withdrawn DSA no longer counts');
      await s.store.findings.replaceForAdvisory(third, [{ orgId: org, agentId: web, findings: [findingFixture(third)] }], T0 + 1);
      assert.deepEqual(await counts(), [1, 0, 0, 1], 'a critical advisory joins the group');
      await s.store.findings.replaceForAdvisory(third, [], T0 + 2);
      assert.deepEqual(await counts(), [0, 1, 0, 1]);
      await s.store.findings.replaceForAgent(org, web, [findingFixture(tracker), findingFixture(third, { status: 'invalid', fixedVersion: null })], T0 + 3);
      assert.deepEqual(await counts(), [0, 1, 0, 1], 'an invalid finding does not count');
      await s.store.findings.replaceForAgent(org, web, [findingFixture(third)], T0 + 4);
      assert.deepEqual(await counts(), [1, 0, 0, 1], 'the tracker\'s finding went');
    });

    it('hides nothing when every suppression has expired, and lists nothing as suppressed', async () => {
      const org = await newOrg(s.store);
      const web = (await s.store.agents.create(agentInput(org, { hostname: 'web-1' }))).id;
      const c = cveId();
      await s.store.advisories.upsert([advisoryFixture(`DEBIAN-${c}`)]);
      await s.store.findings.replaceForAgent(org, web, [findingFixture(`DEBIAN-${c}`)], T0);
      await s.store.vulnSuppressions.create(org, { cve: c, reason: 'until the window', expiresAt: T0 + 10 }, null, T0);
      assert.deepEqual((await all(s.store, org, { status: 'suppressed', now: T0 })).map((v) => v.cve), [c], 'in force');
      assert.deepEqual((await s.store.vulnerabilities.servers(org, c, { status: 'suppressed', now: T0 }, { limit: 5 })).items.map((x) => x.agentId), [web]);
      assert.deepEqual((await all(s.store, org, { status: 'suppressed', now: T0 + 10 })).map((v) => v.cve), [], 'expired');
      assert.deepEqual((await s.store.vulnerabilities.servers(org, c, { status: 'suppressed', now: T0 + 10 }, { limit: 5 })).items, []);
      assert.deepEqual((await all(s.store, org, { status: 'all', now: T0 + 10 })).map((v) => [v.cve, v.isSuppressed]), [[c, false]]);
      assert.deepEqual((await all(s.store, org, { status: 'active', now: T0 + 10 })).map((v) => v.cve), [c]);
    });

    it('names the lowest fixed version of a group in the ecosystem\'s order, not the first advisory\'s', async () => {
      const org = await newOrg(s.store);
      const web = (await s.store.agents.create(agentInput(org, { hostname: 'web-1' }))).id;
      const c = cveId();
      const [tracker, dsa, other] = [`DEBIAN-${c}`, `DSA-${c}`, `UBUNTU-${c}`];
      await s.store.advisories.upsert([
        advisoryFixture(tracker, { severity: 'low' }),
        advisoryFixture(dsa, { cves: [c], severity: 'critical' }),
        advisoryFixture(other, { cves: [c], severity: 'high' }),
      ]);
      // dpkg order: 1.9-1 < 1.10-1 < 1.10-1+deb12u1 (text order would put 1.10-1 first); the most severe names the highest.
      await s.store.findings.replaceForAgent(org, web, [
        findingFixture(tracker, { installedVersion: '1.8-1', fixedVersion: '1.9-1' }),
        findingFixture(dsa, { installedVersion: '1.8-1', fixedVersion: '1.10-1+deb12u1' }),
        findingFixture(other, { installedVersion: '1.8-1', fixedVersion: '1.10-1' }),
      ], T0);
      const [group] = await all(s.store, org, { status: 'all' });
      assert.deepEqual([group!.severity, group!.status, group!.fixedVersion], ['critical', 'fixable', '1.9-1']);
    });
  });
}
