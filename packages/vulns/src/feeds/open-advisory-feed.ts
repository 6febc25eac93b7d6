/**
 * One entry point for every feed Vigil imports: give it a path, it tells which format the path holds and
 * reads it as batches of advisories.
 * @module
 */
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { looksLikeDebianTracker, readDebianTracker } from '../debian/read-debian-tracker.js';
import { BatchCollector, DEFAULT_BATCH_SIZE, DEFAULT_MAX_DOCUMENT_BYTES, type FeedBatch, type FeedFormat, type FeedReadOptions } from './feed-batch.js';
import { readCapped, readOsvDirectory } from './osv-directory.js';
import { collectOsvRecords } from './osv-records.js';
import { readOsvZip } from './osv-zip.js';
import { parseJson } from './read-json-text.js';

/** An opened feed: its format, and its advisories as batches (read once). */
export interface AdvisoryFeed {
  format: FeedFormat;
  batches: AsyncIterable<FeedBatch>;
}

/** The path holds nothing Vigil can import (missing, unreadable, not JSON, not a known shape). */
export class FeedFormatError extends Error {}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

async function startsWithZipMagic(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return bytesRead === 4 && head.equals(ZIP_MAGIC);
  } finally {
    await handle.close();
  }
}

async function* trackerBatches(doc: unknown, options: FeedReadOptions): AsyncGenerator<FeedBatch> {
  const collector = new BatchCollector(options.batchSize ?? DEFAULT_BATCH_SIZE);
  for (const result of readDebianTracker(doc)) {
    if (!result.ok) collector.refuse(result.entry, result.reason);
    else {
      const full = collector.add(result.advisory);
      if (full) yield full;
    }
  }
  const rest = collector.take();
  if (rest) yield rest;
}

async function* documentBatches(value: unknown, entry: string, options: FeedReadOptions): AsyncGenerator<FeedBatch> {
  const collector = new BatchCollector(options.batchSize ?? DEFAULT_BATCH_SIZE);
  yield* collectOsvRecords(value, entry, collector);
  const rest = collector.take();
  if (rest) yield rest;
}

/**
 * Opens a feed: a folder of OSV records (recursive), an OSV zip, a JSON file holding one OSV record or an
 * array of them, or the Debian security tracker's JSON. Throws {@link FeedFormatError} when the path
 * holds none of these; records inside that are refused come out in each batch's `errors`.
 *
 * ```ts
 * const feed = await openAdvisoryFeed('feeds/debian');
 * for await (const { advisories, errors } of feed.batches) {
 *   await store.advisories.upsert(advisories);
 *   errors.forEach((e) => console.error(`${e.entry}: ${e.reason}`));
 * }
 * ```
 */
export async function openAdvisoryFeed(path: string, options: FeedReadOptions = {}): Promise<AdvisoryFeed> {
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    throw new FeedFormatError(`${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (info.isDirectory()) return { format: 'osv-directory', batches: readOsvDirectory(path, options) };
  if (!info.isFile()) throw new FeedFormatError(`${path}: not a file or folder`);
  if (await startsWithZipMagic(path)) return { format: 'osv-zip', batches: readOsvZip(path, options) };
  const read = await readCapped(path, options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES);
  if (!read.ok) throw new FeedFormatError(`${path}: ${read.reason}`);
  const parsed = parseJson(read.bytes);
  if (!parsed.ok) throw new FeedFormatError(`${path}: ${parsed.reason}`);
  const doc = parsed.value;
  if (Array.isArray(doc)) return { format: 'osv-array', batches: documentBatches(doc, basename(path), options) };
  if (typeof doc === 'object' && doc !== null && 'id' in doc) return { format: 'osv-record', batches: documentBatches(doc, basename(path), options) };
  if (looksLikeDebianTracker(doc)) return { format: 'debian-tracker', batches: trackerBatches(doc, options) };
  throw new FeedFormatError(`${path}: neither an OSV record (no "id"), an array of them, an OSV zip, nor the Debian security tracker's JSON`);
}
