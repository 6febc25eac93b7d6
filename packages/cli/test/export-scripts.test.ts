/**
 * `vigil export agents|alerts|rules|users`: the Threat Stack API scripts' files (names, headers, line
 * ends, cells) and printed lines, read from threatstack.cfg as the scripts do.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '@vigil/store/testing';
import type { TestServer } from '@vigil/server/testing';
import { parseCsv } from '../src/format/csv.js';
import { tempDir, startCliTestServer } from './helpers/client-cli.js';
import { runCli } from './helpers/run-cli.js';

async function all(server: TestServer, path: string, key: string): Promise<any[]> {
  const items: any[] = [];
  let token: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const res = await server.request('GET', token ? `${path}${sep}token=${encodeURIComponent(token)}` : path);
    items.push(...res.json[key]);
    token = res.json.token ?? null;
  } while (token);
  return items;
}

const today = () => new Date().toISOString().slice(0, 10);
const only = (dir: string, pattern: RegExp) => {
  const files = readdirSync(dir).filter((f) => pattern.test(f));
  assert.equal(files.length, 1, `one file matching ${pattern} in ${readdirSync(dir).join(', ')}`);
  return join(dir, files[0]!);
};

for (const dialect of DIALECTS) {
  describe(`vigil export: the Threat Stack scripts (${dialect})`, () => {
    let server: TestServer;
    let dir: ReturnType<typeof tempDir>;
    const vigil = (...args: string[]) => runCli(args, { cwd: dir.path });
    before(async () => {
      server = await startCliTestServer(dialect, { demo: true });
      dir = tempDir();
      writeFileSync(
        join(dir.path, 'threatstack.cfg'),
        `[USER_INFO]\nTS_USER_ID = ${server.creds.userId}\nTS_API_KEY = ${server.creds.apiKey}\n\n` +
          `[DEFAULT]\nTS_ORGANIZATION_ID = ${server.creds.orgId}\nTS_ORGANIZATION_NAME = Test Org, Inc.\nTS_API_ENDPOINT = ${server.url}\n`,
      );
    });
    after(async () => {
      await server.close();
      dir.remove();
    });

    it('export agents: agents-<Org>-<date>.csv with the script header, CRLF rows and its printed lines', async () => {
      const agents = await all(server, '/v2/agents?status=online', 'agents');
      const r = await vigil('export', 'agents');
      assert.equal(r.code, 0, r.err);
      assert.equal(r.out, `Returned ${agents.length} agents.\n${agents.length} agents written to file.\n`);
      assert.ok(!r.err.includes('\r'), 'no progress bar when stderr is not a terminal');
      const file = join(dir.path, `agents-TestOrgInc-${today()}.csv`);
      const text = readFileSync(file, 'utf8');
      assert.ok(
        text.startsWith('agentId,instanceId,status,CreatedAt,LastReportedAt,version,name,description,hostname,ipAddresses,tags,agentType,osVersion,kernel,isHealthy\r\n'),
      );
      const rows = parseCsv(text);
      assert.equal(rows.length, agents.length + 1);
      assert.ok(text.endsWith('\r\n') && !/[^\r]\n/.test(text), 'every line ends with CRLF');
      const a = agents[0];
      const row = rows.find((cells) => cells[0] === a.id)!;
      assert.equal(row.length, 15);
      assert.equal(row[2], 'online');
      const addrs = [...a.ipAddresses.private, ...a.ipAddresses.public].filter((x: string) => x !== '127.0.0.1/8' && x !== '::1/128');
      assert.equal(row[9], `[${addrs.map((x: string) => `'${x}'`).join(', ')}]`);
      assert.ok(row[10]!.startsWith("[{'source': "), row[10]);
      assert.equal(row[14], a.agentModuleHealth.isHealthy ? 'True' : 'False');

      const quiet = await runCli(['export', 'agents', '--quiet', '--output-dir', join(dir.path, 'out')], { cwd: dir.path });
      assert.equal(quiet.code, 0, quiet.err);
      assert.equal(quiet.out, '');
      assert.ok(existsSync(join(dir.path, 'out', `agents-TestOrgInc-${today()}.csv`)));
      assert.equal((await vigil('export', 'agents', '--quiet', '--debug')).code, 2, 'mutually exclusive');
    });

    it('export alerts <daycount>: the script lines, <Org>-<status>-<minute>.csv as pandas writes it', async () => {
      const out = join(dir.path, 'alerts');
      const r = await vigil('export', 'alerts', '7', '--output-dir', out);
      assert.equal(r.code, 0, r.err);
      const lines = r.out.trimEnd().split('\n');
      assert.equal(lines[0], `user_id: ${server.creds.userId}`);
      assert.ok(!r.out.includes('api_key') && !r.out.includes(server.creds.apiKey), 'never the key');
      const query = lines.find((l) => l.startsWith('alerts?status=active&from='))!;
      const [, from, until] = /from=(\S+)&until=(\S+)$/.exec(query)!;
      assert.match(from!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?$/, 'utcnow().isoformat()');
      assert.equal(Date.parse(until! + 'Z') - Date.parse(from! + 'Z'), 7 * 86_400_000);
      const expected = await all(server, `/v2/alerts?status=active&from=${from}Z&until=${until}Z`, 'alerts');
      assert.ok(expected.length > 100, 'several pages');
      assert.ok(lines.includes(`Writing alerts:  ${from} ${until} ${expected.length} Rule status:  active`));
      assert.ok(lines.filter((l) => l.startsWith(`Adding alert ${from} ${until} `)).length >= 2);
      const file = only(out, /^TestOrgInc-active-\d{4}-\d\d-\d\d-\d\d-\d\d\.csv$/);
      const text = readFileSync(file, 'utf8');
      assert.ok(!text.includes('\r\n'), 'pandas writes \\n');
      const rows = parseCsv(text);
      assert.deepEqual(rows[0], Object.keys(expected[0]));
      assert.deepEqual(rows.slice(1).map((c) => c[0]).sort(), expected.map((a) => a.id).sort());
      const isDismissed = rows[0]!.indexOf('isDismissed');
      assert.equal(rows[1]![isDismissed], 'False');

      const ruleId = expected[0].ruleId;
      const byRule = await vigil('export', 'alerts', '30', '--rule-id', ruleId, '--output-dir', out);
      assert.equal(byRule.code, 0, byRule.err);
      const ruleRows = parseCsv(readFileSync(only(out, new RegExp(`^TestOrgInc-${ruleId}-active-`)), 'utf8'));
      const ruleCol = ruleRows[0]!.indexOf('ruleId');
      assert.ok(ruleRows.length > 1);
      for (const row of ruleRows.slice(1)) assert.equal(row[ruleCol], ruleId);

      assert.equal((await vigil('export', 'alerts', '8')).code, 2, 'daycount outside the script set');
      assert.equal((await vigil('export', 'alerts')).code, 2, 'no daycount');
      assert.equal((await vigil('export', 'alerts', '7', '--alert-status', 'open')).code, 2);
      assert.equal((await vigil('export', 'alerts', '7', '--start-date', 'last week')).code, 2);
    });

    it('export alerts --filename appends and resumes: alerts already in the file are skipped by id', async () => {
      const file = join(dir.path, 'resume.csv');
      const end = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 19);
      const first = await vigil('export', 'alerts', '7', '--end-date', end, '--filename', file);
      assert.equal(first.code, 0, first.err);
      const firstRows = parseCsv(readFileSync(file, 'utf8'));
      assert.ok(firstRows.length > 1);
      const second = await vigil('export', 'alerts', '7', '--filename', file);
      assert.equal(second.code, 0, second.err);
      const overlap = firstRows.length - 1;
      const rows = parseCsv(readFileSync(file, 'utf8'));
      const ids = rows.slice(1).map((r) => r[0]);
      assert.equal(new Set(ids).size, ids.length, 'no alert twice');
      assert.deepEqual(rows[0], firstRows[0], 'one header');
      const [, skipped] = /\((\d+) already there\)/.exec(second.out)!;
      assert.ok(Number(skipped) > 0 && Number(skipped) <= overlap, second.out);
      writeFileSync(join(dir.path, 'not-alerts.csv'), 'a,b\n1,2\n');
      assert.equal((await vigil('export', 'alerts', '7', '--filename', join(dir.path, 'not-alerts.csv'))).code, 2);
    });

    it('export rules: one row per suppression, the script\'s Supperssions column', async () => {
      const out = join(dir.path, 'rules');
      const r = await vigil('export', 'rules', '--output-dir', out);
      assert.equal(r.code, 0, r.err);
      const rulesets = await all(server, '/v2/rulesets', 'rulesets');
      let expectedRows = 0;
      for (const rs of rulesets) {
        assert.ok(r.out.includes(`Getting ruleset: ${rs.name}\n`) && r.out.includes(`Finished getting all rules in: ${rs.name}\n`));
        for (const rule of (await server.request('GET', `/v2/rulesets/${rs.id}/rules`)).json.rules) expectedRows += Math.max(1, rule.suppressions.length);
      }
      const text = readFileSync(only(out, /^TestOrgInc-All-Rules-\d{4}-\d\d-\d\d-\d\d-\d\d\.csv$/), 'utf8');
      assert.ok(text.startsWith('RuleSetId,RuleSetName,Id,Name,Title,Description,Enabled,Severity,Supperssions\n'));
      const rows = parseCsv(text);
      assert.equal(rows.length - 1, expectedRows);
      assert.ok(rows.slice(1).every((row) => row[6] === 'True' || row[6] === 'False'));
    });

    it('export users: the script header and lastAuthenticatedAt as a UTC datetime', async () => {
      const out = join(dir.path, 'users');
      const r = await vigil('export', 'users', '--output-dir', out);
      assert.equal(r.code, 0, r.err);
      assert.equal(r.out, `user_id: ${server.creds.userId}\norg_id: ${server.creds.orgId}\norg_name: TestOrgInc\n`);
      const text = readFileSync(only(out, /^TestOrgInc-All-Users-\d{4}-\d\d-\d\d-\d\d-\d\d\.csv$/), 'utf8');
      const rows = parseCsv(text);
      assert.deepEqual(rows[0], ['role', 'ssoEnabled', 'displayName', 'userEnabled', 'lastAuthenticatedAt', 'mfaEnabled', 'id', 'email']);
      const me = (await server.request('GET', '/v2/organizations/members')).json.members.find((m: any) => m.id === server.creds.userId);
      const row = rows.find((cells) => cells[6] === server.creds.userId)!;
      assert.equal(row[0], 'owner');
      assert.match(row[4]!, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{3})?$/);
      // the members GET above happened later, so the recorded sign-in can only be the same or newer there
      const written = Date.parse(row[4]!.replace(' ', 'T') + 'Z');
      assert.ok(written <= me.lastAuthenticatedAt && written > Date.parse('2020-01-01T00:00:00Z'), row[4]);
    });

    it('without TS_ORGANIZATION_NAME the exports stop with exit 2 and the script\'s message', async () => {
      const cfg = join(dir.path, 'noname.cfg');
      writeFileSync(cfg, readFileSync(join(dir.path, 'threatstack.cfg'), 'utf8').replace(/TS_ORGANIZATION_NAME.*\n/, ''));
      const r = await vigil('export', 'users', '--config-file', cfg);
      assert.equal(r.code, 2);
      assert.match(r.err, /missing necessary value: TS_ORGANIZATION_NAME/);
    });
  });
}
