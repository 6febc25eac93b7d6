import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '@vigil/store/testing';
import { hawkRequest, startTestServer, type TestServer } from './helpers/test-server.js';
import { agentFixture, memberWithRole, otherOrganization } from './helpers/fixtures.js';
import { manualVulnMatching } from './helpers/manual-matching.js';
import { advisoryFixture, findingFixture } from '@vigil/store/testing';

const ITEM_KEYS = ['cveNumber', 'reportedPackage', 'systemPackage', 'vectorType', 'severity', 'isSuppressed', 'securityNotices', 'agents'];
const cveOf = (i: number) => `CVE-2024-${String(10000 + i)}`;

// The findings are written by the test itself: a background pass matching web-1's inventory against the
// advisories the test adds would add findings of its own and change the counts.
manualVulnMatching();

for (const dialect of DIALECTS) {
  describe(`REST v2 vulnerabilities (${dialect})`, () => {
    let server: TestServer;
    let orgId: string;
    let web: string;
    let db: string;
    before(async () => {
      server = await startTestServer(dialect);
      orgId = server.creds.orgId;
      web = (await server.store.agents.create(agentFixture(orgId, { hostname: 'web-1', tags: [{ source: 'ec2', key: 'env', value: 'prod' }] }))).id;
      db = (await server.store.agents.create(agentFixture(orgId, { hostname: 'db-1', tags: [{ source: 'ec2', key: 'env', value: 'staging' }] }))).id;
      await server.store.inventory.replace(orgId, web, {
        ecosystem: 'Debian:12',
        manager: 'dpkg',
        packages: [{ name: 'libssl3', arch: 'amd64', version: '3.0.15-1~deb12u1', sourceName: 'openssl' }],
      });
      // 60 CVEs on web-1's libssl3, the first 20 on db-1 too; every fifth critical with a DSA, the rest high
      // (CVE 0 is a local one, medium).
      const advisories = Array.from({ length: 60 }, (_, i) =>
        advisoryFixture(cveOf(i), i === 0 ? { severity: 'medium', cvssVector: 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H' } : i % 5 === 0 ? { severity: 'critical', securityNotices: [`DSA-${5000 + i}-1`] } : {}),
      );
      await server.store.advisories.upsert(advisories);
      await server.store.findings.replaceForAgent(orgId, web, advisories.map((a) => findingFixture(a.id)));
      await server.store.findings.replaceForAgent(orgId, db, advisories.slice(0, 20).map((a) => findingFixture(a.id, { packageName: 'openssl', installedVersion: '3.0.11-1~deb12u2' })));
    });
    after(() => server.close());

    async function all(path: string, key = 'cves'): Promise<any[]> {
      const items: any[] = [];
      let token: string | null = null;
      do {
        const res = await server.request('GET', token ? `${path}${path.includes('?') ? '&' : '?'}token=${token}` : path);
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(Object.keys(res.json), [key, 'token']);
        items.push(...res.json[key]);
        token = res.json.token;
      } while (token);
      return items;
    }

    it('lists one item per CVE, host and package in Threat Stack\'s shape, 100 per page', async () => {
      const first = await server.request('GET', '/v2/vulnerabilities?status=active');
      assert.equal(first.status, 200);
      assert.equal(first.json.cves.length, 80);
      assert.equal(first.json.token, null);
      const items = await all('/v2/vulnerabilities');
      assert.equal(items.length, 80);
      for (const item of items) assert.deepEqual(Object.keys(item), ITEM_KEYS);
      const onWeb = items.find((v) => v.cveNumber === cveOf(5) && v.agents[0].agentId === web);
      assert.deepEqual(onWeb, {
        cveNumber: cveOf(5),
        reportedPackage: 'openssl 3.0.15-1~deb12u1',
        systemPackage: 'libssl3 3.0.15-1~deb12u1',
        vectorType: 'network',
        severity: 'critical',
        isSuppressed: false,
        securityNotices: ['DSA-5005-1'],
        agents: [{ agentId: web, hostname: 'web-1' }],
      });
      const onDb = items.find((v) => v.cveNumber === cveOf(0) && v.agents[0].agentId === db);
      assert.deepEqual([onDb.systemPackage, onDb.reportedPackage, onDb.vectorType, onDb.severity], ['openssl 3.0.11-1~deb12u2', 'openssl', 'local', 'medium']);
      const big = await server.request('GET', '/v2/vulnerabilities?status=all');
      assert.equal(big.json.cves.length, 80);
    });

    it('pages 100 at a time with a token bound to the query', async () => {
      const more = (await server.store.advisories.upsert(Array.from({ length: 50 }, (_, i) => advisoryFixture(cveOf(100 + i))))).changedIds;
      const spare = (await server.store.agents.create(agentFixture(orgId, { hostname: 'spare-1' }))).id;
      await server.store.findings.replaceForAgent(orgId, spare, more.map((id) => findingFixture(id)));
      try {
        const page1 = await server.request('GET', '/v2/vulnerabilities');
        assert.equal(page1.json.cves.length, 100);
        assert.equal(typeof page1.json.token, 'string');
        const items = await all('/v2/vulnerabilities');
        assert.equal(items.length, 130);
        assert.equal(new Set(items.map((v) => `${v.cveNumber}|${v.agents[0].agentId}|${v.systemPackage}`)).size, 130, 'no item twice');
        const cross = await server.request('GET', `/v2/vulnerabilities?severity=high&token=${page1.json.token}`);
        assert.equal(cross.status, 400, 'a token of another query');
      } finally {
        await server.store.findings.replaceForAgent(orgId, spare, []);
      }
    });

    it('filters by agent, severity, notices and package; refuses bad values and another organization\'s agent', async () => {
      assert.equal((await all(`/v2/vulnerabilities?agentId=${db}`)).length, 20);
      assert.equal((await all('/v2/vulnerabilities?severity=critical')).length, 11 + 3);
      assert.equal((await all('/v2/vulnerabilities?severity=medium')).length, 2);
      const notices = await all('/v2/vulnerabilities?status=active&hasSecurityNotices=true');
      assert.equal(notices.length, 14);
      assert.ok(notices.every((v) => v.securityNotices.length === 1));
      assert.equal((await all('/v2/vulnerabilities?hasSecurityNotices=false')).length, 66);
      assert.equal((await all('/v2/vulnerabilities?package=libssl3')).length, 60);
      assert.equal((await all('/v2/vulnerabilities?package=openssl')).length, 80, 'the source name matches too');
      assert.equal((await all('/v2/vulnerabilities?package=bash')).length, 0);
      assert.equal((await all('/v2/vulnerabilities?status=active&severity=&agentId=')).length, 80, 'empty values mean absent');

      const other = await otherOrganization(server.store);
      const foreign = (await server.store.agents.create(agentFixture(other.org.id))).id;
      const refused: [string, number, RegExp][] = [
        ['status=open', 400, /status/],
        ['severity=severe', 400, /severity/],
        ['severity=5', 400, /severity/],
        ['active=maybe', 400, /active/],
        ['hasSecurityNotices=yes', 400, /hasSecurityNotices/],
        ['status=active&active=false', 400, /active/],
        ['package=%20bad', 400, /package/],
        ['token=forged', 400, /token/i],
        [`agentId=${foreign}`, 404, /Agent not found/],
        ['agentId=nope', 404, /Agent not found/],
      ];
      for (const [query, status, message] of refused) {
        const res = await server.request('GET', `/v2/vulnerabilities?${query}`);
        assert.equal(res.status, status, query);
        assert.deepEqual(Object.keys(res.json), ['errors'], query);
        assert.match(res.json.errors[0], message, query);
      }
      const theirs = await hawkRequest(server.url, 'GET', '/v2/vulnerabilities?status=all', other.creds);
      assert.deepEqual(theirs.json, { cves: [], token: null }, 'another organization sees none of ours');
    });

    it('serves one CVE, its hosts and a package\'s vulnerabilities; unknown and malformed ids answer 404 and 400', async () => {
      const one = await server.request('GET', `/v2/vulnerabilities/${cveOf(5)}`);
      assert.equal(one.status, 200, one.text);
      assert.deepEqual(Object.keys(one.json), ITEM_KEYS);
      assert.deepEqual(one.json.systemPackage.split(', ').sort(), ['libssl3 3.0.15-1~deb12u1', 'openssl 3.0.11-1~deb12u2']);
      assert.deepEqual(one.json.agents.map((a: any) => a.hostname).sort(), ['db-1', 'web-1']);
      assert.equal(one.json.severity, 'critical');
      assert.equal((await server.request('GET', `/v2/vulnerabilities/${cveOf(5).toLowerCase()}`)).json.cveNumber, cveOf(5), 'any case');

      const servers = await all(`/v2/vulnerabilities/${cveOf(5)}/servers`, 'servers');
      assert.deepEqual(servers.sort((a, b) => a.hostname.localeCompare(b.hostname)), [{ agentId: db, hostname: 'db-1' }, { agentId: web, hostname: 'web-1' }]);
      assert.equal((await all(`/v2/vulnerabilities/${cveOf(30)}/servers`, 'servers')).length, 1);

      const pkgs = await all('/v2/vulnerabilities/package/openssl?status=active', 'packages');
      assert.equal(pkgs.length, 80);
      assert.deepEqual(Object.keys(pkgs[0]), ITEM_KEYS);
      assert.deepEqual(await all('/v2/vulnerabilities/package/bash', 'packages'), []);

      for (const [path, status] of [
        ['/v2/vulnerabilities/CVE-2024-99999', 404],
        ['/v2/vulnerabilities/CVE-2024-99999/servers', 404],
        ['/v2/vulnerabilities/CVE-12', 400],
        ['/v2/vulnerabilities/not-a-cve!', 400],
        ['/v2/vulnerabilities/12345', 400],
        ['/v2/vulnerabilities/CVE-abcd-1234/servers', 400],
        [`/v2/vulnerabilities/${cveOf(5)}/servers?status=gone`, 400],
        ['/v2/vulnerabilities/package/bad%20name', 400],
      ] as const) {
        const res = await server.request('GET', path);
        assert.equal(res.status, status, path);
        assert.deepEqual(Object.keys(res.json), ['errors'], path);
      }
      const other = await otherOrganization(server.store);
      assert.equal((await hawkRequest(server.url, 'GET', `/v2/vulnerabilities/${cveOf(5)}`, other.creds)).status, 404, 'not in their organization');
    });
  });
}
