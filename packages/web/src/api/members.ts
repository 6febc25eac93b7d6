/**
 * Settings › Members: the members (GET /v2/organizations/members), the pending invites
 * (GET /console/api/invites) and the changes, each refreshing both lists (an invite accepted meanwhile
 * becomes a member).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, must } from './client.js';
import type { Role } from './session.js';
import type { NewInvite } from './types.js';

const KEYS = [['members'], ['invites']] as const;

/** Every member with their role. */
export function useMembers() {
  return useQuery({ queryKey: KEYS[0], queryFn: async ({ signal }) => must(await api.GET('/v2/organizations/members', { signal })).members });
}

/** The organization's pending invites, newest first. */
export function useInvites() {
  return useQuery({ queryKey: KEYS[1], queryFn: async ({ signal }) => must(await api.GET('/console/api/invites', { signal })).invites });
}

function useRefreshing<A, R>(mutationFn: (arg: A) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => Promise.all(KEYS.map((queryKey) => client.invalidateQueries({ queryKey }))) });
}

/**
 * POST /v2/organizations/invites.
 * ```ts
 * invite.mutate({ email: 'ann@example.com', role: 'reader' });
 * ```
 */
export function useInvite() {
  return useRefreshing(async (body: NewInvite) => must(await api.POST('/v2/organizations/invites', { body })));
}

/** DELETE /console/api/invites/{id}. */
export function useRevokeInvite() {
  return useRefreshing(async (inviteId: string) => must(await api.DELETE('/console/api/invites/{inviteId}', { params: { path: { inviteId } } })));
}

/** POST /v2/organizations/members with a member's id: their role changes at once. */
export function useChangeRole() {
  return useRefreshing(async (body: { id: string; role: Role }) => must(await api.POST('/v2/organizations/members', { body })));
}

/** DELETE /v2/organizations/members/{userId}. */
export function useRemoveMember() {
  return useRefreshing(async (userId: string) => must(await api.DELETE('/v2/organizations/members/{userId}', { params: { path: { userId } } })));
}
