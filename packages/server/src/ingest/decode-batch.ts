/**
 * Turns the bytes of an event batch into a list of items: decompression (gzip) with a hard cap on the
 * output, then a JSON array or NDJSON (one object per line). Every limit is enforced before the work it
 * protects: the decompressed size while inflating, the event count and the nesting depth
 * (`MAX_JSON_DEPTH`) before `JSON.parse` allocates anything.
 * @module
 */
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { ApiError, apiError } from '../errors.js';
import { assertJsonDepth, scanJson, tooDeepError } from '../http/json-depth.js';

const gunzipAsync = promisify(gunzip);

export interface BatchLimits {
  maxEvents: number;
  maxBytes: number;
}

export type BatchFormat = 'json' | 'ndjson';

/** Media types of the two formats (essence only, parameters like charset are ignored). */
export const BATCH_MEDIA_TYPES: Record<string, BatchFormat> = {
  'application/json': 'json',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
};

function tooLarge(message: string): ApiError {
  return new ApiError('VIGIL_BODY_TOO_LARGE', message);
}

/**
 * Undoes `Content-Encoding` (none, `identity`, `gzip`), refusing output larger than `maxBytes` with 413
 * and corrupt input with 400. Inflation runs on the libuv thread pool, not the event loop.
 * ```ts
 * const body = await decodeContent(request.rawBody, request.headers['content-encoding'], 8 << 20);
 * ```
 */
export async function decodeContent(raw: Buffer, encoding: string | undefined, maxBytes: number): Promise<Buffer> {
  const coding = (encoding ?? '').trim().toLowerCase();
  if (coding === '' || coding === 'identity') return raw;
  if (coding !== 'gzip' && coding !== 'x-gzip') {
    throw new ApiError(
      'VIGIL_UNSUPPORTED_MEDIA_TYPE',
      `Unsupported Content-Encoding ${coding.slice(0, 40)}; send gzip or no Content-Encoding`,
    );
  }
  try {
    return await gunzipAsync(raw, { maxOutputLength: maxBytes });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw tooLarge(`Decompressed batch is larger than ${maxBytes} bytes`);
    }
    throw apiError('VIGIL_BAD_REQUEST', `Request body is not valid gzip: ${(err as Error).message}`);
  }
}

function parseJsonArray(body: Buffer, maxEvents: number): unknown[] {
  const scan = scanJson(body, maxEvents);
  if (scan.items > maxEvents) throw tooLarge(`Batch has more than ${maxEvents} events`);
  if (scan.tooDeep) throw tooDeepError('Request body');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw apiError('VIGIL_MALFORMED_JSON', (err as Error).message);
  }
  if (!Array.isArray(parsed)) {
    throw apiError('VIGIL_BAD_REQUEST', 'Request body must be a JSON array of events (or NDJSON, one event per line)');
  }
  return parsed;
}

function parseNdjson(body: Buffer, maxEvents: number): unknown[] {
  const items: unknown[] = [];
  let line = 0;
  for (let start = 0; start < body.length; ) {
    let end = body.indexOf(0x0a, start);
    if (end < 0) end = body.length;
    line += 1;
    const text = body.toString('utf8', start, end).trim();
    if (text !== '') assertJsonDepth(body, `Request body line ${line}`, start, end);
    start = end + 1;
    if (text === '') continue;
    if (items.length === maxEvents) throw tooLarge(`Batch has more than ${maxEvents} events`);
    try {
      items.push(JSON.parse(text));
    } catch (err) {
      throw apiError('VIGIL_BAD_REQUEST', `Request body line ${line} is not valid JSON: ${(err as Error).message}`);
    }
  }
  return items;
}

/**
 * Parses a decoded batch body in `format`; 413 beyond `maxEvents` items, 400 for malformed JSON (naming the
 * line for NDJSON), nesting deeper than `MAX_JSON_DEPTH` or a JSON body that is not an array.
 * ```ts
 * parseBatch(Buffer.from('{"event_type":"audit","timestamp":1}\n'), 'ndjson', 10_000); // [{…}]
 * ```
 */
export function parseBatch(body: Buffer, format: BatchFormat, maxEvents: number): unknown[] {
  return format === 'ndjson' ? parseNdjson(body, maxEvents) : parseJsonArray(body, maxEvents);
}
