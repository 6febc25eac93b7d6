/**
 * `vigil intel events|adversaries|attachments|relations|import|taxii|clients|whitelist …` (run in-process,
 * see helpers/intel-cli.ts) against a real server on both databases: every subcommand end to end with
 * json, table and csv output, and the exit codes of bad input — unknown ids 4, wrong flags and malformed
 * arguments 2, refused bodies 7, a reader's writes 3 — each changing nothing. intel-process.test.ts runs
 * the real `vigil` binary.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '@vigil/store/testing';
import { otherOrganization, PASSWORD, startThreatq, type ThreatqServer } from '@vigil/server/testing/threatq';
import { jsonOut, tempDir } from './helpers/client-cli.js';
import { runIntel } from './helpers/intel-cli.js';

for (const dialect of DIALECTS) {
  describe(`vigil intel objects (${dialect})`, () => {
    let t: ThreatqServer;
    let dir: ReturnType<typeof tempDir>;
    let env: Record<string, string>;
    let readerEnv: Record<string, string>;
    const intel = (...args: string[]) => runIntel(args, env);
    const json = async (...args: string[]) => {
      const r = await intel(...args, '--format', 'json');
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.err}`);
      return jsonOut(r);
    };
    const total = async (path: string) => (await t.tq('GET', path, { token: await t.login() })).json.total as number;

    before(async () => {
      t = await startThreatq(dialect, { threatq: { attachmentMaxBytes: 4096 } });
      dir = tempDir('vigil-intel-objects-');
      env = { VIGIL_INTEL_URL: t.server.url, VIGIL_INTEL_EMAIL: t.email, VIGIL_INTEL_PASSWORD: PASSWORD, VIGIL_INTEL_CLIENT_ID: t.clientId };
      const store = t.server.store;
      const reader = await store.users.create({ email: `reader-${randomBytes(4).toString('hex')}@example.com`, displayName: 'Reader' });
      await store.memberships.upsert(t.server.creds.orgId, reader.id, 'reader');
      await store.passwords.set(reader.id, PASSWORD);
      readerEnv = { ...env, VIGIL_INTEL_EMAIL: reader.email };
    });
    after(async () => {
      await t.close();
      dir.remove();
    });

    it('adds, lists, shows, updates and deletes events, with context; lists the types', async () => {
      assert.equal((await json('events', 'types')).length, 14);
      const event = await json('events', 'add', '--title', 'Phishing wave', '--type', 'Spearphish', '--happened-at', '2026-11-30 08:00:00', '--source', 'SOC', '--tlp', 'AMBER', '--tag', 'q4');
      assert.equal(event.type.name, 'Spearphish');
      assert.deepEqual(event.tags.map((x: any) => x.name), ['q4']);
      assert.equal(event.sources[0].tlp_id, 2);
      await json('events', 'add', '--title', 'Beacon', '--type', '5');
      const custom = await json('events', 'add-type', 'Tabletop exercise');
      assert.equal((await json('events', 'add', '--title', 'Drill', '--type', 'Tabletop exercise')).type_id, custom.id);
      assert.equal((await intel('events', 'add-type', 'malware')).code, 7, 'a taken name is a conflict');

      const table = await intel('events', 'list', '--format', 'table');
      assert.match(table.out, /^ID\s+TITLE\s+TYPE\s+HAPPENED_AT/);
      assert.match(table.out, /Phishing wave\s+Spearphish\s+2026-11-30 08:00:00/);
      assert.deepEqual((await json('events', 'list', '--type', 'Malware')).map((e: any) => e.title), ['Beacon']);
      const csv = await intel('events', 'list', '--sort', 'id', '--format', 'csv');
      assert.match(csv.out, /^id,title,type_id,happened_at/);
      assert.equal(csv.out.trim().split('\r\n').length, 4);
      assert.equal((await json('events', 'list', '--limit', '1')).length, 1);

      const updated = await json('events', 'update', String(event.id), '--description', 'contained', '--comment', 'closed by IR', '--attribute', 'Severity=high');
      assert.equal(updated.description, 'contained');
      const shown = await json('events', 'show', String(event.id));
      assert.deepEqual(shown.comments.map((c: any) => c.value), ['closed by IR']);
      assert.deepEqual(shown.attributes.map((a: any) => [a.name, a.value]), [['Severity', 'high']]);

      const deleted = await intel('events', 'delete', String(event.id), '--format', 'table');
      assert.equal(deleted.code, 0, deleted.err);
      assert.match(deleted.out, /Deleted event/);
      assert.equal((await intel('events', 'show', String(event.id))).code, 4);
    });

    it('refuses bad event and adversary input with exit codes, changing nothing', async () => {
      const events = await total('/api/events');
      assert.equal((await intel('events', 'add', '--title', 'x', '--type', 'Nonsense')).code, 7);
      assert.equal((await intel('events', 'add', '--title', 'x')).code, 2, 'missing --type');
      assert.equal((await intel('events', 'add', '--title', 'x', '--type', 'Malware', '--colour', 'red')).code, 2, 'unknown flag');
      assert.equal((await intel('events', 'add', '--title', 'x', '--type', 'Malware', '--attribute', 'novalue')).code, 2);
      assert.equal((await intel('events', 'add', '--title', 'x', '--type', 'Malware', '--tlp', 'RED')).code, 2, '--tlp without --source');
      assert.equal((await intel('events', 'show', 'abc')).code, 2);
      assert.equal((await intel('events', 'show', '999999')).code, 4);
      assert.equal((await intel('events', 'update', '999999', '--title', 'y')).code, 4);
      assert.equal((await intel('events', 'update', '1')).code, 2, 'nothing to change');
      assert.equal((await intel('events', 'delete', '999999')).code, 4);
      assert.equal((await intel('events', 'list', '--limit', '0')).code, 2);
      assert.equal((await intel('events', 'list', '--sort', 'colour')).code, 7);
      assert.equal((await runIntel(['events', 'add', '--title', 'r', '--type', 'Malware'], readerEnv)).code, 3);
      assert.equal(await total('/api/events'), events);

      const apt = await json('adversaries', 'add', 'APT 99', '--description', 'seen in Q3', '--source', 'Vendor');
      const outsider = await otherOrganization(t);
      assert.equal((await t.tq('GET', `/api/adversaries/${apt.id}`, { token: outsider.token })).status, 404);
      assert.equal((await intel('adversaries', 'show', '999999')).code, 4);
      assert.equal((await intel('adversaries', 'update', String(apt.id), '--nme', 'typo')).code, 2);
      assert.equal((await runIntel(['adversaries', 'delete', String(apt.id)], readerEnv)).code, 3);
      assert.equal((await json('adversaries', 'show', String(apt.id))).name, 'APT 99');
    });

    it('manages adversaries: upsert by name, rename conflict, delete', async () => {
      const a = await json('adversaries', 'add', 'FIN 7', '--tag', 'finance');
      const again = await json('adversaries', 'add', 'fin 7', '--comment', 'again');
      assert.equal(again.id, a.id);
      const b = await json('adversaries', 'add', 'FIN 8');
      assert.deepEqual((await json('adversaries', 'list', '--name', 'fin 8')).map((x: any) => x.id), [b.id]);
      const renamed = await json('adversaries', 'update', String(b.id), '--name', 'FIN 8 (renamed)', '--attribute', 'Motivation=money');
      assert.equal(renamed.name, 'FIN 8 (renamed)');
      const conflict = await intel('adversaries', 'update', String(b.id), '--name', 'FIN 7');
      assert.equal(conflict.code, 7, conflict.err);
      assert.match(conflict.err, /already been taken/);
      const shown = await json('adversaries', 'show', String(a.id));
      assert.deepEqual(shown.tags.map((x: any) => x.name), ['finance']);
      assert.deepEqual(shown.comments.map((x: any) => x.value), ['again']);
      assert.match((await intel('adversaries', 'list', '--format', 'table')).out, /FIN 8 \(renamed\)/);
      assert.equal((await intel('adversaries', 'delete', String(b.id))).code, 0);
      assert.equal((await intel('adversaries', 'show', String(b.id))).code, 4);
    });

    it('uploads, lists, shows, updates, downloads and deletes attachments', async () => {
      assert.ok((await json('attachments', 'types')).some((x: any) => x.name === 'Malware Sample'));
      const sample = join(dir.path, 'sample.bin');
      const bytes = Buffer.concat([Buffer.from([0, 255, 10, 13]), randomBytes(500)]);
      writeFileSync(sample, bytes);
      const file = await json('attachments', 'upload', sample, '--type', 'Malware Sample', '--title', 'Dropper', '--malware-locked');
      assert.equal(file.name, 'sample.bin');
      assert.equal(file.malware_locked, 1);
      assert.equal(file.file_size, bytes.length);

      const out = join(dir.path, 'downloaded.bin');
      const downloaded = await intel('attachments', 'download', String(file.id), '--output', out);
      assert.equal(downloaded.code, 0, downloaded.err);
      assert.ok(readFileSync(out).equals(bytes));
      assert.match(downloaded.err, /marked as malware/);
      const piped = await intel('attachments', 'download', String(file.id));
      assert.equal(piped.code, 0, piped.err);
      assert.equal(piped.out, bytes.toString(), 'stdout carries the file');

      const updated = await json('attachments', 'update', String(file.id), '--no-malware-locked', '--type', 'PCAP', '--name', 'capture.pcap');
      assert.equal(updated.malware_locked, 0);
      assert.equal(updated.type.name, 'PCAP');
      assert.equal((await json('attachments', 'show', String(file.id))).name, 'capture.pcap');
      assert.match((await intel('attachments', 'list', '--format', 'table')).out, /capture\.pcap\s+PCAP\s+504\s+0/);

      const chunked = await json('attachments', 'upload', sample, '--type', 'PCAP', '--name', 'chunked.bin', '--chunk-bytes', '100');
      assert.equal(chunked.file_size, bytes.length);
      const chunkedOut = join(dir.path, 'chunked-out.bin');
      assert.equal((await intel('attachments', 'download', String(chunked.id), '--output', chunkedOut)).code, 0);
      assert.ok(readFileSync(chunkedOut).equals(bytes));
      assert.equal((await intel('attachments', 'delete', String(chunked.id))).code, 0);
      assert.equal((await intel('attachments', 'upload', sample, '--type', 'PCAP', '--chunk-bytes', '0')).code, 2);

      const files = await total('/api/attachments');
      const big = join(dir.path, 'big.bin');
      writeFileSync(big, Buffer.alloc(5000));
      assert.equal((await intel('attachments', 'upload', big, '--type', 'PCAP')).code, 7, 'over the size limit');
      assert.equal((await intel('attachments', 'upload', sample, '--type', 'Nonsense')).code, 7);
      assert.equal((await intel('attachments', 'upload', sample)).code, 2, 'missing --type');
      assert.equal((await intel('attachments', 'upload', join(dir.path, 'missing.bin'), '--type', 'PCAP')).code, 2);
      assert.equal((await runIntel(['attachments', 'upload', sample, '--type', 'PCAP'], readerEnv)).code, 3);
      assert.equal(await total('/api/attachments'), files);
      assert.equal((await intel('attachments', 'download', '999999', '--output', out)).code, 4);
      assert.equal((await intel('attachments', 'update', String(file.id))).code, 2);

      assert.equal((await intel('attachments', 'delete', String(file.id))).code, 0);
      assert.equal((await intel('attachments', 'show', String(file.id))).code, 4);
    });

    it('links, lists and unlinks relations', async () => {
      const ind = await json('indicators', 'add', 'rel-cli.example');
      const event = await json('events', 'add', '--title', 'Related', '--type', 'Incident');
      const adv = await json('adversaries', 'add', 'Rel CLI');
      const linked = await json('relations', 'link', 'indicators', String(ind.id), 'adversaries', String(adv.id));
      assert.deepEqual(linked.map((a: any) => a.name), ['Rel CLI']);
      assert.equal((await intel('relations', 'link', 'event', String(event.id), 'indicator', String(ind.id))).code, 0, 'singular kinds');
      assert.deepEqual((await json('relations', 'list', 'adversaries', String(adv.id), 'indicators')).map((i: any) => i.value), ['rel-cli.example']);
      const table = await intel('relations', 'list', 'indicators', String(ind.id), 'events', '--format', 'table');
      assert.match(table.out, /^ID\s+PIVOT\s+LABEL/);
      assert.match(table.out, /Related/);

      assert.equal((await intel('relations', 'link', 'indicators', String(ind.id), 'adversaries', '999999')).code, 4);
      assert.equal((await intel('relations', 'link', 'widgets', String(ind.id), 'adversaries', String(adv.id))).code, 2);
      assert.equal((await intel('relations', 'link', 'indicators', String(ind.id), 'adversaries')).code, 2, 'missing ids');
      assert.equal((await intel('relations', 'list', 'indicators', '999999', 'events')).code, 4);
      assert.equal((await runIntel(['relations', 'unlink', 'indicators', String(ind.id), 'events', String(event.id)], readerEnv)).code, 3);

      const unlinked = await intel('relations', 'unlink', 'indicators', String(ind.id), 'events', String(event.id), '--format', 'table');
      assert.equal(unlinked.code, 0, unlinked.err);
      assert.match(unlinked.out, /Unlinked events/);
      assert.equal((await intel('relations', 'unlink', 'indicators', String(ind.id), 'events', String(event.id))).code, 4);
      assert.deepEqual(await json('relations', 'list', 'events', String(event.id), 'indicators'), []);
      assert.equal((await json('relations', 'list', 'indicators', String(ind.id), 'adversaries')).length, 1);
    });

    it('imports text and STIX bundles', async () => {
      const notes = join(dir.path, 'notes.txt');
      writeFileSync(notes, 'Seen 203.0.113.90 and hxxps://cli-import[.]example/x');
      const text = await json('import', 'text', notes, '--source', 'Notes', '--status', 'Active', '--tag', 'ir');
      assert.equal(text.found, 2);
      assert.equal(text.created, 2);
      const table = await intel('import', 'text', notes, '--format', 'table');
      assert.match(table.out, /Found 2: 0 new, 2 already known/);

      const bundleFile = join(dir.path, 'bundle.json');
      writeFileSync(
        bundleFile,
        JSON.stringify({
          type: 'bundle',
          id: 'bundle--7f1c1f58-7c3c-4b59-9a8f-3d3d6d5b0d11',
          objects: [
            { type: 'indicator', spec_version: '2.1', id: 'indicator--3d5b1d1c-1a1c-4b1c-9b1c-1c1c1c1c1c1c', created: '2026-11-01T00:00:00.000Z', modified: '2026-11-01T00:00:00.000Z', pattern: "[domain-name:value = 'cli-stix.example']", pattern_type: 'stix', valid_from: '2026-11-01T00:00:00Z' },
            { type: 'identity', spec_version: '2.1', id: 'identity--4d5b1d1c-1a1c-4b1c-9b1c-1c1c1c1c1c1c', created: '2026-11-01T00:00:00.000Z', modified: '2026-11-01T00:00:00.000Z', name: 'x' },
          ],
        }),
      );
      const stix = await json('import', 'stix', bundleFile, '--source', 'Partner');
      assert.deepEqual(stix.data.map((i: any) => i.value), ['cli-stix.example']);
      assert.equal(stix.skipped.length, 1);
      const stixTable = await intel('import', 'stix', bundleFile, '--format', 'table');
      assert.match(stixTable.out, /Stored 1 indicator\(s\) and 0 adversary\(ies\); skipped 1 object/);
      assert.match(stixTable.err, /skipped identity--/);

      const staged = join(dir.path, 'staged.txt');
      writeFileSync(staged, 'Staged: 198.51.100.71 and hxxp://staged-cli[.]example/a');
      const job = await json('import', 'stage', staged, '--source', 'Staged CLI', '--status', 'Active');
      assert.equal(job.indicator_count, 2);
      assert.deepEqual((await json('import', 'pending', String(job.id))).map((i: any) => i.value).sort(), ['198.51.100.71', 'http://staged-cli.example/a']);
      assert.equal(await total('/api/indicators?value=198.51.100.71'), 0, 'nothing stored before the commit');
      const committed = await intel('import', 'commit', String(job.id), '--format', 'table');
      assert.equal(committed.code, 0, committed.err);
      assert.match(committed.out, /Committed import \d+: found 2, 2 new, 0 already known/);
      assert.equal(await total('/api/indicators?value=198.51.100.71'), 1);
      assert.equal((await intel('import', 'commit', String(job.id))).code, 7, 'committing twice is a conflict');
      const other = await json('import', 'stage', staged);
      assert.equal((await intel('import', 'discard', String(other.id))).code, 0);
      assert.equal((await intel('import', 'pending', String(other.id))).code, 4);
      assert.equal((await intel('import', 'stage')).code, 2, 'neither a file nor --attachment');
      assert.equal((await intel('import', 'stage', staged, '--attachment', '3')).code, 2, 'both');
      assert.equal((await intel('import', 'stage', '--attachment', '999999')).code, 4);

      const bad = join(dir.path, 'bad.json');
      writeFileSync(bad, '{"type": "bundle"');
      assert.equal((await intel('import', 'stix', bad)).code, 2);
      writeFileSync(bad, '{"type": "not-a-bundle"}');
      assert.equal((await intel('import', 'stix', bad)).code, 7);
      assert.equal((await intel('import', 'text', join(dir.path, 'missing.txt'))).code, 2);
      assert.equal((await runIntel(['import', 'text', notes], readerEnv)).code, 3);
    });

    it('manages TAXII collections, OAuth clients (as "clients") and the whitelist', async () => {
      const collection = await json('taxii', 'create', '--title', 'Active FQDNs', '--type', 'FQDN', '--status', 'Active');
      assert.match(collection.url, /^\/taxii2\/.+\/collections\/.+\/$/);
      assert.deepEqual((await json('taxii', 'list')).map((c: any) => c.id), [collection.id]);
      assert.equal((await json('taxii', 'update', collection.id, '--can-write')).can_write, true);
      assert.equal((await intel('taxii', 'update', collection.id)).code, 2, 'neither --can-write nor --no-can-write');
      assert.equal((await runIntel(['taxii', 'update', collection.id, '--no-can-write'], readerEnv)).code, 3);
      assert.equal((await json('taxii', 'list'))[0].can_write, true);
      assert.equal((await intel('taxii', 'create', '--title', 'bad', '--type', 'Nonsense')).code, 7);
      assert.equal((await intel('taxii', 'create')).code, 2, 'missing --title');
      assert.equal((await runIntel(['taxii', 'create', '--title', 'r'], readerEnv)).code, 3);
      assert.equal((await intel('taxii', 'delete', collection.id)).code, 0);
      assert.equal((await intel('taxii', 'delete', collection.id)).code, 4);
      assert.equal((await intel('taxii', 'delete', 'not-a-uuid')).code, 7);
      assert.deepEqual(await json('taxii', 'list'), []);

      const client = await json('clients', 'create', '--name', 'Alias test');
      assert.ok(client.client_secret);
      assert.ok((await json('clients', 'list')).some((c: any) => c.client_id === client.client_id));
      assert.equal((await intel('clients', 'revoke', client.client_id)).code, 0);

      const added = await intel('whitelist', 'add', '10.0.0.0/8', 'cdn-cli.example', '--note', 'ours', '--format', 'table');
      assert.equal(added.code, 0, added.err);
      assert.match(added.out, /Whitelisted 2 value\(s\)/);
      const entries = await json('whitelist', 'list');
      assert.deepEqual(entries.map((e: any) => e.kind), ['cidr', 'value']);
      const checked = await json('whitelist', 'check', '10.9.9.9', 'evil.example');
      assert.deepEqual(checked, [{ value: '10.9.9.9', whitelisted: true }, { value: 'evil.example', whitelisted: false }]);
      assert.equal((await intel('whitelist', 'add', 'not-an-ip', '--type', 'IP Address')).code, 7);
      assert.equal((await intel('whitelist', 'add')).code, 2);
      assert.equal((await runIntel(['whitelist', 'add', '192.0.2.1'], readerEnv)).code, 3);
      assert.equal((await intel('whitelist', 'remove', String(entries[0].id))).code, 0);
      assert.equal((await intel('whitelist', 'remove', String(entries[0].id))).code, 4);
      assert.deepEqual((await json('whitelist', 'list')).map((e: any) => e.value), ['cdn-cli.example']);
    });
  });
}
