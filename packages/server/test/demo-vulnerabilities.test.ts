/**
 * What a new user sees of vulnerabilities and servers right after `vigil serve --demo`: the demo hosts'
 * packages matched against the sample advisory feed (the hosts behind on updates have more), their agents'
 * EC2 metadata making them monitored servers, and the imported instances that run no agent.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '@vigil/store/testing';
import { manualVulnMatching } from './helpers/manual-matching.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

interface Cve {
  cveNumber: string;
  systemPackage: string;
  agents: Array<{ agentId: string }>;
}

const DEBIAN_HOSTS = ['bastion-01', 'bastion-02', 'redis-prod-01', 'vpn-gw-01'];

// Matching passes happen when the test asks (tick), not on the server's timer.
manualVulnMatching();

for (const dialect of DIALECTS) {
  describe(`demo dataset: vulnerabilities and servers (${dialect})`, () => {
    let server: TestServer;
    const hostOf = new Map<string, string>();

    before(async () => {
      server = await startTestServer(dialect, { demo: true });
      await server.vulnMatching!.tick();
      for (const status of ['online', 'offline']) {
        const res = await server.request('GET', `/v2/agents?status=${status}`);
        for (const a of res.json.agents as Array<{ id: string; hostname: string }>) hostOf.set(a.id, a.hostname);
      }
    });
    after(() => server.close());

    async function allCves(): Promise<Cve[]> {
      const out: Cve[] = [];
      let token: string | null = null;
      do {
        const res = await server.request('GET', `/v2/vulnerabilities?status=active${token ? `&token=${encodeURIComponent(token)}` : ''}`);
        assert.equal(res.status, 200, res.text);
        out.push(...(res.json.cves as Cve[]));
        token = res.json.token;
      } while (token);
      return out;
    }

    it('finds the sample feed’s CVEs on the Debian hosts, more on those behind on updates', async () => {
      const cves = await allCves();
      const hostsWith = (cve: string) => new Set(cves.filter((c) => c.cveNumber === cve).map((c) => hostOf.get(c.agents[0]!.agentId)));
      // regreSSHion (fixed in 1:9.2p1-2+deb12u3) is on every Debian 12 host: all carry deb12u2 or older.
      assert.deepEqual([...hostsWith('CVE-2024-6387')].sort(), DEBIAN_HOSTS);
      // Looney Tunables and Terrapin only where glibc and openssh are months old.
      assert.deepEqual([...hostsWith('CVE-2023-4911')].sort(), ['bastion-02', 'vpn-gw-01']);
      assert.deepEqual([...hostsWith('CVE-2023-48795')].sort(), ['bastion-02', 'vpn-gw-01']);
      // The bash CVE Debian left unfixed: everywhere bash is, and nowhere else than Debian 12.
      assert.deepEqual([...hostsWith('CVE-2019-18276')].sort(), DEBIAN_HOSTS);
      const regresshion = cves.find((c) => c.cveNumber === 'CVE-2024-6387' && hostOf.get(c.agents[0]!.agentId) === 'bastion-01');
      assert.match(regresshion!.systemPackage, /^openssh-server/);
    });

    it('lists the EC2 agents as monitored servers and the imported instances as unmonitored', async () => {
      const unmonitored = await server.request('GET', '/v2/aws/ec2?monitored=false&verbose=true');
      assert.equal(unmonitored.status, 200, unmonitored.text);
      const names = (unmonitored.json.servers as Array<{ tags: Array<{ key: string; value: string }>; agents: unknown[]; monitored: boolean }>).map((s) => {
        assert.equal(s.monitored, false);
        assert.deepEqual(s.agents, []);
        return s.tags.find((t) => t.key === 'Name')?.value;
      });
      assert.deepEqual(names.sort(), ['dr-sftp-01', 'emr-core-01', 'jenkins-old', 'nat-legacy-01', 'win-ad-01']);

      const monitored: Array<{ monitored: boolean; region: string; agents: Array<{ hostname: string }> }> = [];
      let token: string | null = null;
      do {
        const res = await server.request('GET', `/v2/aws/ec2?monitored=true&verbose=true${token ? `&token=${encodeURIComponent(token)}` : ''}`);
        assert.equal(res.status, 200, res.text);
        monitored.push(...res.json.servers);
        token = res.json.token;
      } while (token);
      // Every demo host but the office LDAP server is an EC2 instance with an agent.
      assert.equal(monitored.length, 34);
      const bastion2 = monitored.find((s) => s.agents[0]?.hostname === 'bastion-02');
      assert.equal(bastion2?.region, 'us-west-2');
      assert.ok(monitored.every((s) => s.monitored));
    });
  });
}
