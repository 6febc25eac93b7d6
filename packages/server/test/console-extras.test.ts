/**
 * What the console needs beyond the REST APIs, on both databases: Settings › Application Keys (ids, the
 * TS_* lines, rotating one's own API key and, for owners, the deploy key, each shown once) and the rule
 * editor's filter check with the parser's positions and suggestions.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '@vigil/store/testing';
import { startConsole, type BrowserSession, type ConsoleServer } from './console-support.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: console extras`, () => {
    let c: ConsoleServer;
    let owner: BrowserSession;
    let reader: BrowserSession;
    let readerId: string;
    before(async () => {
      c = await startConsole(dialect);
      owner = await c.signIn();
      const r = await c.addUser('reader', `keys-reader-${dialect}@example.com`);
      readerId = r.id;
      reader = await c.signIn(r.email);
    });
    after(() => c.close());

    it('Application Keys: ids, the TS_* lines, key prefixes, never a key', async () => {
      const { creds } = c.server;
      const res = await c.call('GET', '/console/api/keys', { session: owner });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.userId, creds.userId);
      assert.equal(res.json.organizationId, creds.orgId);
      assert.equal(res.json.apiEndpoint, 'http://localhost:80');
      assert.equal(res.json.apiKey.prefix, creds.apiKey.slice(0, res.json.apiKey.prefix.length));
      assert.equal(res.json.deployKey, null);
      assert.equal(res.json.envLines, `TS_USER_ID=${creds.userId}\nTS_ORGANIZATION_ID=${creds.orgId}\nTS_API_ENDPOINT=http://localhost:80`);
      assert.ok(!res.text.includes(creds.apiKey));
      assert.equal((await c.call('GET', '/console/api/keys', { session: owner, csrf: false })).status, 403);
    });

    it('rotating your own API key shows it once; Hawk then takes the new key, not the old', async () => {
      const user = await c.addUser('user', `rotate-${dialect}@example.com`);
      const { key: oldKey } = await c.server.store.apiKeys.issue(user.id);
      const s = await c.signIn(user.email);
      const creds = { userId: user.id, apiKey: oldKey, orgId: c.server.creds.orgId };
      assert.equal((await c.server.request('GET', '/v2/rulesets', { creds })).status, 200);
      const res = await c.call('POST', '/console/api/keys/api-key', { session: s });
      assert.equal(res.status, 200, res.text);
      assert.match(res.json.key, /^[A-Za-z0-9_-]{43,}$/);
      assert.match(res.json.envLines, new RegExp(`^TS_USER_ID=${user.id}\nTS_API_KEY=${res.json.key}\n`));
      assert.equal((await c.server.request('GET', '/v2/rulesets', { creds })).status, 401, 'the old key stops working');
      assert.equal((await c.server.request('GET', '/v2/rulesets', { creds: { ...creds, apiKey: res.json.key } })).status, 200);
      const keys = await c.call('GET', '/console/api/keys', { session: s });
      assert.equal(keys.json.apiKey.prefix, res.json.prefix);
      assert.ok(!keys.text.includes(res.json.key), 'shown once');
      const audit = await c.server.store.auditLogs.list(c.server.creds.orgId, {}, { limit: 3 });
      assert.equal(audit.items[0]?.action, 'rotate_api_key');
      assert.equal(audit.items[0]?.source, 'console');
    });

    it('a reader may rotate their own key but not the deploy key; an owner rotates the deploy key', async () => {
      assert.equal((await c.call('POST', '/console/api/keys/api-key', { session: reader })).status, 200);
      assert.equal((await c.server.store.apiKeys.list(readerId)).filter((k) => k.revokedAt === null).length, 1);
      const refused = await c.call('POST', '/console/api/keys/deploy-key', { session: reader });
      assert.equal(refused.status, 403, refused.text);
      assert.deepEqual(await c.server.store.deployKeys.list(c.server.creds.orgId), [], 'nothing issued');
      const res = await c.call('POST', '/console/api/keys/deploy-key', { session: owner });
      assert.equal(res.status, 200, res.text);
      assert.equal(await c.server.store.deployKeys.findOrg(res.json.key), c.server.creds.orgId);
      assert.equal(res.json.envLines, `VIGIL_DEPLOY_KEY=${res.json.key}`);
      assert.equal((await c.call('GET', '/console/api/keys', { session: reader })).json.deployKey.prefix, res.json.prefix);
    });

    it('check-filter: a good filter is ok; a typo answers its position and the suggestion; any role', async () => {
      const ok = await c.call('POST', '/console/api/rules/check-filter', { session: reader, json: { type: 'Host', filter: 'command = "sudo"' } });
      assert.equal(ok.status, 200, ok.text);
      assert.deepEqual(ok.json, { ok: true });
      const typo = await c.call('POST', '/console/api/rules/check-filter', { session: owner, json: { type: 'host', filter: 'event_type = "audit" and comand = "sudo"' } });
      assert.equal(typo.status, 200);
      assert.deepEqual(typo.json, { ok: false, errors: [{ message: 'unknown field "comand"', position: 25, line: 1, column: 26, suggestions: ['command'] }] });
      const syntax = await c.call('POST', '/console/api/rules/check-filter', { session: owner, json: { type: 'Host', filter: 'command = \n  (' } });
      assert.equal(syntax.json.ok, false);
      assert.equal(syntax.json.errors[0].line, 2);
      assert.ok(syntax.json.errors[0].position > 9);
      const empty = await c.call('POST', '/console/api/rules/check-filter', { session: owner, json: { type: 'Host', filter: ' ' } });
      assert.equal(empty.json.ok, false);
      assert.deepEqual((await c.call('POST', '/console/api/rules/check-filter', { session: owner, json: { type: 'File', filter: '' } })).json, { ok: true });
    });

    it('check-filter: bad input is a 400 naming the field; no session is 401', async () => {
      for (const [json, field] of [
        [{ type: 'Nope', filter: 'command = "x"' }, 'type'],
        [{ type: 'Host' }, 'filter'],
        [{ type: 'Host', filter: 3 }, 'filter'],
        [{ type: 'Host', filter: 'x'.repeat(10_001) }, 'filter'],
      ] as const) {
        const res = await c.call('POST', '/console/api/rules/check-filter', { session: owner, json });
        assert.equal(res.status, 400, res.text);
        assert.match(res.json.errors.join(' '), new RegExp(field));
      }
      assert.equal((await c.call('POST', '/console/api/rules/check-filter', { json: { type: 'Host', filter: 'x' } })).status, 401);
    });
    it('dry run: counts and samples the matching events of the last hours, suppressions applied, older ones and other organizations left out', async () => {
      const { store, creds } = c.server;
      const now = c.clock.now;
      const HOUR = 3_600_000;
      const { agent } = await store.ingest.registerAgent({ orgId: creds.orgId, hostname: `dry-${dialect}`, at: now - 40 * HOUR });
      const ev = (command: string, user: string) => ({ eventType: 'audit', timestamp: now, data: { event_type: 'audit', command, user } });
      await store.ingest.storeBatch(creds.orgId, agent.id, 'recent', [ev('sudo', 'ann'), ev('sudo', 'ansible'), ev('ls', 'ann')], now - HOUR);
      await store.ingest.storeBatch(creds.orgId, agent.id, 'recent-2', [ev('sudo', 'bob')], now - 2 * HOUR);
      await store.ingest.storeBatch(creds.orgId, agent.id, 'old', [ev('sudo', 'old')], now - 30 * HOUR);
      const other = await store.organizations.create({ name: 'Other dry run' });
      const { agent: foreign } = await store.ingest.registerAgent({ orgId: other.id, hostname: 'foreign', at: now - HOUR });
      await store.ingest.storeBatch(other.id, foreign.id, 'foreign', [ev('sudo', 'foreign')], now - HOUR);

      const rule = { type: 'Host', filter: 'command = "sudo"', suppressions: ['user = "ansible"'], name: 'ignored' };
      const res = await c.call('POST', '/console/api/rules/dry-run', { session: reader, json: { rule, hours: 24 } });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.scanned, 4);
      assert.equal(res.json.count, 2);
      assert.equal(res.json.suppressed, 1);
      assert.equal(res.json.truncated, false);
      assert.deepEqual(res.json.sample.map((e: any) => e.data.user), ['ann', 'bob'], 'newest batch first');
      assert.equal(res.json.sample[0].agentId, agent.id);
      assert.equal(Date.parse(res.json.until) - Date.parse(res.json.from), 24 * HOUR);
      const week = await c.call('POST', '/console/api/rules/dry-run', { session: owner, json: { rule, hours: 48 } });
      assert.equal(week.json.count, 3);
    });

    it("dry run of a File rule: file events under its watched paths, its ignores and actions applied, as detection would", async () => {
      const { store, creds } = c.server;
      const now = c.clock.now;
      const HOUR = 3_600_000;
      const { agent } = await store.ingest.registerAgent({ orgId: creds.orgId, hostname: `dry-file-${dialect}`, at: now - 2 * HOUR });
      const file = (filename: string, type: string) => ({ eventType: 'file', timestamp: now, data: { event_type: 'file', filename, type, user: 'root' } });
      await store.ingest.storeBatch(
        creds.orgId,
        agent.id,
        `file-${dialect}`,
        [
          file('/etc/ssh/sshd_config', 'modify'),
          file('/etc/ssh/moduli.bak', 'modify'),
          file('/etc/ssh/ssh_config', 'open'),
          file('/etc/sshd-not-watched', 'modify'),
          file('/var/log/x', 'modify'),
          { eventType: 'audit', timestamp: now, data: { event_type: 'audit', command: 'vi', filename: '/etc/ssh/sshd_config' } },
        ],
        now - HOUR,
      );
      const rule = { type: 'File', filter: '', suppressions: [], fileIntegrityPaths: [{ path: '/etc/ssh', recursive: true }], ignoreFiles: ['/etc/ssh/*.bak'], eventsToMonitor: ['modify'] };
      const res = await c.call('POST', '/console/api/rules/dry-run', { session: owner, json: { rule, hours: 2 } });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.json.sample.map((e: any) => e.data.filename), ['/etc/ssh/sshd_config']);
      assert.equal(res.json.count, 1);
      // A filter and a suppression apply on top of the paths.
      const narrowed = { ...rule, filter: 'user = "root"', suppressions: ['filename = "/etc/ssh/sshd_config"'], eventsToMonitor: ['ALL'] };
      const res2 = await c.call('POST', '/console/api/rules/dry-run', { session: owner, json: { rule: narrowed, hours: 2 } });
      assert.equal(res2.status, 200, res2.text);
      assert.deepEqual(res2.json.sample.map((e: any) => e.data.filename), ['/etc/ssh/ssh_config']);
      assert.equal(res2.json.suppressed, 1);
    });

    it("dry run of a ThreatIntel rule: events naming one of the organization's active indicators, with the indicator's fields", async () => {
      const { store, creds } = c.server;
      const now = c.clock.now;
      const HOUR = 3_600_000;
      const bad = `203.0.113.${dialect === 'sqlite' ? 7 : 8}`;
      await store.indicators.upsertMany(creds.orgId, [{ typeId: 15, class: 'network', value: bad, hash: `dry-${dialect}-${bad}`, generatedScore: 7, statusId: 1 }]);
      const other = await store.organizations.create({ name: `Other intel dry run ${dialect}` });
      const theirs = '198.51.100.9';
      await store.indicators.upsertMany(other.id, [{ typeId: 15, class: 'network', value: theirs, hash: `dry-${dialect}-${theirs}`, generatedScore: 7, statusId: 1 }]);
      const { agent } = await store.ingest.registerAgent({ orgId: creds.orgId, hostname: `dry-intel-${dialect}`, at: now - 2 * HOUR });
      const conn = (dst_ip: string, user: string) => ({ eventType: 'network', timestamp: now, data: { event_type: 'network', dst_ip, user } });
      await store.ingest.storeBatch(creds.orgId, agent.id, `intel-${dialect}`, [conn(bad, 'ann'), conn(bad, 'svc'), conn(theirs, 'ann'), conn('192.0.2.1', 'ann')], now - HOUR);
      const rule = { type: 'ThreatIntel', filter: '', suppressions: ['user = "svc"'] };
      const res = await c.call('POST', '/console/api/rules/dry-run', { session: reader, json: { rule, hours: 2 } });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.count, 1);
      assert.equal(res.json.suppressed, 1);
      assert.equal(res.json.sample[0].data.dst_ip, bad);
      assert.equal(res.json.sample[0].data.threatintel_value, bad);
    });

    it('dry run: a refused filter, a Vulnerability or unknown rule type, bad File settings or bad hours are 400s naming the field', async () => {
      for (const [json, field] of [
        [{ rule: { filter: 'comand = "x"' }, hours: 1 }, 'filter'],
        [{ rule: { filter: 'command = "x"', suppressions: ['user ='] }, hours: 1 }, 'suppressions'],
        [{ rule: { type: 'Vulnerability', filter: 'severity = "high"' }, hours: 1 }, 'type'],
        [{ rule: { type: 'Nope', filter: 'command = "x"' }, hours: 1 }, 'type'],
        [{ rule: { type: 'File', filter: '' }, hours: 1 }, 'fileIntegrityPaths'],
        [{ rule: { type: 'File', filter: '', fileIntegrityPaths: [{ path: 7 }] }, hours: 1 }, 'fileIntegrityPaths'],
        [{ rule: { type: 'File', filter: '', fileIntegrityPaths: [{ path: '/etc' }], ignoreFiles: 'x' }, hours: 1 }, 'ignoreFiles'],
        [{ rule: { type: 'File', filter: '', fileIntegrityPaths: [{ path: '/etc' }], eventsToMonitor: ['chmod'] }, hours: 1 }, 'eventsToMonitor'],
        [{ rule: { type: 'ThreatIntel', filter: 'dst_ip = ' }, hours: 1 }, 'filter'],
        [{ rule: { filter: 'command = "x"' }, hours: 0 }, 'hours'],
        [{ rule: { filter: 'command = "x"' }, hours: 1000 }, 'hours'],
        [{ rule: { filter: 'command = "x"' } }, 'hours'],
        [{ hours: 1 }, 'rule'],
      ] as const) {
        const res = await c.call('POST', '/console/api/rules/dry-run', { session: owner, json });
        assert.equal(res.status, 400, res.text);
        assert.match(res.json.errors.join(' '), new RegExp(field));
      }
    });
  });
}
