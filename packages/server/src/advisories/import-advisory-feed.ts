/**
 * Imports one advisory feed on disk into the store: the feed readers of @vigil/vulns (format detected from
 * the content) feed `store.advisories.upsert` batch by batch, so a re-import of the same data writes
 * nothing and a feed of any size passes through in bounded memory. Shared by `vigil vulns import` and the
 * scheduled import worker.
 * @module
 */
import type { Store } from '@vigil/store';
import { openAdvisoryFeed, type FeedError, type FeedFormat } from '@vigil/vulns';

/** What importing one feed did. */
export interface FeedImportResult {
  format: FeedFormat;
  /** advisories read from the feed (refused records not counted) */
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** of the inserted and updated, how many are withdrawn */
  withdrawn: number;
  /** records refused (each reason in `errors`, up to `maxErrors`) */
  refused: number;
  errors: FeedError[];
}

export interface FeedImportOptions {
  /** refusals kept in `errors` (default 1,000); all are counted in `refused` */
  maxErrors?: number;
  /** advisories per upsert transaction (default 500) */
  batchSize?: number;
}

/**
 * Reads a file, folder, OSV zip or Debian tracker JSON at `path` and upserts its advisories. Throws
 * `FeedFormatError` when the path holds no feed at all; refused records are counted and listed.
 *
 * ```ts
 * const result = await importAdvisoryFeed(store, 'packages/vulns/feeds/osv');
 * // { format: 'osv-directory', read: 8, inserted: 8, updated: 0, unchanged: 0, withdrawn: 0, refused: 0, errors: [] }
 * ```
 */
export async function importAdvisoryFeed(store: Store, path: string, options: FeedImportOptions = {}): Promise<FeedImportResult> {
  const maxErrors = options.maxErrors ?? 1000;
  const feed = await openAdvisoryFeed(path, options.batchSize ? { batchSize: options.batchSize } : {});
  const result: FeedImportResult = { format: feed.format, read: 0, inserted: 0, updated: 0, unchanged: 0, withdrawn: 0, refused: 0, errors: [] };
  for await (const batch of feed.batches) {
    result.refused += batch.errors.length;
    result.errors.push(...batch.errors.slice(0, Math.max(0, maxErrors - result.errors.length)));
    if (batch.advisories.length === 0) continue;
    result.read += batch.advisories.length;
    const upserted = await store.advisories.upsert(batch.advisories);
    result.inserted += upserted.inserted;
    result.updated += upserted.updated;
    result.unchanged += upserted.unchanged;
    result.withdrawn += upserted.withdrawn;
  }
  return result;
}
