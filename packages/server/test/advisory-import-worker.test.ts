/**
 * The scheduled advisory import: configuration (VIGIL_ADVISORY_FEEDS, VIGIL_ADVISORY_IMPORT_HOURS), feeds
 * from folders, files and http URLs (bounded in size, logged without credentials), one failing feed not
 * stopping the others, and a second pass writing nothing — on SQLite and PostgreSQL; with several processes
 * on PostgreSQL and Redis, one of them imports and another takes over when it stops.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Store } from '@vigil/store';
import { DIALECTS, openTestStore } from '@vigil/store/testing';
import { SAMPLE_FEED_DIR } from '@vigil/vulns';
import { downloadFeed, leaderLease, loadConfig, redactUrl, startAdvisoryImportWorker, type FeedPassResult } from '../src/index.js';
import { REDIS_URL } from './helpers/test-server.js';

describe('advisory feed configuration', () => {
  it('reads the feed list and the interval, refusing other URL schemes', () => {
    assert.deepEqual(loadConfig({}).advisories, { feeds: [], importHours: 24 });
    const c = loadConfig({ VIGIL_ADVISORY_FEEDS: ' /srv/osv , https://feeds.example/Debian/all.zip,', VIGIL_ADVISORY_IMPORT_HOURS: '6' });
    assert.deepEqual(c.advisories, { feeds: ['/srv/osv', 'https://feeds.example/Debian/all.zip'], importHours: 6 });
    assert.throws(() => loadConfig({ VIGIL_ADVISORY_FEEDS: 'ftp://feeds.example/all.zip' }), /VIGIL_ADVISORY_FEEDS takes folders, files and http\(s\) URLs, got a ftp: URL/);
    assert.throws(() => loadConfig({ VIGIL_ADVISORY_IMPORT_HOURS: '-1' }), /VIGIL_ADVISORY_IMPORT_HOURS/);
    assert.throws(() => loadConfig({ VIGIL_ADVISORY_IMPORT_HOURS: 'daily' }), /VIGIL_ADVISORY_IMPORT_HOURS/);
  });

  it('logs URLs without user, password or query', () => {
    assert.equal(redactUrl('https://me:hunter2@feeds.example/Debian/all.zip?X-Goog-Signature=abc#x'), 'https://feeds.example/Debian/all.zip');
  });
});

/** A feed server on loopback: `/tracker.json` serves the sample tracker; `/big` more than the test allows. */
async function startFeedServer(): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const tracker = readFileSync(join(SAMPLE_FEED_DIR, 'debian-tracker.json'));
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url?.startsWith('/tracker.json')) {
      // A feed behind HTTP Basic: the credentials in the configured URL must arrive as a header.
      if (req.headers.authorization !== `Basic ${Buffer.from('reader:hunter2').toString('base64')}`) res.statusCode = 401;
      res.end(res.statusCode === 401 ? '' : tracker);
    }
    else if (req.url === '/big') res.end(Buffer.alloc(64 * 1024, 0x20));
    else if (req.url === '/chunked-big') {
      // No length announced: the limit must hold while the body streams.
      res.write(Buffer.alloc(40 * 1024, 0x20));
      res.end(Buffer.alloc(40 * 1024, 0x20));
    } else if (req.url === '/hang') {
      res.write('{'); // and never more: the download deadline must end it
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => {
      server.closeAllConnections(); // a hung download's socket included
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe('feed downloads', () => {
  let feeds: Awaited<ReturnType<typeof startFeedServer>>;
  before(async () => {
    feeds = await startFeedServer();
  });
  after(() => feeds.close());

  it('refuses bodies over the limit, announced or streamed, and non-2xx answers, leaving no file', async () => {
    await assert.rejects(downloadFeed(`${feeds.url}/big`, { maxBytes: 32 * 1024 }), /\/big: 65536 bytes, more than the 32768 allowed/);
    await assert.rejects(downloadFeed(`${feeds.url}/chunked-big`, { maxBytes: 32 * 1024 }), /more than the 32768 bytes allowed/);
    await assert.rejects(downloadFeed(`${feeds.url}/missing?token=s3cret`), (err: Error) => {
      assert.match(err.message, /\/missing: HTTP 404$/);
      assert.doesNotMatch(err.message, /s3cret/);
      return true;
    });
    await assert.rejects(downloadFeed('file:///etc/passwd'), /only http and https feeds are fetched/);
    await assert.rejects(downloadFeed(`${feeds.url}/hang`, { timeoutMs: 300 }), /\/hang: download timed out$/);
    const closed = await startFeedServer();
    await closed.close();
    await assert.rejects(downloadFeed(`${closed.url.replace('http://', 'http://u:pw@')}/x.zip?sig=s3cret`), (err: Error) => {
      assert.equal(err.message, `${closed.url}/x.zip: fetch failed: ECONNREFUSED`);
      return true;
    });
  });
});

for (const dialect of DIALECTS) {
  describe(`advisory import worker (${dialect})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let feeds: Awaited<ReturnType<typeof startFeedServer>>;
    before(async () => {
      ({ store, cleanup } = await openTestStore(dialect));
      feeds = await startFeedServer();
    });
    after(async () => {
      await feeds?.close();
      await cleanup?.();
    });

    it('imports folders, files and URLs; a failing feed is reported and the others still run; a second pass writes nothing', async () => {
      const withSecret = feeds.url.replace('http://', 'http://reader:hunter2@') + '/tracker.json?sig=s3cret';
      const seen: FeedPassResult[] = [];
      const worker = startAdvisoryImportWorker({
        store,
        feeds: [join(SAMPLE_FEED_DIR, 'osv'), '/nonexistent/feed', withSecret],
        intervalMs: 0,
        onFeed: (o) => seen.push(o),
      });
      try {
        const first = await worker.runOnce();
        assert.deepEqual(
          first.map((o) => (o.ok ? [o.feed, o.result.format, o.result.inserted, o.result.refused] : [o.feed, o.error])),
          [
            [join(SAMPLE_FEED_DIR, 'osv'), 'osv-directory', 8, 0],
            ['/nonexistent/feed', '/nonexistent/feed: cannot be read (ENOENT)'],
            [`${feeds.url}/tracker.json`, 'debian-tracker', 10, 0],
          ],
        );
        assert.ok(!JSON.stringify(seen).includes('hunter2') && !JSON.stringify(seen).includes('s3cret'), 'no credentials in what is logged');
        assert.equal(await store.advisories.count(), 18);
        const second = await worker.runOnce();
        assert.deepEqual(
          second.filter((o) => o.ok).map((o) => (o.ok ? [o.result.inserted, o.result.updated, o.result.unchanged] : [])),
          [[0, 0, 8], [0, 0, 10]],
        );
        assert.equal(await store.advisories.count(), 18);
      } finally {
        await worker.stop();
      }
    });
  });
}

// SQLite is one process (it locks its database): the lease is for processes that share PostgreSQL and Redis.
describe('advisory import worker, several processes (postgres, redis)', () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let redis: Redis;
  before(async () => {
    ({ store, cleanup } = await openTestStore('postgres'));
    redis = new Redis(REDIS_URL);
  });
  after(async () => {
    redis?.disconnect();
    await cleanup?.();
  });

  it('one process holds the lease and imports; the others skip; when it stops another takes over and imports', async () => {
    const key = `vigil-test-${randomUUID()}:advisory-import`;
    const feeds = [join(SAMPLE_FEED_DIR, 'osv')];
    const imported: string[] = [];
    const start = (name: string) =>
      startAdvisoryImportWorker({ store, feeds, intervalMs: 0, lease: leaderLease(redis, key, 2_000), renewMs: 100, onFeed: () => imported.push(name) });
    const a = start('a');
    const b = start('b');
    const c = start('c');
    try {
      const passes = await Promise.all([a.runOnce(), b.runOnce(), c.runOnce()]);
      assert.deepEqual(passes.map((p) => p.length).sort(), [0, 0, 1], 'one process imported, two skipped');
      assert.equal(imported.length, 1);
      assert.equal(await store.advisories.count(), 8);
      const holder = imported[0]!;
      // Another pass anywhere: only the holder imports.
      for (const w of [a, b, c]) await w.runOnce();
      assert.deepEqual(imported, [holder, holder]);

      // The holder stops (releasing the lease): one of the others takes it and imports without being asked.
      const workers = { a, b, c };
      await workers[holder as keyof typeof workers].stop();
      const deadline = Date.now() + 20_000;
      while (imported.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.equal(imported.length, 3, 'another process took over and imported');
      assert.notEqual(imported[2], holder);
      assert.equal(await redis.get(key) !== null, true, 'the new holder keeps the lease');
    } finally {
      await Promise.all([a.stop(), b.stop(), c.stop()]);
    }
    assert.equal(await redis.get(key), null, 'stopping gives the lease up');
  });
});
