/**
 * OSV's per-ecosystem `all.zip` (`<bucket>/<ECOSYSTEM>/all.zip`, one `<ID>.json` per record) as batches of
 * advisories. Entries are inflated one at a time, so a zip of a gigabyte never sits in memory as text.
 * @module
 */
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { BatchCollector, DEFAULT_BATCH_SIZE, DEFAULT_MAX_RECORD_BYTES, type FeedBatch, type FeedReadOptions } from './feed-batch.js';
import { collectOsvRecords } from './osv-records.js';
import { parseJson } from './read-json-text.js';

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (err, zip) => (err ? reject(err) : resolve(zip)));
  });
}

/** The next entry of a lazily read zip, or null at the end. */
function nextEntry(zip: ZipFile): Promise<Entry | null> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (entry: Entry) => (cleanup(), resolve(entry));
    const onEnd = () => (cleanup(), resolve(null));
    const onError = (err: Error) => (cleanup(), reject(err));
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

async function inflate(zip: ZipFile, entry: Entry, maxBytes: number): Promise<{ ok: true; bytes: Buffer } | { ok: false; reason: string }> {
  if (entry.uncompressedSize > maxBytes) return { ok: false, reason: `entry is ${entry.uncompressedSize} bytes, more than the ${maxBytes} allowed for one record` };
  try {
    const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
      zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s))),
    );
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return { ok: true, bytes: Buffer.concat(chunks) };
  } catch (err) {
    return { ok: false, reason: `cannot be inflated (${(err as Error).message})` };
  }
}

/**
 * Reads every `.json` entry of an OSV zip. Refused records are reported by entry name; a file that is not
 * a zip at all throws.
 *
 * ```ts
 * for await (const batch of readOsvZip('/tmp/Debian-all.zip')) await store.advisories.upsert(batch.advisories);
 * ```
 */
export async function* readOsvZip(path: string, options: FeedReadOptions = {}): AsyncGenerator<FeedBatch> {
  const zip = await openZip(path);
  const collector = new BatchCollector(options.batchSize ?? DEFAULT_BATCH_SIZE);
  try {
    for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
      if (entry.fileName.endsWith('/') || !entry.fileName.toLowerCase().endsWith('.json')) continue;
      const read = await inflate(zip, entry, options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES);
      const parsed = read.ok ? parseJson(read.bytes) : read;
      if (!parsed.ok) collector.refuse(entry.fileName, parsed.reason);
      else yield* collectOsvRecords(parsed.value, entry.fileName, collector);
    }
  } finally {
    zip.close();
  }
  const rest = collector.take();
  if (rest) yield rest;
}
