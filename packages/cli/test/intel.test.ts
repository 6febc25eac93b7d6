/**
 * `vigil intel …` (run in-process, see helpers/intel-cli.ts) against a real server on both databases:
 * indicators from flags and files (JSON, NDJSON, CSV), vocabularies, OAuth clients, exit codes for bad
 * input, unknown and other organizations' ids and refused credentials, and no password, secret or token
 * in any output. intel-process.test.ts runs the real `vigil` binary.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '@vigil/store/testing';
import { otherOrganization, PASSWORD, startThreatq, type ThreatqServer } from '@vigil/server/testing/threatq';
import { jsonOut, tempDir } from './helpers/client-cli.js';
import { runIntel } from './helpers/intel-cli.js';

for (const dialect of DIALECTS) {
  describe(`vigil intel (${dialect})`, () => {
    let t: ThreatqServer;
    let dir: ReturnType<typeof tempDir>;
    let env: Record<string, string>;
    const intel = (...args: string[]) => runIntel(args, env);
    const count = async (value: string) => {
      const token = await t.login();
      return (await t.tq('GET', `/api/indicators?value=${encodeURIComponent(value)}`, { token })).json.total as number;
    };

    before(async () => {
      t = await startThreatq(dialect);
      dir = tempDir('vigil-intel-');
      env = { VIGIL_INTEL_URL: t.server.url, VIGIL_INTEL_EMAIL: t.email, VIGIL_INTEL_PASSWORD: PASSWORD, VIGIL_INTEL_CLIENT_ID: t.clientId };
    });
    after(async () => {
      await t.close();
      dir.remove();
    });

    it('lists the types and statuses', async () => {
      const types = await intel('indicators', 'types', '--format', 'json');
      assert.equal(types.code, 0, types.err);
      assert.equal(jsonOut(types).length, 34);
      const statuses = await intel('indicators', 'statuses', '--format', 'csv');
      assert.equal(statuses.code, 0, statuses.err);
      assert.match(statuses.out, /^id,name,description\r\n/);
      assert.match(statuses.out, /Whitelisted/);
    });

    it('adds (type detected), lists, shows, updates and deletes an indicator', async () => {
      const added = await intel('indicators', 'add', 'hxxp://bad[.]example/x', '--source', 'Feed', '--tlp', 'AMBER', '--tag', 'phish', '--attribute', 'Note=seen twice', '--format', 'json');
      assert.equal(added.code, 0, added.err);
      const indicator = jsonOut(added);
      assert.equal(indicator.value, 'http://bad.example/x');
      assert.equal(indicator.type.name, 'URL');
      assert.deepEqual(indicator.tags.map((x: any) => x.name), ['phish']);

      const listed = await intel('indicators', 'list', '--type', 'URL', '--format', 'json');
      assert.equal(listed.code, 0, listed.err);
      assert.deepEqual(jsonOut(listed).map((i: any) => i.value), ['http://bad.example/x']);
      const table = await intel('indicators', 'list', '--format', 'table');
      assert.match(table.out, /http:\/\/bad\.example\/x\s+URL\s+Review/);

      const shown = await intel('indicators', 'show', String(indicator.id), '--format', 'json');
      assert.equal(jsonOut(shown).attributes[0].value, 'seen twice');
      const updated = await intel('indicators', 'update', String(indicator.id), '--status', 'Active', '--description', 'phishing kit', '--format', 'json');
      assert.equal(updated.code, 0, updated.err);
      assert.equal(jsonOut(updated).status.name, 'Active');
      assert.equal(jsonOut(updated).description, 'phishing kit');

      const deleted = await intel('indicators', 'delete', String(indicator.id), '--format', 'table');
      assert.equal(deleted.code, 0, deleted.err);
      assert.match(deleted.out, /Deleted indicator/);
      assert.equal((await intel('indicators', 'show', String(indicator.id))).code, 4);
    });

    it('refuses bad input with exit codes and changes nothing', async () => {
      const invalid = await intel('indicators', 'add', 'not-an-ip', '--type', 'IP Address');
      assert.equal(invalid.code, 7, invalid.err);
      assert.match(invalid.err, /not a valid IP Address/);
      assert.equal(await count('not-an-ip'), 0);
      assert.equal((await intel('indicators', 'add', 'just words here')).code, 2, 'type cannot be detected');
      assert.equal((await intel('indicators', 'add', '192.0.2.9', '--type', 'Nonsense')).code, 7);
      assert.equal(await count('192.0.2.9'), 0);
      assert.equal((await intel('indicators', 'show', 'abc')).code, 2);
      assert.equal((await intel('indicators', 'show', '999999')).code, 4);
      assert.equal((await intel('indicators', 'update', '1')).code, 2, 'nothing to change');
      assert.equal((await intel('indicators', 'list', '--limit', '0')).code, 2);
      assert.equal((await intel('indicators', 'list', '--sort', 'colour')).code, 7);

      const mine = jsonOut(await intel('indicators', 'add', '192.0.2.10', '--format', 'json'));
      const other = await otherOrganization(t);
      await t.server.store.passwords.set(other.userId, 'other password!');
      const otherEmail = (await t.server.store.users.get(other.userId))!.email;
      const outsider = (...args: string[]) =>
        runIntel(args, { ...env, VIGIL_INTEL_EMAIL: otherEmail, VIGIL_INTEL_PASSWORD: 'other password!', VIGIL_INTEL_CLIENT_ID: other.clientId });
      assert.equal((await outsider('indicators', 'show', String(mine.id))).code, 4);
      assert.equal((await outsider('indicators', 'update', String(mine.id), '--status', 'Active')).code, 4);
      assert.equal((await outsider('indicators', 'delete', String(mine.id))).code, 4);
      const still = jsonOut(await intel('indicators', 'show', String(mine.id), '--format', 'json'));
      assert.equal(still.status.name, 'Review');
    });

    it('consumes JSON, NDJSON and CSV files, in chunks', async () => {
      const json = join(dir.path, 'feed.json');
      writeFileSync(json, JSON.stringify([{ value: '198.51.100.1' }, { value: 'evil-one.example', type: 'FQDN', status: 'Active' }]));
      const r1 = await intel('indicators', 'consume', json, '--source', 'JSON feed', '--format', 'json');
      assert.equal(r1.code, 0, r1.err);
      assert.deepEqual(jsonOut(r1), { read: 2, stored: 2, requests: 1 });

      const ndjson = join(dir.path, 'feed.ndjson');
      writeFileSync(ndjson, ['{"value":"198.51.100.2"}', '', '{"value":"198.51.100.3","status":"Active"}', '{"value":"d41d8cd98f00b204e9800998ecf8427e"}'].join('\n'));
      const r2 = await intel('indicators', 'consume', ndjson, '--chunk-size', '2', '--format', 'json');
      assert.equal(r2.code, 0, r2.err);
      assert.deepEqual(jsonOut(r2), { read: 3, stored: 3, requests: 2 });
      assert.equal(await count('198.51.100.3'), 1);

      const csv = join(dir.path, 'feed.csv');
      writeFileSync(csv, 'value,type,status,sources,tags\r\n198.51.100.4,IP Address,Active,CSV feed;Other,"a;b"\r\nhxxps://c2[.]example/gate,,,CSV feed,\r\n');
      const r3 = await intel('indicators', 'consume', csv, '--format', 'json');
      assert.equal(r3.code, 0, r3.err);
      assert.deepEqual(jsonOut(r3), { read: 2, stored: 2, requests: 1 });
      const tagged = jsonOut(await intel('indicators', 'list', '--value', '198.51.100.4', '--with', 'sources,tags,status', '--format', 'json'))[0];
      assert.deepEqual(tagged.sources.map((s: any) => s.name).sort(), ['CSV feed', 'Other']);
      assert.deepEqual(tagged.tags.map((x: any) => x.name).sort(), ['a', 'b']);
      assert.equal(await count('https://c2.example/gate'), 1);

      const queryFile = join(dir.path, 'query.json');
      writeFileSync(queryFile, JSON.stringify({ criteria: { value: { '+contains': '198.51.100.' } } }));
      const queried = await intel('indicators', 'query', queryFile, '--all', '--format', 'json');
      assert.equal(queried.code, 0, queried.err);
      assert.deepEqual(jsonOut(queried).map((i: any) => i.value).sort(), ['198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4']);
      writeFileSync(queryFile, '{"criteria": {"colour": "red"}}');
      assert.equal((await intel('indicators', 'query', queryFile)).code, 7);
      writeFileSync(queryFile, '[1, 2]');
      assert.equal((await intel('indicators', 'query', queryFile)).code, 2);
    });

    it('refuses bad files before sending, and reports a refused chunk', async () => {
      const badCsv = join(dir.path, 'bad.csv');
      writeFileSync(badCsv, 'value,colour\n1.2.3.4,red\n');
      assert.equal((await intel('indicators', 'consume', badCsv)).code, 2);
      const badJson = join(dir.path, 'bad.json');
      writeFileSync(badJson, '[{"value": "203.0.113.50"}, {"value": 5}]');
      const r = await intel('indicators', 'consume', badJson);
      assert.equal(r.code, 2);
      assert.match(r.err, /item 2: value is required/);
      assert.equal(await count('203.0.113.50'), 0);
      assert.equal((await intel('indicators', 'consume', join(dir.path, 'missing.json'))).code, 2);

      const mixed = join(dir.path, 'mixed.json');
      writeFileSync(mixed, JSON.stringify([{ value: '203.0.113.1' }, { value: '203.0.113.2' }, { value: '203.0.113.3' }, { value: '203.0.113.999', type: 'IP Address' }]));
      const refused = await intel('indicators', 'consume', mixed, '--chunk-size', '2');
      assert.equal(refused.code, 7, refused.err);
      assert.match(refused.err, /2 indicator\(s\) were stored; the refused request began with item 3/);
      assert.equal(await count('203.0.113.1'), 1);
      assert.equal(await count('203.0.113.3'), 0);
    });

    it('imports free text and exports STIX and CSV', async () => {
      const notes = join(dir.path, 'notes.txt');
      writeFileSync(notes, 'The actor used 203.0.113.200 and hxxps://stage[.]example/p.exe last week.');
      const imported = await intel('import-text', notes, '--source', 'Notes', '--tag', 'report-7', '--format', 'json');
      assert.equal(imported.code, 0, imported.err);
      assert.equal(jsonOut(imported).found, 2);
      assert.equal(await count('203.0.113.200'), 1);
      const empty = join(dir.path, 'empty.txt');
      writeFileSync(empty, '  \n');
      assert.equal((await intel('import-text', empty)).code, 2);

      const stix = await intel('export', 'stix', '--value', '203.0.113.200');
      assert.equal(stix.code, 0, stix.err);
      const bundle = JSON.parse(stix.out);
      assert.equal(bundle.type, 'bundle');
      assert.ok(bundle.objects.some((o: any) => String(o.pattern ?? '').includes('203.0.113.200')));
      const csvFile = join(dir.path, 'out.csv');
      const csv = await intel('export', 'csv', '--type', 'IP Address', '--output', csvFile);
      assert.equal(csv.code, 0, csv.err);
      assert.match(readFileSync(csvFile, 'utf8'), /203\.0\.113\.200/);
      assert.equal((await intel('export', 'csv', '--type', 'Nonsense')).code, 7);
      assert.equal((await intel('export', 'stix', '--limit', '10001')).code, 2);
    });

    it('manages OAuth clients and logs in with client credentials', async () => {
      const created = await intel('oauth-clients', 'create', '--name', 'CLI test', '--format', 'json');
      assert.equal(created.code, 0, created.err);
      const { client_id: id, client_secret: secret } = jsonOut(created);
      const machineEnv = { VIGIL_INTEL_URL: t.server.url, VIGIL_INTEL_CLIENT_ID: id, VIGIL_INTEL_CLIENT_SECRET: secret };
      const asMachine = await runIntel(['indicators', 'statuses', '--format', 'json'], machineEnv);
      assert.equal(asMachine.code, 0, asMachine.err);
      const listed = jsonOut(await intel('oauth-clients', 'list', '--format', 'json'));
      assert.ok(listed.some((c: any) => c.client_id === id && !('client_secret' in c)));
      assert.equal((await intel('oauth-clients', 'revoke', id)).code, 0);
      assert.equal((await runIntel(['indicators', 'statuses'], machineEnv)).code, 3);
      assert.equal((await intel('oauth-clients', 'revoke', 'no-such-client')).code, 4);
    });

    it('exits 3 on refused credentials and 2 on missing ones, never printing secrets', async () => {
      const wrong = await runIntel(['indicators', 'types', '-v'], { ...env, VIGIL_INTEL_PASSWORD: 'wrong-password-xyz' });
      assert.equal(wrong.code, 3, wrong.err);
      assert.match(wrong.err, /VIGIL_INTEL_PASSWORD/);
      assert.ok(!(wrong.out + wrong.err).includes('wrong-password-xyz'));
      const badSecret = await runIntel(['indicators', 'types'], { VIGIL_INTEL_URL: t.server.url, VIGIL_INTEL_CLIENT_ID: t.clientId, VIGIL_INTEL_CLIENT_SECRET: 'not-the-secret-789' });
      assert.equal(badSecret.code, 3, badSecret.err);
      assert.ok(!(badSecret.out + badSecret.err).includes('not-the-secret-789'));
      const missing = await runIntel(['indicators', 'types'], { VIGIL_INTEL_URL: t.server.url });
      assert.equal(missing.code, 2, missing.err);

      const verbose = await intel('indicators', 'list', '-v', '--format', 'json');
      assert.equal(verbose.code, 0, verbose.err);
      assert.match(verbose.err, /POST \/api\/token → 200/);
      assert.ok(!(verbose.out + verbose.err).includes(PASSWORD));
      assert.ok(!/Bearer|access_token|refresh_token/.test(verbose.out + verbose.err));
    });
  });
}
