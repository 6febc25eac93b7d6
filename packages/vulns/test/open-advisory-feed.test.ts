/**
 * Feeds from disk: a single record, an array, a folder (recursive), OSV's zip and the Debian tracker JSON,
 * detected by content; refused records reported by file or entry with the reason, the rest still read.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { FeedFormatError, SAMPLE_FEED_DIR, openAdvisoryFeed, type FeedBatch, type FeedReadOptions } from '../src/index.js';
import { writeZip } from './testing.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-feed-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const sampleOsv = join(SAMPLE_FEED_DIR, 'osv');
const sampleIds = readdirSync(sampleOsv).map((f) => f.replace(/\.json$/, '')).sort();

async function readFeed(path: string, options?: FeedReadOptions) {
  const feed = await openAdvisoryFeed(path, options);
  const batches: FeedBatch[] = [];
  for await (const batch of feed.batches) batches.push(batch);
  return {
    format: feed.format,
    batches,
    ids: batches.flatMap((b) => b.advisories.map((a) => a.id)).sort(),
    errors: batches.flatMap((b) => b.errors),
  };
}

describe('formats', () => {
  test('a folder of records, searched recursively, with bad files reported by path', async () => {
    const feed = join(dir, 'folder');
    cpSync(sampleOsv, join(feed, 'Debian'), { recursive: true });
    mkdirSync(join(feed, 'Debian', 'old'));
    writeFileSync(join(feed, 'Debian', 'old', 'broken.json'), '{"id": "DSA-1-1",');
    writeFileSync(join(feed, 'Debian', 'old', 'no-events.json'), JSON.stringify({ id: 'DSA-2-1', modified: '2024-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'Debian:12', name: 'x' }, ranges: [{ type: 'ECOSYSTEM', events: [{ fixed: '1' }] }] }] }));
    writeFileSync(join(feed, 'README.txt'), 'not a record');
    const read = await readFeed(feed);
    assert.equal(read.format, 'osv-directory');
    assert.deepEqual(read.ids, sampleIds);
    assert.equal(read.errors.length, 2);
    assert.equal(read.errors[0]!.entry, join('Debian', 'old', 'broken.json'));
    assert.match(read.errors[0]!.reason, /^not valid JSON/);
    assert.deepEqual(read.errors[1], { entry: join('Debian', 'old', 'no-events.json'), reason: 'affected[0].ranges[0].events: a range needs an introduced event' });
  });

  test('OSV’s zip, read entry by entry, with bad entries reported by name', async () => {
    const zipPath = join(dir, 'all.zip');
    const entries: Record<string, string> = {};
    for (const id of sampleIds) entries[`${id}.json`] = readFileSync(join(sampleOsv, `${id}.json`), 'utf8');
    entries['BAD-1.json'] = JSON.stringify({ id: 'BAD-1', modified: 'last week' });
    entries['notes/'] = '';
    entries['LICENSE'] = 'CC-BY-4.0';
    await writeZip(zipPath, entries);
    const read = await readFeed(zipPath, { batchSize: 3 });
    assert.equal(read.format, 'osv-zip');
    assert.deepEqual(read.ids, sampleIds);
    assert.deepEqual(read.errors.map((e) => e.entry), ['BAD-1.json']);
    assert.match(read.errors[0]!.reason, /^modified: must match format "date-time"/);
    assert.ok(read.batches.every((b) => b.advisories.length <= 3), 'batches hold at most batchSize advisories');
    assert.equal(read.batches.length, Math.ceil(sampleIds.length / 3));
    // A zip over the in-memory size is read from the file, entry by entry: the same result.
    const fromFile = await readFeed(zipPath, { batchSize: 3, maxInMemoryZipBytes: 0 });
    assert.deepEqual([fromFile.ids, fromFile.errors], [read.ids, read.errors]);
  });

  test('a zip entry over the size limit is refused, not inflated', async () => {
    const zipPath = join(dir, 'big.zip');
    await writeZip(zipPath, { 'DSA-5724-1.json': readFileSync(join(sampleOsv, 'DSA-5724-1.json'), 'utf8'), 'HUGE-1.json': ' '.repeat(5000) });
    const read = await readFeed(zipPath, { maxRecordBytes: 4096 });
    assert.deepEqual(read.ids, ['DSA-5724-1']);
    assert.deepEqual(read.errors, [{ entry: 'HUGE-1.json', reason: 'entry is 5000 bytes, more than the 4096 allowed for one record' }]);
  });

  test('a single record, and an array of records', async () => {
    const single = await readFeed(join(sampleOsv, 'DSA-5514-1.json'));
    assert.deepEqual([single.format, single.ids, single.errors], ['osv-record', ['DSA-5514-1'], []]);
    const arrayPath = join(dir, 'records.json');
    const records = ['DSA-5514-1', 'DSA-5523-1'].map((id) => JSON.parse(readFileSync(join(sampleOsv, `${id}.json`), 'utf8')));
    writeFileSync(arrayPath, JSON.stringify([...records, { id: 'X-1' }]));
    const array = await readFeed(arrayPath);
    assert.deepEqual([array.format, array.ids], ['osv-array', ['DSA-5514-1', 'DSA-5523-1']]);
    assert.deepEqual(array.errors.map((e) => e.entry), ['records.json[2]']);
  });

  test('the Debian tracker JSON', async () => {
    const read = await readFeed(join(SAMPLE_FEED_DIR, 'debian-tracker.json'));
    assert.equal(read.format, 'debian-tracker');
    assert.equal(read.ids.length, 10);
    assert.deepEqual(read.errors, []);
  });
});

describe('paths that hold no feed', () => {
  const cases: Array<[string, () => string, RegExp]> = [
    ['a missing path', () => join(dir, 'nope'), /cannot be read \(ENOENT\)/],
    ['a file that is not JSON', () => (writeFileSync(join(dir, 'x.txt'), 'hello'), join(dir, 'x.txt')), /not valid JSON/],
    ['JSON of another shape', () => (writeFileSync(join(dir, 'y.json'), '{"hello": "world"}'), join(dir, 'y.json')), /neither an OSV record/],
    ['a broken zip', () => (writeFileSync(join(dir, 'z.zip'), Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(40)])), join(dir, 'z.zip')), /./],
  ];
  for (const [name, make, reason] of cases) {
    test(name, async () => {
      const path = make();
      await assert.rejects(readFeed(path), (err: Error) => {
        assert.match(err.message, reason);
        return true;
      });
    });
  }

  test('the path errors are FeedFormatError', async () => {
    await assert.rejects(openAdvisoryFeed(join(dir, 'nope')), FeedFormatError);
  });
});
