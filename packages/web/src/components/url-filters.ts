/**
 * Filters held in the URL's query string (so a view can be shared and bookmarked), and the paging hook every
 * token-paged list uses to ask for the next page when its table reaches the end.
 */
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * The query string, and `setFilter` which sets the given keys (an empty value removes the key).
 * ```ts
 * const { params, setFilter } = useUrlFilters();
 * setFilter({ severity: '1', from: '' });
 * ```
 */
export function useUrlFilters() {
  const [params, setParams] = useSearchParams();
  const setFilter = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next);
  };
  return { params, setParams, setFilter };
}

/**
 * A stable callback for DataTable's onEndReached that fetches the next page once at a time.
 * ```ts
 * const more = useMoreOnEnd(pages);
 * ```
 */
export function useMoreOnEnd(pages: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> }): () => void {
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = pages;
  return useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
}
