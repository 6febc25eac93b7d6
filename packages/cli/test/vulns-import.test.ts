/**
 * `vigil vulns import` against a real database: the shipped sample feed (OSV folder and Debian tracker),
 * an OSV zip, idempotent re-import, a withdrawn record, and malformed records refused with their reasons
 * while nothing of them is stored — on SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openStore, type Store } from '@vigil/store';
import { DIALECTS } from '@vigil/store/testing';
import { SAMPLE_FEED_DIR } from '@vigil/vulns';
import { sampleRecord as record, writeZip } from '@vigil/vulns/testing';
import { useCliDatabase } from './helpers/cli-database.js';

const OSV = join(SAMPLE_FEED_DIR, 'osv');
const TRACKER = join(SAMPLE_FEED_DIR, 'debian-tracker.json');

for (const dialect of DIALECTS) {
  describe(`vigil vulns import (${dialect})`, () => {
    const cli = useCliDatabase(dialect);
    const dir = mkdtempSync(join(tmpdir(), 'vigil-vulns-import-'));
    let store: Store;
    before(async () => {
      store = await openStore({ url: cli.url, secret: cli.secret });
    });
    after(async () => {
      await store?.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const json = async (...args: string[]) => {
      const run = await cli.vigil('vulns', 'import', ...args, '--json');
      return { ...run, results: run.out ? JSON.parse(run.out) : [] };
    };

    it('imports the sample feed, and a re-import changes nothing', async () => {
      const first = await json(OSV, TRACKER);
      assert.equal(first.code, 0, first.err);
      assert.deepEqual(
        first.results.map((r: any) => [r.format, r.read, r.inserted, r.updated, r.unchanged, r.withdrawn, r.refused]),
        [['osv-directory', 8, 8, 0, 0, 0, 0], ['debian-tracker', 10, 10, 0, 0, 0, 0]],
      );
      const stored = await store.advisories.get('DSA-5724-1');
      assert.deepEqual(stored?.cves, ['CVE-2024-6387']);
      assert.equal((await store.advisories.get('DEBIAN-TRACKER-CVE-2023-4911-glibc'))?.affected.length, 2);

      const again = await json(OSV, TRACKER);
      assert.equal(again.code, 0, again.err);
      assert.deepEqual(again.results.map((r: any) => [r.inserted, r.updated, r.unchanged]), [[0, 0, 8], [0, 0, 10]]);
      assert.equal(await store.advisories.count(), 18);
      assert.deepEqual(await store.advisories.get('DSA-5724-1'), stored);

      const table = await cli.vigil('vulns', 'import', OSV);
      assert.match(table.out, /FORMAT\s+READ\s+INSERTED\s+UPDATED\s+UNCHANGED\s+WITHDRAWN\s+REFUSED/);
      assert.match(table.out, /osv-directory\s+8\s+0\s+0\s+8\s+0\s+0/);
    });

    it('reads OSV’s zip; a withdrawn record updates the stored one', async () => {
      const zipPath = join(dir, 'all.zip');
      const withdrawn = { ...record('DSA-5523-1'), modified: '2024-02-01T00:00:00Z', withdrawn: '2024-02-01T00:00:00Z' };
      const entries: Record<string, string> = {};
      for (const file of readdirSync(OSV)) entries[file] = readFileSync(join(OSV, file), 'utf8');
      entries['DSA-5523-1.json'] = JSON.stringify(withdrawn);
      await writeZip(zipPath, entries);
      const run = await json(zipPath);
      assert.equal(run.code, 0, run.err);
      assert.deepEqual(run.results.map((r: any) => [r.format, r.read, r.inserted, r.updated, r.unchanged, r.withdrawn]), [['osv-zip', 8, 0, 1, 7, 1]]);
      assert.equal((await store.advisories.get('DSA-5523-1'))?.withdrawn, '2024-02-01T00:00:00Z');
    });

    it('refuses malformed records with their reasons and stores nothing of them', async () => {
      const before = await store.advisories.count();
      const bad = join(dir, 'bad');
      const good = record('DSA-5724-1');
      const broken = [
        ['no-introduced.json', { ...good, id: 'BAD-1', affected: [{ ...good.affected[0], ranges: [{ type: 'ECOSYSTEM', events: [{ fixed: '1' }] }] }] }],
        ['bad-vector.json', { ...good, id: 'BAD-2', severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N' }] }],
        ['no-modified.json', { ...good, id: 'BAD-3', modified: undefined }],
      ] as const;
      mkdirSync(bad);
      for (const [name, body] of broken) writeFileSync(join(bad, name), JSON.stringify(body));
      writeFileSync(join(bad, 'truncated.json'), '{"id": "BAD-4"');
      const run = await json(bad);
      assert.equal(run.code, 1, 'a feed with nothing readable fails');
      assert.deepEqual(run.results.map((r: any) => [r.read, r.refused]), [[0, 4]]);
      assert.match(run.err, /refused bad-vector\.json: severity\[0\]\.score: CVSS 3\.1 vector lacks AC/);
      assert.match(run.err, /refused no-introduced\.json: affected\[0\]\.ranges\[0\]\.events: a range needs an introduced event/);
      assert.match(run.err, /refused no-modified\.json: record: .*modified/);
      assert.match(run.err, /refused truncated\.json: not valid JSON/);
      assert.equal(await store.advisories.count(), before);
      for (const id of ['BAD-1', 'BAD-2', 'BAD-3', 'BAD-4']) assert.equal(await store.advisories.get(id), undefined, id);

      // Good records beside bad ones are imported; the run succeeds and still lists the refusals.
      writeFileSync(join(bad, 'DSA-3029-1.json'), JSON.stringify({ ...record('DSA-3029-1'), id: 'DSA-3029-9' }));
      const mixed = await json(bad);
      assert.equal(mixed.code, 0, mixed.err);
      assert.deepEqual(mixed.results.map((r: any) => [r.read, r.inserted, r.refused]), [[1, 1, 4]]);
    });

    it('fails on paths that hold no feed, naming them', async () => {
      const notJson = join(dir, 'notes.txt');
      writeFileSync(notJson, 'hello');
      const run = await cli.vigil('vulns', 'import', join(dir, 'missing'), notJson);
      assert.equal(run.code, 1);
      assert.match(run.err, /missing: cannot be read \(ENOENT\)/);
      assert.match(run.err, /notes\.txt: not valid JSON/);
      const none = await cli.vigil('vulns', 'import');
      assert.notEqual(none.code, 0);
      assert.match(none.err, /missing required argument 'paths'/);
    });
  });
}
