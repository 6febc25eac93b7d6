/**
 * A folder of OSV records (`*.json`, one record each, searched recursively) as batches of advisories, as
 * OSV's per-ecosystem zip unpacks or a feed mirror keeps them.
 * @module
 */
import { open, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { BatchCollector, DEFAULT_BATCH_SIZE, DEFAULT_MAX_RECORD_BYTES, type FeedBatch, type FeedReadOptions } from './feed-batch.js';
import { collectOsvRecords } from './osv-records.js';
import { parseJson } from './read-json-text.js';

/** `.json` files under `dir`, in a stable order (so batches and error lists repeat run to run). */
async function* jsonFiles(dir: string): AsyncGenerator<string> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    // Symbolic links are not followed: a link back up the tree would never end.
    if (entry.isDirectory()) yield* jsonFiles(path);
    else if (entry.isFile() && entry.name.toLowerCase().endsWith('.json')) yield path;
  }
}

/** A file's bytes, or why they were not read (too large, unreadable). */
export async function readCapped(path: string, maxBytes: number): Promise<{ ok: true; bytes: Buffer } | { ok: false; reason: string }> {
  let handle;
  try {
    handle = await open(path, 'r');
    const { size } = await handle.stat();
    if (size > maxBytes) return { ok: false, reason: `file is ${size} bytes, more than the ${maxBytes} allowed for one record` };
    return { ok: true, bytes: await handle.readFile() };
  } catch (err) {
    return { ok: false, reason: `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  } finally {
    await handle?.close();
  }
}

/**
 * Reads every OSV record under a folder. Refused records are reported by their path relative to `dir`.
 *
 * ```ts
 * for await (const batch of readOsvDirectory('/srv/osv/Debian')) {
 *   await store.advisories.upsert(batch.advisories);
 *   for (const e of batch.errors) console.error(`${e.entry}: ${e.reason}`);
 * }
 * ```
 */
export async function* readOsvDirectory(dir: string, options: FeedReadOptions = {}): AsyncGenerator<FeedBatch> {
  const collector = new BatchCollector(options.batchSize ?? DEFAULT_BATCH_SIZE);
  for await (const path of jsonFiles(dir)) {
    const name = relative(dir, path);
    const read = await readCapped(path, options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES);
    const parsed = read.ok ? parseJson(read.bytes) : read;
    if (!parsed.ok) collector.refuse(name, parsed.reason);
    else yield* collectOsvRecords(parsed.value, name, collector);
  }
  const rest = collector.take();
  if (rest) yield rest;
}
