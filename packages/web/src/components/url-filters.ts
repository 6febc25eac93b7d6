/**
 * Filters held in the URL's query string (so a view can be shared and bookmarked), and the paging hook every
 * token-paged list uses to ask for the next page when its table reaches the end.
 */
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import type { SortingState } from '@tanstack/react-table';

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
    // From the address bar rather than the last render: a second change made before the first re-rendered
    // (a type chosen right after a search was submitted) must not drop the first.
    const next = new URLSearchParams(window.location.search);
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

/**
 * useUrlFilters for offset-paged lists: the URL's `offset` is the page, and changing any other filter goes
 * back to the first one.
 * ```ts
 * const { params, setFilter } = usePagedUrlFilters();
 * setFilter({ status: 'Active' }); // and offset removed
 * ```
 */
export function usePagedUrlFilters() {
  const filters = useUrlFilters();
  return { ...filters, setFilter: (changes: Record<string, string>) => filters.setFilter({ offset: '', ...changes }) };
}

/**
 * A non-negative integer parameter (offsets, scores); anything else is absent.
 * ```ts
 * intParam(params, 'offset') ?? 0
 * ```
 */
export function intParam(params: URLSearchParams, key: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const raw = params.get(key);
  if (raw === null || !/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return n <= max ? n : undefined;
}

/**
 * `sort=-score` (ThreatQ's form: a field, a leading - for descending) as TanStack Table's sorting state,
 * whose column ids are the API's sort fields.
 * ```ts
 * toSorting('-score') // [{ id: 'score', desc: true }]
 * ```
 */
export function toSorting(sort: string | null): SortingState {
  if (!sort) return [];
  return [{ id: sort.replace(/^[-+]/, ''), desc: sort.startsWith('-') }];
}

/** The reverse of toSorting; no order is an empty string (the parameter is removed). */
export function fromSorting(state: SortingState): string {
  const first = state[0];
  return first ? `${first.desc ? '-' : ''}${first.id}` : '';
}
