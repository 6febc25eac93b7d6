/**
 * `vigil vulns …` and `vigil export vulnerabilities` (GetVulnerabilities) against a real server with
 * findings on a monitored (AWS) host and on a host that is no EC2 server: json output is what the API
 * returns, suppressions round-trip, and the export joins each vulnerability with its server as the script
 * does and writes pandas' CSV.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { advisoryFixture, DIALECTS, findingFixture } from '@vigil/store/testing';
import type { NewAgent } from '@vigil/store';
import { manualVulnMatching, type TestServer } from '@vigil/server/testing';
import { parseCsv } from '../src/format/csv.js';
import { jsonOut, startCliTestServer, tempDir, vigilAt } from './helpers/client-cli.js';

const INSTANCE = 'i-0aaaaaaaaaaaaaaa1';

function host(orgId: string, hostname: string, cloud: NewAgent['cloud']): NewAgent {
  return {
    orgId, instanceId: cloud?.instanceId ?? null, status: 'online', lastReportedAt: Date.now(), version: '3.4.0', name: hostname,
    description: '', hostname, ipAddresses: { private: ['10.0.0.7/24'], link_local: [], public: [] }, tags: [{ source: 'ec2', key: 'Role', value: 'web' }],
    agentType: 'investigate', osVersion: 'Debian GNU/Linux 12 (bookworm)', kernel: '6.1.0-25-cloud-amd64', agentModuleHealth: { isHealthy: true }, cloud,
  };
}

async function api(server: TestServer, path: string, key: string): Promise<any[]> {
  const items: any[] = [];
  let token: string | null = null;
  do {
    const res = await server.request('GET', token ? `${path}${path.includes('?') ? '&' : '?'}token=${token}` : path);
    assert.equal(res.status, 200, res.text);
    items.push(...res.json[key]);
    token = res.json.token;
  } while (token);
  return items;
}

// The findings are written by the test itself: a matching pass after the advisories change would make
// them the matcher's (none: these hosts report no inventory) and delete them.
manualVulnMatching();

for (const dialect of DIALECTS) {
  describe(`vigil vulns and export vulnerabilities (${dialect})`, () => {
    let server: TestServer;
    let dir: ReturnType<typeof tempDir>;
    let vigil: ReturnType<typeof vigilAt>;
    let aws: string;
    let plain: string;
    before(async () => {
      server = await startCliTestServer(dialect);
      dir = tempDir();
      vigil = vigilAt(server, { TS_ORGANIZATION_NAME: 'Test Org, Inc.' });
      const orgId = server.creds.orgId;
      aws = (await server.store.agents.create(host(orgId, 'web-1.internal', { provider: 'aws', instanceId: INSTANCE, region: 'us-east-1', accountId: '123456789012' }))).id;
      plain = (await server.store.agents.create(host(orgId, 'db-1.internal', null))).id;
      await server.store.advisories.upsert([
        advisoryFixture('CVE-2024-0001', { severity: 'critical', securityNotices: ['DSA-5001-1'] }),
        advisoryFixture('CVE-2024-0002', { severity: 'medium' }),
      ]);
      await server.store.findings.replaceForAgent(orgId, aws, [findingFixture('DEBIAN-CVE-2024-0001'), findingFixture('DEBIAN-CVE-2024-0002')]);
      await server.store.findings.replaceForAgent(orgId, plain, [findingFixture('DEBIAN-CVE-2024-0001')]);
    });
    after(async () => {
      await server.close();
      dir.remove();
    });

    it('vulns list|get|servers|package print exactly the API objects', async () => {
      const list = await vigil('vulns', 'list', '--format', 'json');
      assert.equal(list.code, 0, list.err);
      assert.deepEqual(jsonOut(list), await api(server, '/v2/vulnerabilities', 'cves'));
      assert.equal(jsonOut(list).length, 3);
      const critical = jsonOut(await vigil('vulns', 'list', '--severity', 'critical', '--agent-id', aws, '--format', 'json'));
      assert.deepEqual(critical.map((v: any) => [v.cveNumber, v.agents[0].agentId]), [['CVE-2024-0001', aws]]);
      assert.equal(jsonOut(await vigil('vulns', 'list', '--notices', '--format', 'json')).length, 2);
      const one = jsonOut(await vigil('vulns', 'get', 'cve-2024-0001', '--format', 'json'));
      assert.equal(one.cveNumber, 'CVE-2024-0001');
      assert.deepEqual(one.securityNotices, ['DSA-5001-1']);
      const hosts = jsonOut(await vigil('vulns', 'servers', 'CVE-2024-0001', '--format', 'json'));
      assert.deepEqual(hosts.map((h: any) => h.hostname).sort(), ['db-1.internal', 'web-1.internal']);
      assert.equal(jsonOut(await vigil('vulns', 'package', 'openssl', '--format', 'json')).length, 3);
      const table = await vigil('vulns', 'list', '--format', 'table');
      assert.match(table.out, /CVE-2024-0002.*medium.*web-1\.internal/);
      assert.equal((await vigil('vulns', 'get', 'CVE-2099-0001')).code, 4);
      assert.equal((await vigil('vulns', 'list', '--severity', 'dire')).code, 2);
      assert.equal((await vigil('vulns', 'get', 'not a cve')).code, 7);
    });

    it('vulns suppressions create|list|show|update|delete; a suppressed finding leaves the active list', async () => {
      const created = await vigil('vulns', 'suppressions', 'create', '--cve', 'CVE-2024-0002', '--reason', 'not reachable', '--format', 'json');
      assert.equal(created.code, 0, created.err);
      const s = jsonOut(created);
      assert.equal(s.cve, 'CVE-2024-0002');
      assert.equal(jsonOut(await vigil('vulns', 'list', '--format', 'json')).length, 2);
      assert.equal(jsonOut(await vigil('vulns', 'list', '--status', 'suppressed', '--format', 'json')).length, 1);
      assert.deepEqual(jsonOut(await vigil('vulns', 'suppressions', 'list', '--format', 'json')).map((x: any) => x.id), [s.id]);
      assert.equal(jsonOut(await vigil('vulns', 'suppressions', 'show', s.id, '--format', 'json')).reason, 'not reachable');
      const updated = jsonOut(await vigil('vulns', 'suppressions', 'update', s.id, '--tag', 'Role=web', '--reason', 'web tier accepted', '--expires', '2999-01-01', '--format', 'json'));
      assert.deepEqual([updated.cve, updated.tag.key, updated.tag.value, updated.reason], [null, 'Role', 'web', 'web tier accepted']);
      assert.equal((await vigil('vulns', 'suppressions', 'create', '--cve', 'CVE-2024-0002')).code, 2, '--reason is required');
      assert.equal((await vigil('vulns', 'suppressions', 'create', '--reason', 'x')).code, 2, 'a criterion is required');
      assert.equal((await vigil('vulns', 'suppressions', 'create', '--tag', 'Role', '--reason', 'x')).code, 2, 'key=value');
      assert.equal((await vigil('vulns', 'suppressions', 'create', '--cve', 'CVE-2024-0002', '--reason', 'x', '--expires', '2001-01-01')).code, 7, 'the past is a 400');
      const deleted = await vigil('vulns', 'suppressions', 'delete', s.id);
      assert.equal(deleted.code, 0, deleted.err);
      assert.equal((await vigil('vulns', 'suppressions', 'delete', s.id)).code, 4);
      assert.equal(jsonOut(await vigil('vulns', 'list', '--format', 'json')).length, 3);
    });

    it("export vulnerabilities writes GetVulnerabilities' file: each vulnerability joined with its server, pandas cells", async () => {
      const out = join(dir.path, 'all');
      const r = await vigil('export', 'vulnerabilities', '--output-dir', out);
      assert.equal(r.code, 0, r.err);
      const orgId = server.creds.orgId;
      assert.equal(r.out, `user_id: ${server.creds.userId}\norg_id: ${orgId}\norg_name: TestOrgInc\nnotices: False\ntoken is blank\nAdding vulns\n`);
      const date = new Date().toISOString().slice(0, 10);
      const text = readFileSync(join(out, `Vulns-TestOrgInc-${date}.csv`), 'utf8');
      assert.ok(!text.includes('\r'), 'pandas writes \\n');
      const [header, ...rows] = parseCsv(text);
      const cves = await api(server, '/v2/vulnerabilities?status=active', 'cves');
      // the first row's columns, then those later rows add, as pandas orders a list of dicts
      const vulnKeys = ['cveNumber', 'reportedPackage', 'systemPackage', 'vectorType', 'severity', 'isSuppressed', 'securityNotices', 'agents', 'agentId'];
      const serverKeys = ['id', 'kernelId', 'instanceType', 'privateDnsName', 'privateIpAddress', 'groups', 'subnetId', 'keyName', 'region', 'launchTime', 'imageId', 'architecture', 'publicDnsName', 'publicIpAddress', 'vpcId', 'awsProfile', 'monitored', 'tags', 'state', 'stateCode'];
      assert.deepEqual(header, [...vulnKeys, ...serverKeys]);
      assert.equal(rows.length, cves.length);
      for (const [i, row] of rows.entries()) {
        const cell = (k: string) => row[header!.indexOf(k)];
        assert.equal(cell('cveNumber'), cves[i].cveNumber);
        assert.equal(cell('isSuppressed'), 'False');
        if (cves[i].agents[0].agentId === aws) {
          assert.equal(cell('agentId'), aws);
          assert.equal(cell('id'), INSTANCE);
          assert.equal(cell('monitored'), 'True');
          assert.equal(cell('stateCode'), '16.0', 'an integer column with gaps is written as floats');
          assert.match(cell('agents')!, new RegExp(`^\\[\\{'id': '${aws}', 'status': 'online', `), "the server's agents replace the vulnerability's");
        } else {
          assert.equal(cell('agentId'), plain);
          assert.equal(cell('id'), '');
          assert.equal(cell('monitored'), '');
          assert.equal(cell('agents'), `[{'agentId': '${plain}', 'hostname': 'db-1.internal'}]`);
        }
      }

      const withNotices = join(dir.path, 'notices');
      const n = await vigil('export', 'vulnerabilities', '--notices', '--output-dir', withNotices);
      assert.equal(n.code, 0, n.err);
      assert.match(n.out, /notices: True\n/);
      assert.deepEqual(readdirSync(withNotices), [`Vulns-TestOrgInc-SecurityNotices-${date}.csv`]);
      const noticeRows = parseCsv(readFileSync(join(withNotices, `Vulns-TestOrgInc-SecurityNotices-${date}.csv`), 'utf8')).slice(1);
      assert.equal(noticeRows.length, 2);
      assert.ok(noticeRows.every((row) => row[0] === 'CVE-2024-0001'));
    });
  });
}
