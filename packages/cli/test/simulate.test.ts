import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '@vigil/store/testing';
import { postBatch, registerAgent, startTestServer, type TestServer } from '@vigil/server/testing';
import { createRng } from '../src/simulate/prng.js';
import { benignEvent, SUSPICIOUS_KINDS, suspiciousEvent } from '../src/simulate/events.js';
import { simulatedHost } from '../src/simulate/hosts.js';
import { sampleInventory } from '@vigil/vulns';
import { runCli } from './helpers/run-cli.js';

/** `vigil …args` in this process, with `env` as its environment. */
const vigil = (args: string[], env: Record<string, string> = {}) => runCli(args, { env });

describe('simulated activity', () => {
  it('is deterministic per seed and uses the EVENTS.md shapes', () => {
    const a = createRng(7);
    const b = createRng(7);
    const hostA = simulatedHost(a, 0);
    assert.deepEqual(hostA, simulatedHost(b, 0));
    assert.match(hostA.hostname, /^web-(prod|stg)-01\./);
    for (let i = 0; i < 200; i++) {
      const e = benignEvent(a, hostA, 1_700_000_000_000 + i);
      assert.ok(['audit', 'file', 'connect', 'login'].includes(e.event_type), e.event_type);
      assert.equal(typeof e.timestamp, 'number');
    }
    const s = suspiciousEvent(a, hostA, 1_700_000_000_000);
    assert.ok(s.rule.length > 0);
  });

  it('gives every simulated host a package list of its release and role, and EC2 metadata', () => {
    const rng = createRng(3);
    for (let i = 0; i < 40; i++) {
      const host = simulatedHost(rng, i);
      const inventory = sampleInventory(host.registration.osVersion, host.role);
      assert.ok(inventory, host.registration.osVersion);
      assert.ok(inventory.packages.length >= 12);
      assert.equal(new Set(inventory.packages.map((p) => `${p.name} ${p.arch} ${p.version}`)).size, inventory.packages.length, 'no package twice');
      assert.equal(inventory.manager, /Ubuntu|Debian/.test(host.registration.osVersion) ? 'dpkg' : 'rpm');
      assert.deepEqual([host.registration.cloud.instanceId, host.registration.cloud.provider], [host.registration.instanceId, 'aws']);
    }
  });
});

for (const dialect of DIALECTS) {
  describe(`vigil simulate (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(dialect);
    });
    after(async () => {
      await server?.close();
    });

    it('registers agents that show online and streams events the server stores', async () => {
      const orgId = server.creds.orgId;
      const { key } = await server.store.deployKeys.issue(orgId);
      const r = await vigil(['simulate', '--url', server.url, '--agents', '2', '--duration', '3', '--rate', '20', '--seed', '42', '--suspicious-every', '1'], {
        VIGIL_DEPLOY_KEY: key,
      });
      assert.equal(r.code, 0, r.err + r.out);
      assert.match(r.out, /registered web-/);
      assert.match(r.out, /simulated 2 agents .*: (\d+) events \((\d+) suspicious\) in (\d+) batches, 0 duplicates/);
      const sent = Number(/: (\d+) events/.exec(r.out)![1]);
      assert.ok(sent > 0);

      const online = await server.request('GET', '/v2/agents?status=online');
      assert.equal(online.status, 200);
      const hostnames = (online.json.agents as { hostname: string }[]).map((a) => a.hostname);
      assert.equal(hostnames.length, 2);
      assert.ok(hostnames.some((h) => h.startsWith('web-')));
      assert.equal(await server.store.ingest.countEvents(orgId), sent);

      // Each host sent its package list, and its instance metadata came with the registration.
      for (const agent of online.json.agents as { id: string; instanceId: string }[]) {
        const listed = await server.request('GET', `/v2/agents/${agent.id}/packages`);
        assert.equal(listed.status, 200, listed.text);
        assert.ok(listed.json.packages.length >= 12, listed.text);
        assert.ok(listed.json.packages.some((p: { name: string }) => p.name === 'openssh-server'));
        const cloud = await server.request('GET', `/v2/agents/${agent.id}/cloud`);
        assert.deepEqual([cloud.json.instanceId, cloud.json.accountId], [agent.instanceId, '123456789012']);
      }
    });

    it('says the server is down, as the other commands do, with exit code 6', async () => {
      const probe = createServer();
      await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
      const down = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
      await new Promise((resolve) => probe.close(resolve));
      const r = await vigil(['simulate', '--url', down, '--duration', '1', '--deploy-key', 'vdk_whatever']);
      assert.equal(r.code, 6, r.err);
      assert.match(r.err, new RegExp(`^vigil: cannot reach the server at ${down}: connection failed \\(ECONNREFUSED\\)\n  \\(is the server running at ${down}\\? \\(--url\\)\\)\n$`));
    });

    it('refuses to run without a deploy key, and with a wrong one', async () => {
      const none = await vigil(['simulate', '--url', server.url, '--duration', '1'], { VIGIL_DEPLOY_KEY: '' });
      assert.notEqual(none.code, 0);
      assert.match(none.err, /deploy key/);
      const wrong = await vigil(['simulate', '--url', server.url, '--duration', '1', '--deploy-key', 'vdk_wrong']);
      assert.notEqual(wrong.code, 0);
      assert.match(wrong.err, /register failed: 401/);
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`vigil simulate against a demo organization (${dialect})`, () => {
    it('raises an alert for every attack kind simulate sends', async () => {
      // As `vigil serve --demo` starts: the default Base Rule Set is installed and the demo's rules join it.
      const server = await startTestServer(dialect, { demo: true, baseRuleSet: true });
      try {
        const orgId = server.creds.orgId;
        const agent = await registerAgent(server.url, (await server.store.deployKeys.issue(orgId)).key, { hostname: 'sim-demo.internal' });
        const rng = createRng(11);
        const host = simulatedHost(rng, 0);
        const kinds = SUSPICIOUS_KINDS.map((kind, i) => kind(rng, host, Date.now() + i));
        const sent = await postBatch(server.url, agent, 'sim-demo-1', kinds.map((k) => k.event));
        assert.equal(sent.status, 200, sent.text);

        const ruleNames = new Map<string, string>();
        for (const ruleset of await server.store.rulesets.list(orgId)) {
          for (const rule of await server.store.rulesets.listRules(orgId, ruleset.id)) ruleNames.set(rule.id, rule.name);
        }
        const expected = [...new Set(kinds.map((k) => k.rule))].sort();
        let fired: string[] = [];
        for (let i = 0; i < 100 && fired.length < expected.length; i++) {
          const page = await server.store.alerts.list(orgId, { isDismissed: false, agentId: agent.agentId }, { limit: 100 });
          fired = [...new Set(page.items.map((a) => ruleNames.get(a.ruleId ?? '') ?? '?'))].filter((n) => expected.includes(n)).sort();
          if (fired.length < expected.length) await new Promise((r) => setTimeout(r, 100));
        }
        assert.deepEqual(fired, expected);
      } finally {
        await server.close();
      }
    });
  });
}
