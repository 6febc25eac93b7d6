/**
 * The agent end to end, as a host sees it: a real Vigil server (in this process, SQLite and PostgreSQL), the
 * real kernel through auditd, and REST v2 through the SDK to look at the result. The agent registers with the
 * deploy key and keeps its credentials, reports module health, an exec on the host becomes an alert, and a
 * restart reuses the credentials.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import type { VigilClient } from '@vigil/sdk';
import type { RunningServer } from '@vigil/server';
import { DIALECTS } from '@vigil/store/testing';
import { runAgent } from '@vigil/agent';
import { main } from '@vigil/agent/cli';
import { until } from './helpers/until.js';
import { noAuditctl } from './helpers/no-auditctl.js';
import { startVigilServer, type VigilServer } from './helpers/vigil-server.js';


/** The event lines waiting in a spool folder that mention `marker` (batch files: a header line, then gzip NDJSON). */
function spooledWith(spoolDir: string, marker: string): string[] {
  return readdirSync(spoolDir)
    .filter((name) => name.endsWith('.batch'))
    .flatMap((name) => {
      const raw = readFileSync(join(spoolDir, name));
      return gunzipSync(raw.subarray(raw.indexOf(10) + 1)).toString('utf8').split('\n');
    })
    .filter((line) => line.includes(marker));
}


for (const dialect of DIALECTS) {
  describe(`vigil-agent against a real server (${dialect})`, () => {
    let server: VigilServer;
    let dataDir: string;
    let vigil: RunningServer;
    let api: VigilClient;
    let creds: VigilServer['creds'];
    const auditKey = `vigil-test-${randomBytes(4).toString('hex')}`;

    before(async () => {
      server = await startVigilServer(dialect, { name: 'Agent test' });
      ({ dataDir, vigil, api, creds } = server);
    });
    after(async () => {
      execFileSync('auditctl', ['-D', '-k', auditKey]);
      execFileSync('auditctl', ['-e', '0']);
      await server?.close();
    });

    it('registers, reports health, turns an exec into an alert, and reuses its credentials after a restart', async () => {
      const { key: deployKey } = await vigil.store.deployKeys.issue(creds.orgId);
      const marker = `vigil-e2e-${randomBytes(4).toString('hex')}`;
      const [ruleset] = await vigil.store.rulesets.list(creds.orgId);
      const rule = await vigil.store.rulesets.createRule({
        orgId: creds.orgId,
        rulesetId: ruleset!.id,
        name: 'E2E marker',
        type: 'Host',
        title: 'Marker run by {{user}}: {{arguments}}',
        severityOfAlerts: 1,
        alertDescription: '',
        aggregateFields: [],
        filter: `event_type = "audit" and command = "echo" and arguments contains "${marker}"`,
        window: 60,
        threshold: 1,
        suppressions: [],
        enabled: true,
      });
      const stateDir = join(dataDir, 'agent-state');
      // an auth log of its own: this test's host may have none, and a login source with nothing to read is unhealthy
      const logins = { mode: 'file' as const, authLogPaths: [join(dataDir, 'auth.log')] };
      writeFileSync(logins.authLogPaths[0]!, '');
      const agent = await runAgent({ url: vigil.url, deployKey, stateDir, audit: { key: auditKey }, logins, log: () => {} });
      try {
        const saved = JSON.parse(readFileSync(join(stateDir, 'credentials.json'), 'utf8')) as { agentId: string; secret: string };
        assert.equal(saved.agentId, agent.agentId);
        assert.equal(statSync(join(stateDir, 'credentials.json')).mode & 0o777, 0o600);
        assert.equal(statSync(stateDir).mode & 0o777, 0o700);

        const shown = await api.agents.retrieve(agent.agentId);
        assert.equal(shown.status, 'online');
        assert.equal((shown.agentModuleHealth as Record<string, unknown>).audit, 'HEALTHY');
        assert.equal((shown.agentModuleHealth as Record<string, unknown>).isHealthy, true);

        const child = spawn('/bin/echo', [marker], { stdio: 'ignore' });
        await once(child, 'exit');
        const alert = await until(async () => (await api.alerts.list({ status: 'active', ruleId: rule.id })).items[0], 'the alert', 20_000);
        assert.equal(alert.title, `Marker run by root: /bin/echo ${marker}`);
        assert.equal(alert.agentId, agent.agentId);
      } finally {
        await agent.stop();
      }

      const again = await runAgent({ url: vigil.url, stateDir, audit: { key: auditKey }, logins, log: () => {} });
      const out: string[] = [];
      const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t) };
      assert.equal(await main(['status', '--state-dir', stateDir], {}, io), 0, out.join(''));
      assert.match(out.join(''), new RegExp(`agent ${agent.agentId} → ${vigil.url}/  \\(running, pid ${process.pid}`));
      assert.match(out.join(''), /audit: HEALTHY/);
      assert.match(out.join(''), /last heartbeat: .* ok/);
      await again.stop();
      assert.equal(again.agentId, agent.agentId, 'no second registration');
      out.length = 0;
      assert.equal(await main(['status', '--state-dir', stateDir, '--json'], {}, io), 3, 'stopped');
      assert.equal(JSON.parse(out.join('')).running, false);
      assert.equal(await main(['status', '--state-dir', join(dataDir, 'never')], {}, io), 3);
      assert.equal((await api.agents.list({ status: 'online' })).items.length, 1);
    });

    it('every exec seen while the server is stopped is spooled and arrives exactly once when it is back on the same port and database', async () => {
      const { key: deployKey } = await vigil.store.deployKeys.issue(creds.orgId);
      const stateDir = join(dataDir, 'outage');
      const marker = `vigil-outage-${randomBytes(4).toString('hex')}`;
      const execs = 20;
      const logs: string[] = [];
      const agent = await runAgent({ url: vigil.url, deployKey, stateDir, audit: { key: auditKey }, shipping: { backoff: { baseMs: 50, maxMs: 500 } }, log: (m) => logs.push(m) });
      let down = false;
      try {
        await server.stop();
        down = true;
        for (let i = 1; i <= execs; i++) await once(spawn('/bin/echo', [marker, String(i)], { stdio: 'ignore' }), 'exit');
        await until(() => spooledWith(join(stateDir, 'spool'), marker).length === execs, 'every exec in the spool');
        // A batch is in the spool before its send is tried: the refused send is reported a moment later.
        await until(() => /ECONNREFUSED/.test(String((agent.health().problems as Record<string, string> | undefined)?.shipping)), 'the refused send reported as a shipping problem');

        await server.restart();
        vigil = server.vigil;
        down = false;
        const stored = async () => (await vigil.store.ingest.listEvents(creds.orgId, agent.agentId, 100_000)).map((e) => e.data.args as string[]).filter((args) => args?.[1] === marker);
        await until(async () => spooledWith(join(stateDir, 'spool'), marker).length === 0 && (await stored()).length >= execs, 'the spool to drain into the database').catch((err: Error) => {
          throw new Error(`${err.message}; the agent said: ${logs.slice(-3).join(' / ')}; spool ${JSON.stringify(agent.health().metrics)}`);
        });
        const numbers = (await stored()).map((args) => Number(args[2])).sort((a, b) => a - b);
        assert.deepEqual(numbers, Array.from({ length: execs }, (_, i) => i + 1), 'each exec once');
        assert.equal((agent.health().problems as Record<string, string> | undefined)?.shipping, undefined, 'the shipping problem cleared');
      } finally {
        await agent.stop();
        if (down) await server.restart();
        vigil = server.vigil;
      }
    });

    it('without kernel audit, scans /proc and reports both modules honestly', async () => {
      const { key: deployKey } = await vigil.store.deployKeys.issue(creds.orgId);
      const agent = await runAgent({ url: vigil.url, deployKey, stateDir: join(dataDir, 'no-audit'), audit: { auditctl: noAuditctl }, log: () => {} });
      try {
        const health = (await api.agents.retrieve(agent.agentId)).agentModuleHealth as Record<string, any>;
        assert.equal(health.isHealthy, false);
        assert.equal(health.audit, 'FAILED');
        assert.equal(health.procScanner, 'DEGRADED');
        assert.match(health.problems.audit, /auditctl is not installed/);
        assert.match(health.problems.procScanner, /short-lived processes are missed/);
      } finally {
        await agent.stop();
      }
    });

    it('explains a wrong deploy key and a missing one', async () => {
      const stateDir = join(dataDir, 'refused');
      const agentsBefore = await vigil.store.agents.count(creds.orgId);
      await assert.rejects(runAgent({ url: vigil.url, deployKey: 'not-the-key', stateDir, log: () => {} }), /refused the deploy key \(401\)/);
      await assert.rejects(runAgent({ url: vigil.url, stateDir, log: () => {} }), /give the organization's deploy key/);
      assert.equal(await vigil.store.agents.count(creds.orgId), agentsBefore, 'no agent registered');
      assert.equal(existsSync(join(stateDir, 'credentials.json')), false, 'no credentials kept');
    });
  });
}
