/**
 * The requests Threat Stack's own clients send for vulnerabilities and servers, built exactly as they build
 * them (reference threatstack-api.md §7, §8), against the demo dataset plus enough findings to page:
 * - the Python client (`threatstack` 1.2): `vulnerabilities.list(active=True)`, `suppressed()`,
 *   `package(name, status)`, `affected_servers(cve)`, `ec2servers.list(monitored=True)` — query strings
 *   from Python's `urlencode` (booleans as `True`), the page token put back into the params dict and
 *   re-encoded, `aws/ec2/` with its trailing slash, paging while the answer's `token` is truthy;
 * - the API scripts' `ApiClient.get_list` (GetVulnerabilities, GetEC2Instances): the query string written
 *   into the endpoint and `&token=` appended raw, a list answer refused unless it has at most two keys (the
 *   list and `token`, which must be there), and GetVulnerabilities' join of each CVE's `agents[0].agentId`
 *   with each monitored server's `agents[0].id`; GetEC2Instances reads these keys of every server and, for
 *   monitored ones, of `agents[0]`, and a missing one ends the script with a KeyError.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS, advisoryFixture, findingFixture } from '@vigil/store/testing';
import { manualVulnMatching } from './helpers/manual-matching.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

type Json = Record<string, any>;

/** Python's `urllib.parse.urlencode` (quote_plus) of a params dict; `True`/`False` as `str()` writes them. */
function pyUrlencode(params: Record<string, string | boolean>): string {
  const quotePlus = (s: string) =>
    Array.from(new TextEncoder().encode(s), (b) => {
      const c = String.fromCharCode(b);
      if (/[A-Za-z0-9_.~-]/.test(c)) return c;
      return c === ' ' ? '+' : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    }).join('');
  const str = (v: string | boolean) => (v === true ? 'True' : v === false ? 'False' : v);
  return Object.entries(params)
    .map(([k, v]) => `${quotePlus(k)}=${quotePlus(str(v))}`)
    .join('&');
}

/** GetEC2Instances' reads: a KeyError on any of these ends the script. */
const SCRIPT_SERVER_KEYS = ['id', 'kernelId', 'instanceType', 'privateDnsName', 'privateIpAddress', 'groups', 'subnetId', 'keyName', 'region', 'launchTime', 'imageId', 'architecture', 'publicDnsName', 'publicIpAddress', 'vpcId', 'awsProfile', 'monitored', 'tags', 'state', 'stateCode'];
const SCRIPT_AGENT_KEYS = ['id', 'status', 'createdAt', 'lastReportedAt', 'version', 'name', 'description', 'hostname', 'isContainerAgent', 'kernel', 'osVersion'];

manualVulnMatching();

for (const dialect of DIALECTS) {
  describe(`Threat Stack's Python client and scripts: vulnerabilities and servers (${dialect})`, () => {
    let server: TestServer;
    const requested: string[] = [];

    before(async () => {
      server = await startTestServer(dialect, { demo: true });
      await server.vulnMatching!.tick();
      // 150 more findings beside bastion-01's own, so that every list pages.
      const agents = (await server.request('GET', '/v2/agents?status=online')).json.agents as Json[];
      const agent = agents.find((a) => a.hostname === 'bastion-01');
      const advisories = Array.from({ length: 150 }, (_, i) => advisoryFixture(`CVE-2024-${20000 + i}`, i % 3 === 0 ? { securityNotices: [`DSA-${6000 + i}-1`] } : {}));
      await server.store.advisories.upsert(advisories);
      const matched = await server.store.findings.listForAgent(server.creds.orgId, agent!.id);
      await server.store.findings.replaceForAgent(server.creds.orgId, agent!.id, [...matched, ...advisories.map((a) => findingFixture(a.id))]);
    });
    after(() => server.close());

    /** `http_request` of the Python client: GET base + path (+ `?` + urlencode(params) when any), 200 → JSON. */
    async function pyGet(path: string, params: Record<string, string | boolean> = {}): Promise<Json> {
      const query = pyUrlencode(params);
      const url = `/v2/${path}${query ? `?${query}` : ''}`;
      requested.push(url);
      const res = await server.request('GET', url);
      assert.equal(res.status, 200, `${url}: ${res.text}`);
      return res.json;
    }

    /** The client's `Resource.list`: None params dropped, `params["token"] = resp.get("token")` while truthy. */
    async function pyList(path: string, key: string, kwargs: Record<string, string | boolean | null> = {}): Promise<Json[]> {
      const params: Record<string, string | boolean> = {};
      for (const [k, v] of Object.entries(kwargs)) if (v !== null) params[k] = v;
      const items: Json[] = [];
      let token: unknown = true;
      while (token) {
        const resp = await pyGet(path, params);
        token = resp.token ?? null;
        if (token) params.token = token as string;
        items.push(...(resp[key] as Json[]));
      }
      return items;
    }

    /** The scripts' `ApiClient.get_list` and `ListResponse`, then their paging loop (`&token=` appended raw). */
    async function scriptList(endpoint: string): Promise<Json[]> {
      const items: Json[] = [];
      let url = `/v2/${endpoint}`;
      for (;;) {
        requested.push(url);
        const res = await server.request('GET', url);
        assert.equal(res.status, 200, `${url}: ${res.text}`);
        const keys = Object.keys(res.json);
        assert.ok(keys.length <= 2, `ListResponse raises on more than two keys: ${keys.join(', ')}`);
        assert.ok(keys.includes('token'), 'the scripts read .token, which only a "token" key sets');
        const list = keys.find((k) => Array.isArray(res.json[k]));
        assert.ok(list, 'a list key');
        items.push(...(res.json[list] as Json[]));
        const token = res.json.token as string | null;
        if (!token) return items;
        url = `/v2/${endpoint}&token=${token}`;
      }
    }

    it('the Python client lists active vulnerabilities with active=True through every page, and the same with no filter', async () => {
      const active = await pyList('vulnerabilities', 'cves', { active: true });
      assert.ok(active.length > 150, `${active.length} items`);
      assert.ok(requested.some((u) => /^\/v2\/vulnerabilities\?active=True&token=[^&]+$/.test(u)), 'the second page asks active=True&token=…');
      assert.equal(new Set(active.map((v) => `${v.cveNumber}|${v.agents[0].agentId}|${v.systemPackage}`)).size, active.length, 'no item twice');
      assert.ok(active.every((v) => v.isSuppressed === false));
      assert.deepEqual(await pyList('vulnerabilities', 'cves', { active: null }), active, 'active=None sends no filter: the active list');
      assert.deepEqual(await pyList('vulnerabilities/suppressions', 'suppressions'), []);
    });

    it('the Python client reads one package (with status) and the servers of one CVE', async () => {
      const pkg = await pyGet('vulnerabilities/package/openssh-server', { status: 'active' });
      assert.deepEqual(Object.keys(pkg), ['packages', 'token']);
      assert.ok(pkg.packages.some((p: Json) => p.cveNumber === 'CVE-2024-6387'));
      const servers = await pyGet('vulnerabilities/CVE-2024-6387/servers');
      assert.deepEqual(servers.servers.map((s: Json) => s.hostname).sort(), ['bastion-01', 'bastion-02', 'redis-prod-01', 'vpn-gw-01']);
    });

    it('the Python client lists monitored EC2 servers at aws/ec2/ with monitored=True', async () => {
      const monitored = await pyList('aws/ec2/', 'servers', { monitored: true });
      assert.ok(requested.includes('/v2/aws/ec2/?monitored=True'));
      assert.equal(monitored.length, 34);
      assert.ok(monitored.every((s) => s.monitored === true && s.agents.length === 1));
    });

    it('GetVulnerabilities joins every CVE of an EC2 host to its server; --notices asks hasSecurityNotices=true', async () => {
      const servers = new Map<string, Json>();
      for (const s of await scriptList('aws/ec2?monitored=true&verbose=true')) servers.set(s.agents[0].id, s);
      const vulns = await scriptList('vulnerabilities?status=active');
      assert.ok(vulns.length > 150);
      assert.ok(requested.some((u) => /^\/v2\/vulnerabilities\?status=active&token=[^&]+$/.test(u)), 'paged with the token appended raw');
      // vuln["agentId"] = vuln["agents"][0]["agentId"]; enhanced = {**vuln, **server} when that agent is a server
      const joined = vulns.filter((v) => servers.has(v.agents[0].agentId));
      const hostOf = (v: Json) => servers.get(v.agents[0].agentId)?.agents[0].hostname;
      assert.ok(joined.some((v) => hostOf(v) === 'bastion-01' && v.cveNumber === 'CVE-2024-6387'), 'the demo Debian hosts are EC2 servers, so their CVEs carry the server columns');
      assert.equal(joined.length, vulns.length, 'every host with vulnerabilities in the demo runs on EC2');

      const notices = await scriptList('vulnerabilities?status=active&hasSecurityNotices=true');
      assert.ok(notices.length >= 50 && notices.length < vulns.length, `${notices.length} of ${vulns.length}`);
      assert.ok(notices.every((v) => v.securityNotices.length > 0));
    });

    it('GetEC2Instances finds every key it reads, monitored and not', async () => {
      for (const [query, monitored] of [['aws/ec2?monitored=true&verbose=true', true], ['aws/ec2?monitored=false&verbose=true', false]] as const) {
        const servers = await scriptList(query);
        assert.ok(servers.length > 0);
        for (const s of servers) {
          for (const key of SCRIPT_SERVER_KEYS) assert.ok(key in s, `${query}: server ${s.id} has no ${key}`);
          if (monitored) for (const key of SCRIPT_AGENT_KEYS) assert.ok(key in s.agents[0], `${query}: agents[0] of ${s.id} has no ${key}`);
        }
      }
    });
  });
}
