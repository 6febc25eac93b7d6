/**
 * The caller's own invitations: `GET /v2/invites` lists the pending ones addressed to their email (from any
 * organization; Hawk `ext` is any organization they already belong to) and `POST /v2/invites/{id}/accept`
 * joins that organization with the invited role. Until then the inviting organization sees only the user id.
 * @module
 */
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '../../http/type-provider.js';
import type { FastifyInstance } from 'fastify';
import { callerOf } from '../../http/caller.js';
import { apiError } from '../../errors.js';
import { errorResponses } from '../../http/schemas.js';

const MyInvite = Type.Object(
  {
    id: Type.String(),
    organizationId: Type.String(),
    organizationName: Type.String({ description: 'so the invitee knows whom they would join (a Vigil addition)' }),
    role: Type.String(),
    status: Type.String(),
  },
  { title: 'MyInvite' },
);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** a write that readers may make too: it changes nothing in the organization they sign in with */
    anyRole?: boolean;
  }
}

/** Registers the routes on a Hawk-protected context. */
export async function myInviteRoutes(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const { store } = app.vigil;

  app.get(
    '/invites',
    {
      schema: {
        tags: ['Organization'],
        summary: 'Pending invitations addressed to you, from any organization',
        response: { 200: Type.Object({ invites: Type.Array(MyInvite) }), ...errorResponses(401, 429) },
      },
    },
    async (request) => {
      const invites = await store.invites.listPendingFor(callerOf(request).userEmail);
      const named = await Promise.all(invites.map(async (i) => ({ i, org: await store.organizations.get(i.orgId) })));
      return { invites: named.map(({ i, org }) => ({ id: i.id, organizationId: i.orgId, organizationName: org?.name ?? '', role: i.role, status: i.status })) };
    },
  );

  app.post(
    '/invites/:inviteId/accept',
    {
      config: { anyRole: true },
      schema: {
        tags: ['Organization'],
        summary: 'Accept an invitation addressed to you and join its organization',
        params: Type.Object({ inviteId: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: {
          200: Type.Object({ organizationId: Type.String(), role: Type.String() }),
          ...errorResponses(401, 404, 429),
        },
      },
    },
    async (request) => {
      const { userId, userEmail } = callerOf(request);
      const invite = await store.invites.accept(request.params.inviteId, userEmail);
      if (!invite) throw apiError('VIGIL_NOT_FOUND', 'Invite');
      // Already a member (invited twice, or added since): the current role stands.
      const current = await store.memberships.get(invite.orgId, userId);
      const role = current?.role ?? (await store.memberships.upsert(invite.orgId, userId, invite.role)).role;
      return { organizationId: invite.orgId, role };
    },
  );
}
