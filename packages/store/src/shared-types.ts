/**
 * Types every repository uses: the dialect name, time ranges and keyset/offset pages. Times are epoch
 * milliseconds (numbers) everywhere in the store; the API layers format them.
 * @module
 */

/**
 * Keyset position: the sort value of the last item returned and its id (the tie-breaker).
 * Lists are ordered by (sortValue DESC, id DESC) unless a repository says otherwise.
 */
export type Cursor = [sortValue: number, id: string];

/**
 * A request for one page of a keyset-ordered list. `P` is the list's position type: `Cursor` for most,
 * an object where a list orders by something else (TAXII's (updated_at, id)).
 */
export interface PageRequest<P = Cursor> {
  /** maximum items to return (the server uses 100, audit logs 50) */
  limit: number;
  /** continue strictly after this position */
  after?: P;
}

/** Offset paging (REST v1's `page`/`count`): skip `offset` items of the list order, return at most `limit`. */
export interface OffsetPage {
  offset: number;
  limit: number;
}

/** One page of a keyset-ordered list (see `PageRequest`); built by `toPage`. */
export interface Page<T, P = Cursor> {
  items: T[];
  /** position of the last item when more items may follow; undefined on the last page */
  next?: P;
}

/** Inclusive time range in epoch ms; either end may be open. */
export interface TimeRange {
  from?: number;
  until?: number;
}

export type DialectName = 'sqlite' | 'postgres';
