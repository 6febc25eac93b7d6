/**
 * Alert queries and the dismiss mutation shared by the list, the detail and the dashboard.
 */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, must } from './client.js';
import type { AlertQuery, DismissBody } from './types.js';

/** How often the list and the dashboard look for new alerts. */
export const POLL_MS = 15_000;

/**
 * Every page of the list for one set of filters, following the API's `token`.
 * ```ts
 * const pages = useAlertPages({ status: 'active', severity: 1 });
 * ```
 */
export function useAlertPages(query: Omit<AlertQuery, 'token'>) {
  return useInfiniteQuery({
    queryKey: ['alerts', query],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) => must(await api.GET('/v2/alerts', { params: { query: { ...query, ...(pageParam ? { token: pageParam } : {}) } }, signal })),
    getNextPageParam: (page) => page.token ?? undefined,
  });
}

/**
 * The first page again every POLL_MS: what arrived since the list was loaded is merged on top.
 * ```ts
 * const head = useAlertHead(query);
 * ```
 */
export function useAlertHead(query: Omit<AlertQuery, 'token'>) {
  return useQuery({
    queryKey: ['alerts-head', query],
    queryFn: async ({ signal }) => must(await api.GET('/v2/alerts', { params: { query }, signal })),
    refetchInterval: POLL_MS,
  });
}

/**
 * POST /v2/alerts/dismiss, then every alert list and count is refreshed.
 * ```ts
 * dismiss.mutate({ ids: ['a1'], dismissReason: 'MAINTENANCE' });
 * ```
 */
export function useDismiss() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: DismissBody) => must(await api.POST('/v2/alerts/dismiss', { body })),
    onSuccess: () => Promise.all(['alerts', 'alerts-head', 'alert', 'severity-counts', 'dashboard'].map((k) => client.invalidateQueries({ queryKey: [k] }))),
  });
}
