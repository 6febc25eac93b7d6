/**
 * Settings › OAuth Management: the ThreatQ API's own client routes (/api/oauth/clients), which answer
 * owners only.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, must } from './client.js';

const KEY = ['oauth-clients'] as const;

/** The organization's clients, revoked ones included; `enabled` false for non-owners (the API would answer 403). */
export function useOAuthClients(enabled: boolean) {
  return useQuery({ queryKey: KEY, enabled, queryFn: async ({ signal }) => must(await api.GET('/api/oauth/clients', { signal })).data });
}

/**
 * POST /api/oauth/clients: the answer carries the secret, the only time it is shown.
 * ```ts
 * create.mutate('Scripts', { onSuccess: (c) => show(c.client_secret) });
 * ```
 */
export function useCreateOAuthClient() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (name: string) => must(await api.POST('/api/oauth/clients', { body: { name } })).data,
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  });
}

/** DELETE /api/oauth/clients/{id}: the client and its tokens stop working. */
export function useRevokeOAuthClient() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => must(await api.DELETE('/api/oauth/clients/{id}', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  });
}
