/**
 * Helpers shared by the keyset-paginated list queries.
 * @module
 */
import { StoreValidationError } from '../errors.js';
import type { Cursor, OffsetPage, Page, PageRequest } from '../shared-types.js';

/** How a list's position type is checked, and its shape as error messages name it. */
export interface PositionShape {
  valid(after: unknown): boolean;
  shape: string;
}

/** The usual position, `Cursor`. */
export const CURSOR: PositionShape = {
  valid: (after) => Array.isArray(after) && Number.isSafeInteger(after[0]) && typeof after[1] === 'string',
  shape: '[integer, string]',
};

/** A position that is the last id of an id-ordered list. */
export const ID_POSITION: PositionShape = {
  valid: (after) => typeof after === 'string',
  shape: 'a string',
};

/**
 * Checks the page request; returns the number of rows to fetch (one extra, to learn whether more follow).
 *
 * ```ts
 * const rows = await query.limit(fetchLimit(page)).execute();
 * ```
 */
export function fetchLimit<P>(page: PageRequest<P>, position: PositionShape = CURSOR): number {
  if (!Number.isSafeInteger(page.limit) || page.limit < 1) {
    throw new StoreValidationError('page limit must be a positive integer');
  }
  if (page.after !== undefined && !position.valid(page.after)) {
    throw new StoreValidationError(`page cursor must be ${position.shape}`);
  }
  return page.limit + 1;
}

/**
 * Checks an offset page request (REST v1's page/count) and returns it.
 *
 * ```ts
 * const { offset, limit } = checkOffsetPage(page);
 * ```
 */
export function checkOffsetPage(page: OffsetPage): OffsetPage {
  if (!Number.isSafeInteger(page.limit) || page.limit < 1) {
    throw new StoreValidationError('page limit must be a positive integer');
  }
  if (!Number.isSafeInteger(page.offset) || page.offset < 0) {
    throw new StoreValidationError('page offset must be a non-negative integer');
  }
  return page;
}

/**
 * Turns `limit + 1` fetched rows into a page: drops the extra row and sets `next` to the last returned
 * item's position only when the extra row proved that more exist.
 *
 * ```ts
 * return toPage(rows, page.limit, toAlert, (r) => [r.created_at, r.id]);
 * ```
 */
export function toPage<R, T, P = Cursor>(rows: R[], limit: number, map: (row: R) => T, cursorOf: (row: R) => P): Page<T, P> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const items = kept.map(map);
  return more ? { items, next: cursorOf(kept[kept.length - 1]!) } : { items };
}
