/**
 * The body of an event batch as the server accepts it: a JSON array or NDJSON (one event per line),
 * optionally gzip'd (`Content-Encoding: gzip`).
 * @module
 */
import { gzipSync } from 'node:zlib';

/** How a batch is put on the wire. */
export interface BatchEncoding {
  /** `json` (default): a JSON array; `ndjson`: one event per line */
  format?: 'json' | 'ndjson';
  /** compress the body (the Hawk hash covers the compressed bytes) */
  gzip?: boolean;
}

/** A batch ready to send (e.g. kept in an agent's spool and re-sent as it was). */
export interface EncodedBatch {
  bytes: Buffer;
  contentType: string;
  /** e.g. `content-encoding: gzip` */
  headers: Record<string, string>;
}

/**
 * The bytes, media type and extra headers of a batch.
 *
 * ```ts
 * const { bytes, contentType, headers } = encodeBatch(events, { format: 'ndjson', gzip: true });
 * ```
 */
export function encodeBatch(events: readonly object[], encoding: BatchEncoding = {}): EncodedBatch {
  const ndjson = encoding.format === 'ndjson';
  const text = ndjson ? events.map((e) => JSON.stringify(e)).join('\n') + '\n' : JSON.stringify(events);
  const raw = Buffer.from(text, 'utf8');
  return {
    bytes: encoding.gzip ? gzipSync(raw) : raw,
    contentType: ndjson ? 'application/x-ndjson' : 'application/json',
    headers: encoding.gzip ? { 'content-encoding': 'gzip' } : {},
  };
}
