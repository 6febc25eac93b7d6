/**
 * File integrity end to end, on SQLite and PostgreSQL: a File rule created over REST v2 reaches the agent
 * through `GET /agent/v1/config`, a write to the watched file becomes an alert, and a rule change moves the
 * agent's watches within its configuration poll. Kernel audit is refused by an injected auditctl, so this test
 * never touches the host's audit rules (the agent scans /proc instead).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { VigilClient } from '@vigil/sdk';
import type { RunningServer } from '@vigil/server';
import { DIALECTS } from '@vigil/store/testing';
import { runAgent, type AuditctlRunner } from '@vigil/agent';
import { until } from './helpers/until.js';
import { noAuditctl } from './helpers/no-auditctl.js';
import { startVigilServer, type VigilServer } from './helpers/vigil-server.js';

for (const dialect of DIALECTS) {
  describe(`file integrity against a real server (${dialect})`, () => {
    let server: VigilServer;
    let dataDir: string;
    let vigil: RunningServer;
    let api: VigilClient;
    let creds: VigilServer['creds'];

    before(async () => {
      server = await startVigilServer(dialect, {
        name: 'FIM test',
        baseRuleSet: false,
        // The agent runs the sources the server names: here not logins nor the inventory (audit only where a test
        // gives it an auditctl that accepts its rules).
        agents: { heartbeatSeconds: 60, configPollSeconds: 60, procScanSeconds: 1, sources: ['audit', 'procScanner', 'fim'] },
      });
      ({ dataDir, vigil, api, creds } = server);
    });
    after(async () => {
      await server?.close();
    });

    it('a File rule created over the API makes the agent watch the path; a write becomes an alert; a rule change moves the watch', async () => {
      const watched = join(dataDir, 'watched');
      const later = join(dataDir, 'later');
      mkdirSync(watched);
      mkdirSync(later);
      writeFileSync(join(watched, 'app.conf'), 'port = 80\n');
      // Without the Base Rule Set, whose File rules would have the agent hash much of /etc and /usr/lib first.
      const ruleset = await api.rulesets.create({ name: 'FIM', description: '' });
      const ruleBody = (path: string) => ({
        name: 'App config changed',
        type: 'File' as const,
        title: '{{filename}} {{type}} ({{syscall}})',
        severityOfAlerts: 1 as const,
        alertDescription: 'the app configuration changed',
        aggregateFields: ['filename'],
        filter: 'event_type = "file"',
        window: 60,
        threshold: 1,
        fileIntegrityPaths: [{ path, recursive: true }],
        ignoreFiles: [`${path}/**.tmp`],
        eventsToMonitor: ['modify', 'delete'],
        enabled: true,
      });
      const rule = await api.rules.create(ruleset.id, ruleBody(watched));

      const { key: deployKey } = await vigil.store.deployKeys.issue(creds.orgId);
      const agent = await runAgent({
        url: vigil.url,
        deployKey,
        stateDir: join(dataDir, 'agent-state'),
        audit: { auditctl: noAuditctl },
        configPollMs: 200,
        fim: { quietMs: 50 },
        log: () => {},
      });
      try {
        const health = (await api.agents.retrieve(agent.agentId)).agentModuleHealth as Record<string, unknown>;
        assert.deepEqual([health.fim, health.procScanner, health.audit, health.logins, health.inventory], ['HEALTHY', 'DEGRADED', 'FAILED', undefined, undefined]);

        // The baseline is taken while the agent goes on starting; it is saved once taken.
        await until(() => existsSync(join(dataDir, 'agent-state', 'fim-baseline.json')), 'the baseline');
        writeFileSync(join(watched, 'scratch.tmp'), 'ignored');
        writeFileSync(join(watched, 'app.conf'), 'port = 4444\n');
        const alert = await until(async () => (await api.alerts.list({ status: 'active', ruleId: rule.id })).items[0], 'the alert', 60_000);
        assert.equal(alert.title, `${join(watched, 'app.conf')} modify (write)`);
        assert.equal(alert.agentId, agent.agentId);

        await api.rules.update(ruleset.id, rule.id, ruleBody(later));
        // Within the agent's configuration poll the watch moves; until then a write in `later` is not seen. The
        // writes are further apart than the source's quiet time (50 ms): writes coming faster would be gathered
        // into one change until the 5 s cap.
        await until(async () => {
          writeFileSync(join(later, 'moved.conf'), randomBytes(8).toString('hex'));
          const titles = (await api.alerts.list({ status: 'active', ruleId: rule.id })).items.map((a) => a.title);
          return titles.includes(`${join(later, 'moved.conf')} modify (creat)`) || titles.includes(`${join(later, 'moved.conf')} modify (write)`);
        }, 'an alert for the newly watched folder', 60_000, 150);
        const titles = (await api.alerts.list({ status: 'active', ruleId: rule.id })).items.map((a) => a.title);
        assert.ok(!titles.some((t) => t.includes('scratch.tmp')), `ignored files raise nothing: ${titles.join(' | ')}`);
      } finally {
        await agent.stop();
      }
    });
    it("the audit log the agent reads does not come back as file events when it grows, under a watched folder", async () => {
      const logs = join(dataDir, 'logs');
      mkdirSync(logs);
      const auditLog = join(logs, 'audit.log');
      writeFileSync(auditLog, 'type=DAEMON_START msg=audit(1796655440.000:1): op=start\n'.repeat(100));
      const ruleset = await api.rulesets.create({ name: 'Logs', description: '' });
      const rule = await api.rules.create(ruleset.id, {
        name: 'Log changed', type: 'File', title: '{{filename}} {{type}} ({{syscall}})', severityOfAlerts: 1, alertDescription: 'a log changed',
        aggregateFields: ['filename'], filter: 'event_type = "file"', window: 60, threshold: 1,
        fileIntegrityPaths: [{ path: logs, recursive: true }], eventsToMonitor: ['modify', 'delete'], enabled: true,
      });
      // A kernel audit that accepts the agent's rules; its "auditd log" is the file above.
      const auditctl: AuditctlRunner = async (args) => (args[0] === '-s' ? 'enabled 1\npid 812\nbacklog_limit 8192\nlost 0\n' : '');
      const { key: deployKey } = await vigil.store.deployKeys.issue(creds.orgId);
      const agent = await runAgent({ url: vigil.url, deployKey, stateDir: join(dataDir, 'agent-state-logs'), audit: { auditctl, logPath: auditLog }, fim: { quietMs: 50 }, log: () => {} });
      try {
        await until(() => existsSync(join(dataDir, 'agent-state-logs', 'fim-baseline.json')), 'the baseline');
        for (let i = 0; i < 20; i++) appendFileSync(auditLog, `type=DAEMON_ROTATE msg=audit(1796655441.000:${i + 2}): op=x\n`);
        await new Promise((resolve) => setTimeout(resolve, 300));
        writeFileSync(join(logs, 'app.log'), 'started\n');
        const titles = async () => (await api.alerts.list({ status: 'active', ruleId: rule.id })).items.map((a) => a.title);
        await until(async () => (await titles()).includes(`${join(logs, 'app.log')} modify (creat)`) || undefined, 'the alert for the other log', 60_000);
        assert.deepEqual(await titles(), [`${join(logs, 'app.log')} modify (creat)`]);
      } finally {
        await agent.stop();
      }
    });
  });
}
