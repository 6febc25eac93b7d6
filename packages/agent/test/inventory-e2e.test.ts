/**
 * The package inventory end to end: a real Vigil server (SQLite and PostgreSQL), the agent reading a dpkg
 * status file of its own (real stanzas of this machine's database) and a fake AWS metadata service, and REST v2
 * through the SDK to see the result. A package "installed" into the file shows up as a change; a change made
 * while the agent is stopped arrives after its restart as a change, not a new list; a server that holds
 * another inventory gets the full list again. Kernel audit is refused (a failing auditctl), so the agent scans
 * /proc and needs no audit lock.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { VigilClient, AgentPackage, AgentPackageChange } from '@vigil/sdk';
import type { RunningServer } from '@vigil/server';
import { DIALECTS } from '@vigil/store/testing';
import { runAgent, type AgentRunOptions } from '@vigil/agent';
import { fakeMetadata, type FakeMetadata } from './helpers/fake-metadata.js';
import { until } from './helpers/until.js';
import { noAuditctl } from './helpers/no-auditctl.js';
import { startVigilServer, type VigilServer } from './helpers/vigil-server.js';

const STATUS = readFileSync(new URL('./fixtures/dpkg-status', import.meta.url), 'utf8');
const CURL = 'Package: curl\nStatus: install ok installed\nPriority: optional\nSection: web\nInstalled-Size: 500\nMaintainer: Alessandro Ghedini <ghedo@debian.org>\nArchitecture: amd64\nMulti-Arch: foreign\nVersion: 7.88.1-10+deb12u12\nDepends: libc6 (>= 2.34), libcurl4 (= 7.88.1-10+deb12u12), zlib1g (>= 1:1.1.4)\nDescription: command line tool for transferring data with URL syntax\nHomepage: https://curl.se/\n';
/** Writes the file as dpkg does: a new file renamed over the old one. */
function writeStatus(path: string, text: string): void {
  writeFileSync(`${path}-new`, text);
  renameSync(`${path}-new`, path);
}

for (const dialect of DIALECTS) {
  describe(`vigil-agent package inventory against a real server (${dialect})`, () => {
    let server: VigilServer;
    let dataDir: string;
    let vigil: RunningServer;
    let api: VigilClient;
    let creds: VigilServer['creds'];
    let imds: FakeMetadata;

    before(async () => {
      server = await startVigilServer(dialect, { name: 'Inventory test' });
      ({ dataDir, vigil, api, creds } = server);
      imds = await fakeMetadata({
        'PUT /latest/api/token': 'token',
        'GET /latest/dynamic/instance-identity/document': JSON.stringify({ instanceId: 'i-0e2e0e2e0e2e0e2e0', region: 'eu-west-1', accountId: '123456789012', instanceType: 't3.small', availabilityZone: 'eu-west-1a' }),
      });
    });
    after(async () => {
      await imds?.close();
      await server?.close();
    });

    const packages = async (agentId: string) => {
      const out: AgentPackage[] = [];
      for await (const p of api.agents.packages(agentId)) out.push(p);
      return out.map((p) => `${p.name} ${p.version}`);
    };
    const changes = async (agentId: string) => (await api.agents.packageChanges(agentId)).items as AgentPackageChange[];

    it('sends the list at start, then what is installed, then what changed while it was stopped', async () => {
      const { key: deployKey } = await vigil.store.deployKeys.issue(creds.orgId);
      const statusPath = join(dataDir, 'dpkg', 'status');
      mkdirSync(join(dataDir, 'dpkg'));
      writeStatus(statusPath, STATUS);
      const stateDir = join(dataDir, 'agent-state');
      const options: AgentRunOptions = {
        url: vigil.url,
        deployKey,
        stateDir,
        heartbeatIntervalMs: 200,
        audit: { auditctl: noAuditctl },
        inventory: { dpkgStatus: statusPath, osRelease: join(dataDir, 'os-release'), debounceMs: 50 },
        // A loaded test machine may take longer than the 1 s a real host gets.
        cloudMetadata: { baseUrl: imds.url, timeoutMs: 20_000 },
        log: () => {},
      };
      writeFileSync(join(dataDir, 'os-release'), 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nVERSION_ID="12"\nID=debian\n');

      const agent = await runAgent(options);
      try {
        const listed = await until(async () => ((await packages(agent.agentId)).length === 5 ? await packages(agent.agentId) : undefined), 'the first inventory');
        assert.deepEqual(listed, ['bash 5.2.15-2+b8', 'gcc-12-base 12.2.0-14+deb12u1', 'libssl3 3.0.19-1~deb12u2', 'tzdata 2025b-0+deb12u2', 'zlib1g 1:1.2.13.dfsg-1']);
        const first = (await api.agents.packages(agent.agentId)).items[0]!;
        assert.deepEqual([first.ecosystem, first.manager, first.sourceVersion], ['Debian:12', 'dpkg', '5.2.15-2']);

        const shown = await api.agents.retrieve(agent.agentId);
        assert.equal(shown.instanceId, 'i-0e2e0e2e0e2e0e2e0');
        assert.deepEqual(await api.agents.cloud(agent.agentId), { provider: 'aws', instanceId: 'i-0e2e0e2e0e2e0e2e0', region: 'eu-west-1', availabilityZone: 'eu-west-1a', accountId: '123456789012', instanceType: 't3.small' });
        await until(async () => ((await api.agents.retrieve(agent.agentId)).agentModuleHealth as Record<string, unknown>).inventory === 'HEALTHY', 'inventory health');

        // "apt-get install curl": the status file is rewritten with one more stanza.
        writeStatus(statusPath, `${STATUS}\n${CURL}`);
        const added = await until(async () => (await changes(agent.agentId)).find((c) => c.name === 'curl'), 'curl as a change');
        assert.deepEqual([added.kind, added.fromVersion, added.toVersion, added.sourceName], ['added', null, '7.88.1-10+deb12u12', 'curl']);
      } finally {
        await agent.stop();
      }

      // While the agent is down, libssl3 is upgraded; after the restart it arrives as a change of version.
      writeStatus(statusPath, `${STATUS.replaceAll('3.0.19-1~deb12u2', '3.0.20-1~deb12u1')}\n${CURL}`);
      const again = await runAgent({ ...options, deployKey: undefined });
      try {
        assert.equal(again.agentId, agent.agentId);
        const upgraded = await until(async () => (await changes(again.agentId)).find((c) => c.name === 'libssl3' && c.fromVersion !== null), 'the upgrade while stopped');
        assert.deepEqual([upgraded.kind, upgraded.fromVersion, upgraded.toVersion], ['changed', '3.0.19-1~deb12u2', '3.0.20-1~deb12u1']);
        // Seven changes in all: five first, curl, libssl3 — the restart did not send the list as new.
        assert.equal((await changes(again.agentId)).length, 7);

        // The server ends up with another inventory (restored from a backup, say): the heartbeat's digest
        // tells the agent, which sends its full list.
        await vigil.store.inventory.replace(creds.orgId, again.agentId, { ecosystem: 'Debian:12', manager: 'dpkg', packages: [{ name: 'bash', version: '5.2.15-2+b8', arch: 'amd64' }] });
        await until(async () => ((await packages(again.agentId)).length === 6 ? true : undefined), 'the full list again');
        assert.ok((await packages(again.agentId)).includes('libssl3 3.0.20-1~deb12u1'));
      } finally {
        await again.stop();
      }
    });

    it('reads no packages when the server leaves the inventory out of the sources', async () => {
      const otherServer = await startVigilServer(dialect, { name: 'No inventory', env: { VIGIL_AGENT_SOURCES: 'audit,procScanner,logins' } });
      const { vigil: other, dataDir: otherDir } = otherServer;
      const creds = otherServer.creds;
      try {
        const { key: deployKey } = await other.store.deployKeys.issue(creds.orgId);
        mkdirSync(join(otherDir, 'dpkg'));
        writeStatus(join(otherDir, 'dpkg', 'status'), STATUS);
        const agent = await runAgent({ url: other.url, deployKey, stateDir: join(otherDir, 'state'), audit: { auditctl: noAuditctl }, logins: { mode: 'off' }, inventory: { dpkgStatus: join(otherDir, 'dpkg', 'status') }, cloudMetadata: false, log: () => {} });
        try {
          const health = agent.health();
          assert.equal('inventory' in health, false, JSON.stringify(health));
          assert.equal(await other.store.inventory.state(creds.orgId, agent.agentId), undefined);
        } finally {
          await agent.stop();
        }
      } finally {
        await otherServer.close();
      }
    });
  });
}
