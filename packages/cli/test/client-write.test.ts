/**
 * `vigil alerts dismiss`, `rulesets …`, `rules …` (with the YAML round trip) and `webhooks …` against a
 * real server: what they change, and that bad input changes nothing.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { DIALECTS } from '@vigil/store/testing';
import type { TestServer } from '@vigil/server/testing';
import { jsonOut, tempDir, vigilAt, startCliTestServer } from './helpers/client-cli.js';

const HOST_RULE = {
  name: 'Shell from web server',
  type: 'Host',
  title: 'Shell spawned by {{user}} on {{hostname}}',
  severityOfAlerts: 1,
  alertDescription: 'A web server spawned a shell.',
  aggregateFields: ['user'],
  filter: 'event_type = "audit" and syscall = "execve" and user = "www-data" and command = "bash"',
  window: 3600,
  threshold: 1,
  suppressions: ['exe = "/usr/bin/true"'],
  enabled: true,
};

async function activeIds(server: TestServer, query = ''): Promise<string[]> {
  const ids: string[] = [];
  let token: string | null = null;
  do {
    const res = await server.request('GET', `/v2/alerts?status=active${query}${token ? `&token=${encodeURIComponent(token)}` : ''}`);
    ids.push(...res.json.alerts.map((a: any) => a.id));
    token = res.json.token;
  } while (token);
  return ids;
}

for (const dialect of DIALECTS) {
  describe(`vigil client write commands (${dialect})`, () => {
    let server: TestServer;
    let vigil: ReturnType<typeof vigilAt>;
    let dir: ReturnType<typeof tempDir>;
    let receiver: Server;
    let receiverUrl = '';
    before(async () => {
      server = await startCliTestServer(dialect, {
        demo: true,
        config: { webhooks: { allowHttp: true, allowPrivate: true, pollMs: 50 } },
      });
      vigil = vigilAt(server);
      dir = tempDir();
      receiver = createServer((req, res) => {
        req.resume();
        req.on('end', () => res.writeHead(200).end('ok'));
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
    });
    after(async () => {
      await new Promise((resolve) => receiver.close(resolve));
      await server.close();
      dir.remove();
    });

    it('alerts dismiss by ids from arguments and from a file (-i), with -d and -x', async () => {
      const [a, b, c] = await activeIds(server);
      const file = join(dir.path, 'ids.txt');
      writeFileSync(file, `${b}\n\n# comment\n${c}\n`);
      const r = await vigil('alerts', 'dismiss', a!, '-i', file, '-d', 'other', '-x', 'cleanup', '--format', 'json');
      assert.equal(r.code, 0, r.err);
      assert.deepEqual(jsonOut(r), { dismissedCount: 3 });
      const shown = (await server.request('GET', `/v2/alerts/${b}`)).json;
      assert.equal(shown.dismissReason, 'OTHER');
      assert.equal(shown.dismissReasonText, 'cleanup');
      const left = await activeIds(server);
      for (const id of [a, b, c]) assert.ok(!left.includes(id!));
    });

    it('alerts dismiss refuses bad input and changes nothing', async () => {
      const before = await activeIds(server);
      const [x] = before;
      assert.equal((await vigil('alerts', 'dismiss', x!)).code, 2, 'no reason');
      assert.equal((await vigil('alerts', 'dismiss', x!, '-d', 'BECAUSE')).code, 2, 'bad reason');
      assert.equal((await vigil('alerts', 'dismiss', '-d', 'OTHER')).code, 2, 'nothing to dismiss');
      assert.equal((await vigil('alerts', 'dismiss', '-d', 'OTHER', '--from', '2024-01-01T00:00:00Z')).code, 2, 'no --until');
      assert.equal((await vigil('alerts', 'dismiss', x!, '-d', 'OTHER', '--from', '2024-01-01T00:00:00Z', '--until', '2024-01-02T00:00:00Z')).code, 2, 'both');
      assert.equal((await vigil('alerts', 'dismiss', '-i', join(dir.path, 'missing.txt'), '-d', 'OTHER')).code, 2, 'missing file');
      const unknown = await vigil('alerts', 'dismiss', x!, 'no-such-alert', '-d', 'OTHER');
      assert.equal(unknown.code, 4, unknown.err);
      assert.deepEqual(await activeIds(server), before);
    });

    it('alerts dismiss by parameters: --from --until with --severity', async () => {
      const all = (await server.request('GET', '/v2/alerts?status=active')).json.alerts;
      const target = all[0];
      const from = new Date(Date.parse(target.createdAt) - 1).toISOString();
      const until = new Date(Date.parse(target.createdAt) + 1).toISOString();
      const expected = await activeIds(server, `&severity=${target.severity}&from=${from}&until=${until}`);
      assert.ok(expected.includes(target.id));
      const r = await vigil('alerts', 'dismiss', '--from', from, '--until', until, '--severity', String(target.severity), '-d', 'MAINTENANCE', '--format', 'table');
      assert.equal(r.code, 0, r.err);
      assert.equal(r.out, `Dismissed ${expected.length} alert(s).\n`);
      assert.equal((await server.request('GET', `/v2/alerts/${target.id}`)).json.dismissReason, 'MAINTENANCE');
    });

    it('rulesets create, show, update, delete; a duplicate name exits 7 and an unknown id 4', async () => {
      const created = await vigil('rulesets', 'create', '--name', `CLI set ${dialect}`, '--description', 'first', '--format', 'json');
      assert.equal(created.code, 0, created.err);
      const rs = jsonOut(created);
      assert.deepEqual(jsonOut(await vigil('rulesets', 'show', rs.id)), (await server.request('GET', `/v2/rulesets/${rs.id}`)).json);
      const dupe = await vigil('rulesets', 'create', '--name', `cli SET ${dialect}`);
      assert.ok(dupe.code === 7, dupe.err);
      const upd = await vigil('rulesets', 'update', rs.id, '--description', 'second', '--format', 'json');
      assert.equal(upd.code, 0, upd.err);
      assert.equal(jsonOut(upd).name, `CLI set ${dialect}`);
      assert.equal(jsonOut(upd).description, 'second');
      assert.equal((await vigil('rulesets', 'update', rs.id)).code, 2, 'nothing to change');
      const list = jsonOut(await vigil('rulesets', 'list'));
      assert.ok(list.some((r: any) => r.id === rs.id));
      const del = await vigil('rulesets', 'delete', rs.id);
      assert.equal(del.code, 0, del.err);
      assert.equal((await server.request('GET', `/v2/rulesets/${rs.id}`)).status, 404);
      assert.equal((await vigil('rulesets', 'delete', rs.id)).code, 4);
    });

    it('rules create, show, update, tags, delete, with bad bodies refused', async () => {
      const rs = jsonOut(await vigil('rulesets', 'create', '--name', `Rules ${dialect}`));
      const ruleFile = join(dir.path, 'rule.yaml');
      writeFileSync(ruleFile, `name: ${HOST_RULE.name}\ntype: Host\ntitle: "${HOST_RULE.title}"\nseverityOfAlerts: 1\nalertDescription: ${HOST_RULE.alertDescription}\nfilter: '${HOST_RULE.filter}'\ntags:\n  inclusion:\n    - { source: ec2, key: Role, value: web }\n`);
      const created = await vigil('rules', 'create', rs.id, '--file', ruleFile, '--format', 'json');
      assert.equal(created.code, 0, created.err);
      const rule = jsonOut(created);
      assert.equal(rule.name, HOST_RULE.name);
      const tags = jsonOut(await vigil('rules', 'tags', rule.id));
      assert.deepEqual(tags.inclusion, [{ source: 'ec2', key: 'Role', value: 'web' }]);
      assert.deepEqual(jsonOut(await vigil('rules', 'show', rs.id, rule.id)), (await server.request('GET', `/v2/rulesets/${rs.id}/rules/${rule.id}`)).json);
      const upd = await vigil('rules', 'update', rs.id, rule.id, '--data', JSON.stringify({ ...HOST_RULE, severityOfAlerts: 2 }));
      assert.equal(upd.code, 0, upd.err);
      assert.equal(jsonOut(upd).severityOfAlerts, 2);
      const badFilter = await vigil('rules', 'update', rs.id, rule.id, '--data', JSON.stringify({ ...HOST_RULE, filter: 'event_type = = 1' }));
      assert.equal(badFilter.code, 7, badFilter.err);
      assert.equal((await server.request('GET', `/v2/rulesets/${rs.id}/rules/${rule.id}`)).json.severityOfAlerts, 2, 'unchanged');
      assert.equal((await vigil('rules', 'create', rs.id)).code, 2, 'no body');
      assert.equal((await vigil('rules', 'create', rs.id, '--data', '[1]')).code, 2, 'not an object');
      const setTags = await vigil('rules', 'set-tags', rule.id, '--exclusion', '[{"key":"env","value":"dev"}]');
      assert.equal(setTags.code, 0, setTags.err);
      const after = (await server.request('GET', `/v2/rules/${rule.id}/tags`)).json;
      assert.deepEqual(after.inclusion, []);
      assert.equal(after.exclusion[0].key, 'env');
      assert.equal((await vigil('rules', 'list', rs.id)).code, 0);
      assert.equal((await vigil('rules', 'delete', rs.id, rule.id)).code, 0);
      assert.equal((await vigil('rules', 'show', rs.id, rule.id)).code, 4);
    });

    it('rulesets export → YAML → import round-trips a ruleset with its rules and tags, by name', async () => {
      const rs = jsonOut(await vigil('rulesets', 'create', '--name', `Roundtrip ${dialect}`, '--description', 'kept in git'));
      const rule = jsonOut(await vigil('rules', 'create', rs.id, '--data', JSON.stringify(HOST_RULE)));
      await vigil('rules', 'set-tags', rule.id, '--inclusion', '[{"source":"ec2","key":"Role","value":"web"}]');
      const file = join(dir.path, 'ruleset.yaml');
      const exp = await vigil('rulesets', 'export', rs.id, '--file', file);
      assert.equal(exp.code, 0, exp.err);
      const doc = parseYaml(readFileSync(file, 'utf8'));
      assert.equal(doc.name, `Roundtrip ${dialect}`);
      assert.equal(doc.rules.length, 1);
      for (const k of ['id', 'rulesetId', 'createdAt', 'updatedAt']) assert.ok(!(k in doc.rules[0]), `no ${k}`);
      assert.deepEqual(doc.rules[0].tags.inclusion, [{ source: 'ec2', key: 'Role', value: 'web' }]);

      // import under a new name creates a copy with the same rule content
      writeFileSync(file, readFileSync(file, 'utf8').replace(`name: Roundtrip ${dialect}`, `name: Copy ${dialect}`));
      const imp = await vigil('rulesets', 'import', file, '--format', 'table');
      assert.equal(imp.code, 0, imp.err);
      assert.match(imp.out, /Created ruleset "Copy .*: 1 rule\(s\) created, 0 updated/);
      const sets = jsonOut(await vigil('rulesets', 'list'));
      const copy = sets.find((s: any) => s.name === `Copy ${dialect}`);
      const copyRules = (await server.request('GET', `/v2/rulesets/${copy.id}/rules`)).json.rules;
      assert.equal(copyRules.length, 1);
      const strip = ({ id, rulesetId, createdAt, updatedAt, ...rest }: any) => rest;
      assert.deepEqual(strip(copyRules[0]), strip((await server.request('GET', `/v2/rulesets/${rs.id}/rules/${rule.id}`)).json));
      assert.deepEqual((await server.request('GET', `/v2/rules/${copyRules[0].id}/tags`)).json.inclusion, [{ source: 'ec2', key: 'Role', value: 'web' }]);

      // importing again updates by name instead of duplicating
      const again = await vigil('rulesets', 'import', file, '--format', 'table');
      assert.match(again.out, /Updated ruleset .*: 0 rule\(s\) created, 1 updated/);
      assert.equal((await server.request('GET', `/v2/rulesets/${copy.id}/rules`)).json.rules.length, 1);

      // single rule export/import
      const ruleFile = join(dir.path, 'one-rule.yaml');
      assert.equal((await vigil('rules', 'export', rs.id, rule.id, '--file', ruleFile)).code, 0);
      writeFileSync(ruleFile, readFileSync(ruleFile, 'utf8').replace(HOST_RULE.name, 'Second rule'));
      const ri = await vigil('rules', 'import', rs.id, ruleFile, '--format', 'table');
      assert.equal(ri.code, 0, ri.err);
      assert.match(ri.out, /1 rule\(s\) created, 0 updated/);

      // a broken file changes nothing
      const bad = join(dir.path, 'bad.yaml');
      writeFileSync(bad, 'name: [unclosed\n');
      assert.equal((await vigil('rulesets', 'import', bad)).code, 2);
      writeFileSync(bad, 'description: no name\n');
      assert.equal((await vigil('rulesets', 'import', bad)).code, 2);
      assert.equal(jsonOut(await vigil('rulesets', 'list')).length, sets.length);
    });

    it('webhooks create, list, show, update, disable, enable, test, rotate-secret, deliveries, delete', async () => {
      const created = await vigil('webhooks', 'create', '--url', receiverUrl, '--description', 'cli', '--min-severity', '2', '--format', 'json');
      assert.equal(created.code, 0, created.err);
      const hook = jsonOut(created);
      assert.match(hook.secret, /^whsec_/);
      assert.deepEqual(jsonOut(await vigil('webhooks', 'list')), (await server.request('GET', '/v2/integrations/webhooks')).json.webhooks);
      assert.equal(jsonOut(await vigil('webhooks', 'show', hook.id)).url, receiverUrl);
      assert.equal(jsonOut(await vigil('webhooks', 'update', hook.id, '--description', 'changed')).description, 'changed');
      assert.equal((await vigil('webhooks', 'update', hook.id)).code, 2, 'nothing to change');
      assert.equal((await vigil('webhooks', 'update', hook.id, '--min-severity', '9')).code, 2);
      assert.equal(jsonOut(await vigil('webhooks', 'disable', hook.id)).enabled, false);
      assert.equal(jsonOut(await vigil('webhooks', 'enable', hook.id)).enabled, true);
      const test = await vigil('webhooks', 'test', hook.id);
      assert.equal(test.code, 0, test.err);
      assert.equal(jsonOut(test).success, true);
      const rotated = jsonOut(await vigil('webhooks', 'rotate-secret', hook.id));
      assert.notEqual(rotated.secret, hook.secret);
      assert.equal((await vigil('webhooks', 'deliveries', hook.id)).code, 0);
      assert.equal((await vigil('webhooks', 'redeliver', 'no-such-delivery')).code, 4);
      assert.equal((await vigil('webhooks', 'create', '--url', 'ftp://x')).code, 7);
      assert.equal((await vigil('webhooks', 'delete', hook.id)).code, 0);
      assert.equal((await vigil('webhooks', 'show', hook.id)).code, 4);
    });
  });
}
