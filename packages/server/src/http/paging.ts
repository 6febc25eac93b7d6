/**
 * The REST v2 page shape: `{"<key>": [...], "token": <string|null>}` and nothing else (Threat Stack's
 * own scripts reject a list body with a third key).
 * @module
 */
import type { Cursor, Page } from '@vigil/store';
import type { PageTokenCodec } from './page-token.js';

const COMMA = 0x2c;

/**
 * Reads the `token` query parameter into a keyset cursor (400 when it does not belong to this query).
 * ```ts
 * const after = cursorFrom(codec, request.query);
 * ```
 */
export function cursorFrom(codec: PageTokenCodec, query: Record<string, unknown>): Cursor | undefined {
  const token = query.token;
  return typeof token === 'string' && token !== '' ? codec.decode(token, query) : undefined;
}

/**
 * Renders a store page as a v2 page body.
 * ```ts
 * return pageBody('agents', page, presentAgent, codec, request.query);
 * ```
 */
export function pageBody<T, R>(
  key: string,
  page: Page<T>,
  present: (item: T) => R,
  codec: PageTokenCodec,
  query: Record<string, unknown>,
): Record<string, R[] | string | null> {
  return {
    [key]: page.items.map(present),
    token: page.next ? codec.encode(page.next, query) : null,
  };
}

/**
 * The page body as JSON bytes, from items already serialised with the item schema: the bytes the route's
 * `Paged` response schema writes for `pageBody`'s result, built in one buffer (no page-sized string, no
 * second copy to encode it).
 * ```ts
 * return pageBytes('alerts', texts, page.next, codec, request.query);
 * ```
 */
export function pageBytes(
  key: string,
  items: readonly Buffer[],
  next: Cursor | undefined,
  codec: PageTokenCodec,
  query: Record<string, unknown>,
): Buffer {
  const head = `{${JSON.stringify(key)}:[`;
  const tail = `],"token":${next ? JSON.stringify(codec.encode(next, query)) : 'null'}}`;
  let length = Buffer.byteLength(head) + Buffer.byteLength(tail) + Math.max(0, items.length - 1);
  for (const item of items) length += item.length;
  const body = Buffer.allocUnsafe(length);
  let at = body.write(head, 0);
  for (let i = 0; i < items.length; i++) {
    if (i > 0) body[at++] = COMMA;
    at += items[i]!.copy(body, at);
  }
  body.write(tail, at);
  return body;
}
