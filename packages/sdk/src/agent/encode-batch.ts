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
  if (encoding.format === 'ndjson') return encodeNdjsonLines(events.map((e) => JSON.stringify(e)), encoding);
  return encoded(Buffer.from(JSON.stringify(events), 'utf8'), 'application/json', encoding);
}

/**
 * An NDJSON batch from events already serialised, one JSON text per line (an agent that measured each event's
 * size while gathering the batch need not serialise it again).
 *
 * ```ts
 * const batch = encodeNdjsonLines(lines, { gzip: true });
 * ```
 */
export function encodeNdjsonLines(lines: readonly string[], encoding: Pick<BatchEncoding, 'gzip'> = {}): EncodedBatch {
  return encoded(Buffer.from(lines.join('\n') + '\n', 'utf8'), 'application/x-ndjson', encoding);
}

/**
 * Any JSON body (an inventory) on the wire, compressed when asked; the server takes gzip on every route that
 * accepts large agent bodies.
 *
 * ```ts
 * const { bytes, contentType, headers } = encodeJsonBody({ ecosystem: 'Debian:12', manager: 'dpkg', packages }, { gzip: true });
 * ```
 */
export function encodeJsonBody(value: unknown, encoding: Pick<BatchEncoding, 'gzip'> = {}): EncodedBatch {
  return encoded(Buffer.from(JSON.stringify(value), 'utf8'), 'application/json', encoding);
}

function encoded(raw: Buffer, contentType: string, encoding: Pick<BatchEncoding, 'gzip'>): EncodedBatch {
  return {
    bytes: encoding.gzip ? gzipSync(raw) : raw,
    contentType,
    headers: encoding.gzip ? { 'content-encoding': 'gzip' } : {},
  };
}
