/**
 * Imports the configured advisory feeds (`VIGIL_ADVISORY_FEEDS`: folders, files or http(s) URLs) at start
 * and then every `VIGIL_ADVISORY_IMPORT_HOURS` (default 24). Each feed is imported on its own: one that
 * fails is logged and the others still run. Re-importing unchanged data writes nothing, but downloading and
 * reading a feed of 100,000 records costs minutes: with several processes on PostgreSQL and Redis one of
 * them holds a lease (leader-lease.ts) and imports, the others skip their passes; the holder renews it
 * between passes, and when it stops (or dies and the lease runs out) another takes it over and imports at
 * once, since it cannot know how far the last pass got. The matcher picks up what changed from the store.
 * @module
 */
import type { Store } from '@vigil/store';
import type { LeaderLease } from './leader-lease.js';
import { downloadFeed, redactUrl, type DownloadLimits } from '../advisories/download-feed.js';
import { importAdvisoryFeed, type FeedImportResult } from '../advisories/import-advisory-feed.js';

/** The outcome of one feed in one pass; `feed` is safe to log (URLs without credentials or query). */
export type FeedPassResult = { feed: string; ok: true; result: FeedImportResult } | { feed: string; ok: false; error: string };

export interface AdvisoryImportWorker {
  /** imports every feed now (joins a pass already running); empty when another process holds the lease */
  runOnce(): Promise<FeedPassResult[]>;
  stop(): Promise<void>;
}

export interface AdvisoryImportOptions {
  store: Store;
  feeds: readonly string[];
  /** time between passes; the first runs at once; 0: only that one */
  intervalMs: number;
  download?: DownloadLimits;
  /** called with each feed's outcome (the server logs it) */
  onFeed?: (outcome: FeedPassResult) => void;
  /** who imports when several processes share the database; default: this one */
  lease?: LeaderLease;
  /** how often the lease is renewed, or looked for when another holds it; default 20 s (a third of the matcher's 60 s lease) */
  renewMs?: number;
}

const isUrl = (feed: string) => /^https?:\/\//i.test(feed);

async function importOne(store: Store, feed: string, download: DownloadLimits | undefined): Promise<FeedImportResult> {
  if (!isUrl(feed)) return importAdvisoryFeed(store, feed, { maxErrors: 20 });
  const fetched = await downloadFeed(feed, download);
  try {
    return await importAdvisoryFeed(store, fetched.path, { maxErrors: 20 });
  } finally {
    await fetched.remove();
  }
}

/**
 * Starts the scheduled import (the timer does not keep the process alive).
 *
 * ```ts
 * const worker = startAdvisoryImportWorker({ store, feeds: ['/srv/osv/Debian'], intervalMs: 24 * 3_600_000 });
 * await worker.stop();
 * ```
 */
export function startAdvisoryImportWorker(options: AdvisoryImportOptions): AdvisoryImportWorker {
  const lease = options.lease;
  let running: Promise<FeedPassResult[]> | undefined;
  let stopped = false;
  /** whether this process held the lease when last asked */
  let holding = false;
  const hold = async () => {
    holding = lease === undefined || (await lease.hold().catch(() => false));
    return holding;
  };
  const runOnce = () => {
    running ??= (async () => {
      const outcomes: FeedPassResult[] = [];
      if (!(await hold())) return outcomes;
      for (const feed of options.feeds) {
        // Renewed between feeds too (a feed can take longer than the lease); lost: leave the rest to the new holder.
        if (stopped || (outcomes.length > 0 && !(await hold()))) break;
        const shown = isUrl(feed) ? redactUrl(feed) : feed;
        let outcome: FeedPassResult;
        try {
          outcome = { feed: shown, ok: true, result: await importOne(options.store, feed, options.download) };
        } catch (err) {
          outcome = { feed: shown, ok: false, error: (err as Error).message };
        }
        outcomes.push(outcome);
        options.onFeed?.(outcome);
      }
      return outcomes;
    })().finally(() => {
      running = undefined;
    });
    return running;
  };
  const first = setTimeout(() => void runOnce(), 0);
  first.unref();
  // Timers wait at most 2^31-1 ms (about 24.8 days); a longer interval would fire at once, every time.
  const timer =
    options.intervalMs > 0
      ? setInterval(() => {
          if (!stopped) void runOnce();
        }, Math.min(options.intervalMs, 2 ** 31 - 1))
      : undefined;
  timer?.unref();
  // Keeps the lease between passes (and during a long one), or takes it over when its holder is gone.
  const renew =
    lease === undefined
      ? undefined
      : setInterval(() => {
          if (stopped) return;
          const had = holding;
          void hold().then((now) => {
            if (now && !had && !stopped && running === undefined) void runOnce();
          });
        }, options.renewMs ?? 20_000);
  renew?.unref();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      clearInterval(renew);
      await running?.catch(() => {});
      if (holding) await lease?.release().catch(() => {});
    },
  };
}
