/**
 * Offset paging that neither skips nor repeats rows while others write. ThreatQ clients page with
 * `offset`/`limit` and nothing else, so counting `offset` rows again on every page shifts the pages when a
 * row is inserted or deleted before the position reached (a repeat or a skip). Instead the position (sort
 * key and id) of the last row of every page served is remembered for a while, keyed by who asked, the query
 * and the offset the page ended at; a request for that offset continues right after that row (keyset paging
 * under the offset contract). Without a remembered position (first page, another process, expired, pages
 * fetched out of order) the offset counts as usual.
 * @module
 */

/** Positions are kept this long after the page that ended there was served. */
export const PAGE_POSITION_TTL_MS = 15 * 60_000;
/** At most this many positions per process; the oldest are forgotten first. */
export const MAX_PAGE_POSITIONS = 20_000;

export interface PagePositions<P> {
  /** the position a page of `query` ending at `offset` ended at, if still known */
  get(query: string, offset: number): P | undefined;
  /** remembers where a page of `query` that ends at `offset` ended */
  set(query: string, offset: number, position: P): void;
}

/**
 * Creates a bounded, expiring memory of page positions.
 *
 * ```ts
 * const positions = pagePositions<IndicatorPosition>();
 * const after = offset > 0 ? positions.get(key, offset) : undefined;
 * ```
 */
export function pagePositions<P>(options: { ttlMs?: number; max?: number; now?: () => number } = {}): PagePositions<P> {
  const ttlMs = options.ttlMs ?? PAGE_POSITION_TTL_MS;
  const max = options.max ?? MAX_PAGE_POSITIONS;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { position: P; expires: number }>();
  const keyOf = (query: string, offset: number) => `${offset}\u0000${query}`;
  return {
    get(query, offset) {
      const key = keyOf(query, offset);
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (entry.expires <= now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.position;
    },
    set(query, offset, position) {
      const key = keyOf(query, offset);
      // Re-inserted so the Map's order stays oldest-first.
      entries.delete(key);
      entries.set(key, { position, expires: now() + ttlMs });
      while (entries.size > max) entries.delete(entries.keys().next().value!);
    },
  };
}
