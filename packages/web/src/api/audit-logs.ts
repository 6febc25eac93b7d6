/**
 * The audit log: GET /v2/auditlogs, 50 records a page, newest first, following the API's `token`.
 */
import { useInfiniteQuery } from '@tanstack/react-query';
import { api, must } from './client.js';
import type { AuditQuery } from './types.js';

/**
 * Every page for one set of filters.
 * ```ts
 * const pages = useAuditPages({ operation: 'delete', from: '2026-12-01T00:00:00Z' });
 * ```
 */
export function useAuditPages(query: Omit<AuditQuery, 'token'>) {
  return useInfiniteQuery({
    queryKey: ['auditlogs', query],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) => must(await api.GET('/v2/auditlogs', { params: { query: { ...query, ...(pageParam ? { token: pageParam } : {}) } }, signal })),
    getNextPageParam: (page) => page.token ?? undefined,
  });
}
