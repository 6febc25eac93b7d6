/**
 * A pass over JSON text before `JSON.parse`: how many elements its top-level array has and whether it nests
 * deeper than {@link MAX_JSON_DEPTH}. V8 parses deep JSON without recursion, but serializing, validating or
 * copying it again recurses and overflows the stack (a 500 after the body was accepted), so deep bodies are
 * refused up front. Iterative, and strings are skipped with native `indexOf`: a small fraction of a parse.
 * @module
 */
import { apiError } from '../errors.js';

/** Deepest nesting of arrays and objects a request body may have (an event or a STIX bundle needs < 20). */
export const MAX_JSON_DEPTH = 64;

/** What {@link scanJson} found; `items` stops counting past `maxItems`, and everything stops once `tooDeep`. */
export interface JsonScan {
  items: number;
  tooDeep: boolean;
}

/**
 * Scans `buf[start, end)`. On malformed input the figures are meaningless (the parse that follows reports
 * the error), but the scan still ends in linear time.
 *
 * ```ts
 * scanJson(Buffer.from('[1,[2,3]]'), 10); // { items: 2, tooDeep: false }
 * ```
 */
export function scanJson(buf: Buffer, maxItems: number, start = 0, end = buf.length): JsonScan {
  let depth = 0;
  let commas = 0;
  let any = false;
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c === 0x22) {
      if (depth === 1) any = true;
      let j = i;
      for (;;) {
        j = buf.indexOf(0x22, j + 1);
        if (j < 0 || j >= end) return { items: 0, tooDeep: false };
        let backslashes = 0;
        for (let k = j - 1; buf[k] === 0x5c; k--) backslashes++;
        if (backslashes % 2 === 0) break;
      }
      i = j;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_JSON_DEPTH) return { items: commas + 1, tooDeep: true };
      if (depth === 2) any = true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    } else if (c === 0x2c) {
      if (depth === 1 && ++commas >= maxItems) return { items: maxItems + 1, tooDeep: false };
    } else if (depth === 1 && c! > 0x20) {
      any = true;
    }
  }
  return { items: any ? commas + 1 : 0, tooDeep: false };
}

/**
 * Throws 400 when `buf[start, end)` nests deeper than {@link MAX_JSON_DEPTH}; `where` names the part
 * (`Request body`, `Request body line 3`).
 *
 * ```ts
 * assertJsonDepth(request.rawBody, 'Request body');
 * ```
 */
export function assertJsonDepth(buf: Buffer, where: string, start = 0, end = buf.length): void {
  if (scanJson(buf, Number.MAX_SAFE_INTEGER, start, end).tooDeep) throw tooDeepError(where);
}

/** The 400 for a body nested too deep. */
export function tooDeepError(where: string) {
  return apiError('VIGIL_BAD_REQUEST', `${where} is nested deeper than ${MAX_JSON_DEPTH} levels of arrays and objects`);
}
