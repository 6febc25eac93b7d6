/**
 * Settings › Members' pending invites: `GET /invites` lists the organization's pending invites and
 * `DELETE /invites/{id}` revokes one. Threat Stack's REST v2 only creates invites
 * (`POST|PUT /v2/organizations/invites`, which the console calls with the same session); listing and
 * withdrawing them was its console's alone. Revoking follows the v2 member rules: readers may not, and only
 * owners withdraw an invite to the owner role.
 * @module
 */
import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import { apiError } from '../../errors.js';
import { callerOf } from '../../http/caller.js';
import { errorResponses, NoContent } from '../../http/schemas.js';
import { formatTime } from '../../http/time.js';
import type { TypeBoxTypeProvider } from '../../http/type-provider.js';
import { refuseReaderWrite } from '../../auth/reader-writes.js';
import { mayGrant } from '../v2/members.js';
import { CONSOLE_TAG, SESSION_SECURITY } from './schemas.js';

const PendingInvite = Type.Object(
  {
    id: Type.String(),
    email: Type.String({ description: 'lower-cased, as the invitee signs in' }),
    role: Type.String(),
    status: Type.String({ description: 'always pending here' }),
    invitedBy: Type.Union([Type.String(), Type.Null()], { description: 'the user id of who invited' }),
    createdAt: Type.String(),
  },
  { title: 'PendingInvite' },
);

/**
 * Registers the invite routes on a session-authenticated context.
 * ```ts
 * await signedIn.register(inviteRoutes);
 * ```
 */
export async function inviteRoutes(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const { store } = app.vigil;

  app.get(
    '/invites',
    {
      schema: {
        tags: [CONSOLE_TAG],
        summary: "The organization's pending invites, newest first",
        security: SESSION_SECURITY,
        response: { 200: Type.Object({ invites: Type.Array(PendingInvite) }), ...errorResponses(401, 403, 429) },
      },
    },
    async (request) => {
      const invites = (await store.invites.list(callerOf(request).orgId)).filter((i) => i.status === 'pending');
      return { invites: invites.map((i) => ({ id: i.id, email: i.email, role: i.role, status: i.status, invitedBy: i.invitedBy, createdAt: formatTime(i.createdAt) })) };
    },
  );

  app.delete(
    '/invites/:inviteId',
    {
      schema: {
        tags: [CONSOLE_TAG],
        summary: 'Revoke a pending invite (204); it can no longer be accepted',
        description: 'Readers get 403, and so does anyone but an owner for an invite to the owner role.',
        security: SESSION_SECURITY,
        params: Type.Object({ inviteId: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 204: NoContent, ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const { orgId, role } = callerOf(request);
      refuseReaderWrite(request, role);
      const invite = (await store.invites.list(orgId)).find((i) => i.id === request.params.inviteId && i.status === 'pending');
      if (!invite) throw apiError('VIGIL_NOT_FOUND', 'Invite');
      mayGrant(request, invite.role);
      if (!(await store.invites.revoke(orgId, invite.id))) throw apiError('VIGIL_NOT_FOUND', 'Invite');
      await app.vigil.audit(request, {
        crud: 'delete',
        action: 'revoke_invite',
        description: `Revoked the invite of ${invite.email} as ${invite.role}`,
        context: { inviteId: invite.id, email: invite.email, role: invite.role },
      });
      return reply.code(204).send();
    },
  );
}
