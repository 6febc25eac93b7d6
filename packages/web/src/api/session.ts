/**
 * The console session (/console/api/session): who is signed in, in which organization, with which role,
 * and the CSRF token every other request carries. TanStack Query holds it under SESSION_KEY; signing in,
 * out or switching organization replaces it and drops every other cached answer (they belong to the
 * previous user or organization).
 */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { ApiError, api, must, setCsrfToken } from './client.js';
import type { paths } from './schema.gen.js';

/** The body of every /console/api/session answer (from the server's schema). */
export type Session = paths['/console/api/session']['get']['responses'][200]['content']['application/json'];
export type Role = Session['role'];

export const SESSION_KEY = ['session'] as const;

function remember(session: Session): Session {
  setCsrfToken(session.csrfToken);
  return session;
}

/** GET /console/api/session: the session, or null when signed out (401). */
export async function loadSession(): Promise<Session | null> {
  try {
    return remember(must(await api.GET('/console/api/session')));
  } catch (err) {
    if (err instanceof ApiError && (err.status === 401 || err.status === 404)) {
      setCsrfToken(undefined);
      return null;
    }
    throw err;
  }
}

/**
 * The current session (null: signed out); `undefined` while the first answer is on its way.
 * ```tsx
 * const { data: session } = useSession();
 * ```
 */
export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: loadSession, staleTime: 60_000, retry: (n, err) => err instanceof ApiError && err.offline && n < 2 });
}

function replaceSession(client: QueryClient, session: Session | null): void {
  client.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
  client.setQueryData(SESSION_KEY, session);
}

/** POST /console/api/session with email and password. */
export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: { email: string; password: string }) => remember(must(await api.POST('/console/api/session', { body }))),
    onSuccess: (session) => replaceSession(client, session),
  });
}

/** DELETE /console/api/session; the local session is dropped even when the server is unreachable. */
export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      try {
        await api.DELETE('/console/api/session');
      } finally {
        setCsrfToken(undefined);
      }
    },
    onSettled: () => replaceSession(client, null),
  });
}

/** PUT /console/api/session/organization: the same user, another of their organizations. */
export function useSwitchOrganization() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (organizationId: string) => remember(must(await api.PUT('/console/api/session/organization', { body: { organizationId } }))),
    onSuccess: (session) => replaceSession(client, session),
  });
}

/**
 * Whether the signed-in role may change things (owners and users; readers only read).
 * ```tsx
 * {canWrite(session) && <button>Dismiss</button>}
 * ```
 */
export function canWrite(session: Session | null | undefined): boolean {
  return session?.role === 'owner' || session?.role === 'user';
}
