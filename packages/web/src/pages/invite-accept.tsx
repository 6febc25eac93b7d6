/**
 * /invites/<id>: the link an invitee is sent. Signed in (RequireSession brings them back here after
 * sign-in), they see the organization and the role they are invited to and accept
 * (POST /v2/invites/{id}/accept), then may switch to it. The invite is looked up among those addressed to
 * them (GET /v2/invites): one that is not theirs, already accepted, revoked or expired is not there, and
 * the page says so rather than offering a button that would fail.
 */
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, must } from '../api/client.js';
import { SESSION_KEY, useSession, useSwitchOrganization } from '../api/session.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorList } from '../components/error-list.js';

export function InviteAcceptPage() {
  const inviteId = useParams().inviteId ?? '';
  const client = useQueryClient();
  const { data: session } = useSession();
  const switcher = useSwitchOrganization();
  const [joined, setJoined] = useState<{ organizationId: string; role: string; name: string } | undefined>();
  const mine = useQuery({ queryKey: ['my-invites'], queryFn: async ({ signal }) => must(await api.GET('/v2/invites', { signal })).invites });
  const invite = mine.data?.find((i) => i.id === inviteId);
  const accept = useMutation({
    mutationFn: async () => must(await api.POST('/v2/invites/{inviteId}/accept', { params: { path: { inviteId } } })),
    onSuccess: async (answer) => {
      setJoined({ ...answer, name: invite?.organizationName || answer.organizationId });
      // The session lists the user's organizations: the new one appears in the switcher.
      await Promise.all([client.invalidateQueries({ queryKey: SESSION_KEY }), client.invalidateQueries({ queryKey: ['my-invites'] })]);
    },
  });
  return (
    <section aria-labelledby="invite-title">
      <h1 id="invite-title">Invitation</h1>
      <ErrorList error={mine.error} />
      {mine.isPending && <p role="status">Looking up the invitation…</p>}
      {joined ? (
        <div className="panel">
          <p role="status">
            You joined {joined.name} as {joined.role}.
          </p>
          {session?.organizationId !== joined.organizationId && (
            <button type="button" className="primary" disabled={switcher.isPending} onClick={() => switcher.mutate(joined.organizationId)}>
              Switch to {joined.name}
            </button>
          )}
          <ErrorList error={switcher.error} />
        </div>
      ) : (
        mine.data &&
        (invite ? (
          <div className="panel">
            <p>
              You are invited to join <strong>{invite.organizationName || invite.organizationId}</strong> as <strong>{invite.role}</strong>.
            </p>
            <ErrorList error={accept.error} />
            <button type="button" className="primary" disabled={accept.isPending} onClick={() => accept.mutate()}>
              {accept.isPending ? 'Joining…' : 'Accept invitation'}
            </button>
          </div>
        ) : (
          <EmptyState title="This invitation cannot be accepted">
            <p>
              No pending invitation {inviteId} is addressed to {session?.user.email ?? "you"}: it may have been accepted already, revoked or expired, or sent to another
              email address. Ask whoever invited you for a new one, or sign in with the invited address.
            </p>
            <p>
              <Link to="/">Go to the dashboard</Link>
            </p>
          </EmptyState>
        ))
      )}
    </section>
  );
}
