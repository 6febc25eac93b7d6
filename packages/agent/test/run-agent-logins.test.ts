/**
 * The login source end to end: a real Vigil server (in this process, SQLite and PostgreSQL) with the Base Rule
 * Set, an agent following an auth.log file that the test appends sshd's lines to, and REST v2 to see the
 * events become alerts. Kernel audit is left alone (the agent is given an auditctl that is not there), so this
 * test needs no lock against the audit tests.
 */
import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { VigilClient } from '@vigil/sdk';
import type { RunningServer } from '@vigil/server';
import { DIALECTS } from '@vigil/store/testing';
import { runAgent } from '@vigil/agent';
import { until } from './helpers/until.js';
import { noAuditctl } from './helpers/no-auditctl.js';
import { startVigilServer, type VigilServer } from './helpers/vigil-server.js';

/** `Dec  7 17:31:23`, auth.log's classic timestamp for now (local time, as rsyslog writes it) */
function syslogNow(): string {
  const now = new Date();
  const month = now.toLocaleString('en-US', { month: 'short' });
  const time = [now.getHours(), now.getMinutes(), now.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
  return `${month} ${String(now.getDate()).padStart(2, ' ')} ${time}`;
}

for (const dialect of DIALECTS) {
  describe(`the login source against a real server (${dialect})`, () => {
    let server: VigilServer;
    let dataDir: string;
    let vigil: RunningServer;
    let api: VigilClient;
    let creds: VigilServer['creds'];

    before(async () => {
      server = await startVigilServer(dialect, { name: 'Logins test' });
      ({ dataDir, vigil, api, creds } = server);
    });
    after(async () => {
      await server?.close();
    });

    it('sshd, sudo and su lines appended to auth.log reach the server as events and the Base Rule Set alerts on them', async () => {
      const rules = await vigil.store.rulesets.enabledRulesOfType(creds.orgId, 'Host');
      const rule = (name: string) => rules.find((r) => r.name === `User Activity: ${name}`)!;
      const [publicLogin, bruteForce, sudoFailures, suToRoot] = ['SSH login from a public address', 'SSH brute force', 'repeated sudo failures', 'su to root'].map(rule);
      assert.ok(publicLogin && bruteForce && sudoFailures && suToRoot, 'the Base Rule Set is installed');
      const { key: deployKey } = await vigil.store.deployKeys.issue(creds.orgId);
      const authLog = join(dataDir, 'auth.log');
      writeFileSync(authLog, `${syslogNow()} srv sshd[100]: Accepted password for old from 192.0.2.50 port 1000 ssh2\n`);
      const agent = await runAgent({
        url: vigil.url,
        deployKey,
        stateDir: join(dataDir, 'agent'),
        audit: { auditctl: noAuditctl },
        logins: { mode: 'file', authLogPaths: [authLog] },
        log: () => {},
      });
      try {
        const health = (await api.agents.retrieve(agent.agentId)).agentModuleHealth as Record<string, any>;
        assert.equal(health.logins, 'HEALTHY');
        assert.equal(health.problems?.logins, undefined);

        appendFileSync(
          authLog,
          [
            `${syslogNow()} srv sshd[32307]: Accepted publickey for git from 192.0.2.1 port 57904 ssh2: RSA SHA256:v3dpapGleDaUKf$4V1vKyR9ZyUgjaJAmoCTcb2PLljI`,
            `${syslogNow()} srv sshd[32307]: pam_unix(sshd:session): session opened for user git(uid=998) by (uid=0)`,
            ...[1, 2, 3, 4, 5].map((n) => `${syslogNow()} srv sshd[${2740 + n}]: Failed password for root from 202.109.143.106 port ${3570 + n} ssh2`),
            ...[1, 2, 3].map(() => `${syslogNow()} srv sudo:     kali : 3 incorrect password attempts ; TTY=pts/1 ; PWD=/home/kali ; USER=root ; COMMAND=/usr/bin/apt update`),
            `${syslogNow()} srv su[2333]: (to root) aadarsha on pts/0`,
            '',
          ].join('\n'),
        );
        const alert = await until(async () => (await api.alerts.list({ status: 'active', ruleId: publicLogin.id })).items[0], 'the public login alert', 20_000);
        assert.equal(alert.title, `SSH login by git from public address 192.0.2.1 on ${hostname()}`);
        assert.equal(alert.agentId, agent.agentId);
        const brute = await until(async () => (await api.alerts.list({ status: 'active', ruleId: bruteForce.id })).items[0], 'the brute force alert', 20_000);
        assert.equal(brute.title, `SSH brute force from 202.109.143.106 against ${hostname()}`);
        const sudo = await until(async () => (await api.alerts.list({ status: 'active', ruleId: sudoFailures.id })).items[0], 'the sudo failures alert', 20_000);
        assert.equal(sudo.title, `Repeated sudo failures by kali on ${hostname()}`);
        const su = await until(async () => (await api.alerts.list({ status: 'active', ruleId: suToRoot.id })).items[0], 'the su alert', 20_000);
        assert.equal(su.title, `aadarsha became root with su on ${hostname()}`);
        assert.equal((await api.alerts.list({ status: 'active', ruleId: publicLogin.id })).items.length, 1, 'the login that was in the file before the start is not reported');
      } finally {
        await agent.stop();
      }
    });

    it('reports the login source failed, with the reason, when there is nothing to read; off leaves it out', async () => {
      const { key: deployKey } = await vigil.store.deployKeys.issue(creds.orgId);
      const missing = join(dataDir, 'no-such-auth.log');
      const agent = await runAgent({
        url: vigil.url,
        deployKey,
        stateDir: join(dataDir, 'agent-nothing'),
        audit: { auditctl: noAuditctl },
        logins: { journalctl: join(dataDir, 'no-journalctl'), authLogPaths: [missing] },
        log: () => {},
      });
      try {
        const health = (await api.agents.retrieve(agent.agentId)).agentModuleHealth as Record<string, any>;
        assert.equal(health.logins, 'FAILED');
        assert.equal(health.problems.logins, `logins are not read: no readable systemd journal (${join(dataDir, 'no-journalctl')} is not installed); ${missing}: not found`);
      } finally {
        await agent.stop();
      }
      const off = await runAgent({ url: vigil.url, deployKey, stateDir: join(dataDir, 'agent-off'), audit: { auditctl: noAuditctl }, logins: { mode: 'off' }, log: () => {} });
      try {
        const health = (await api.agents.retrieve(off.agentId)).agentModuleHealth as Record<string, any>;
        assert.equal(health.logins, undefined);
        assert.equal(health.procScanner, 'DEGRADED', 'the other sources run as before');
      } finally {
        await off.stop();
      }
    });
  });
}
