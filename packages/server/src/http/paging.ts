/**
 * The REST v2 page shape: `{"<key>": [...], "token": <string|null>}` and nothing else (Threat Stack's
 * own scripts reject a list body with a third key).
 * @module
 */
import type { Cursor, Page } from '@vigil/store';
import type { PageTokenCodec } from './page-token.js';

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
