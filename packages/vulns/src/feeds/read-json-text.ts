/**
 * Bytes of one JSON document → a parsed value or the reason it is not JSON.
 * @module
 */

export type JsonResult = { ok: true; value: unknown } | { ok: false; reason: string };

/**
 * Parses UTF-8 JSON (a byte-order mark is allowed), saying where parsing failed.
 *
 * ```ts
 * parseJson(Buffer.from('{"id":"X"}')); // { ok: true, value: { id: 'X' } }
 * ```
 */
export function parseJson(bytes: Buffer): JsonResult {
  try {
    return { ok: true, value: JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, '')) };
  } catch (err) {
    return { ok: false, reason: `not valid JSON (${(err as Error).message})` };
  }
}
