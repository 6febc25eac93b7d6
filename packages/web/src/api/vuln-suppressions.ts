/**
 * Vulnerability suppressions (/v2/vulnerabilities/suppressions): accepted risks with a reason and an
 * optional expiry. Any change also refreshes the findings, which it may hide or bring back.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, must } from './client.js';
import type { VulnSuppression, VulnSuppressionBody } from './types.js';

const KEY = ['vuln-suppressions'] as const;

/** Every suppression, expired ones included (pages of 100 read until the last: an organization keeps few). */
export function useVulnSuppressions() {
  return useQuery({
    queryKey: KEY,
    queryFn: async ({ signal }) => {
      const all: VulnSuppression[] = [];
      let token: string | undefined;
      do {
        const page = must(await api.GET('/v2/vulnerabilities/suppressions', { params: { query: token ? { token } : {} }, signal }));
        all.push(...page.suppressions);
        token = page.token ?? undefined;
      } while (token);
      return all;
    },
  });
}

function useRefresh() {
  const client = useQueryClient();
  return () => Promise.all([client.invalidateQueries({ queryKey: KEY }), client.invalidateQueries({ queryKey: ['vulnerabilities'] }), client.invalidateQueries({ queryKey: ['vulnerability'] })]);
}

/**
 * POST (no id) or PUT (an id) of a suppression.
 * ```ts
 * save.mutate({ body: { cve: 'CVE-2024-1', reason: 'not reachable' } });
 * ```
 */
export function useSaveVulnSuppression() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async ({ id, body }: { id?: string; body: VulnSuppressionBody }) =>
      id === undefined
        ? must(await api.POST('/v2/vulnerabilities/suppressions', { body }))
        : must(await api.PUT('/v2/vulnerabilities/suppressions/{id}', { params: { path: { id } }, body })),
    onSuccess: refresh,
  });
}

/** DELETE: the findings it hid are active again. */
export function useDeleteVulnSuppression() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (id: string) => must(await api.DELETE('/v2/vulnerabilities/suppressions/{id}', { params: { path: { id } } })),
    onSuccess: refresh,
  });
}
