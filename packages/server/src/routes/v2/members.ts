/**
 * Organization members and invites (reference §2 rows 28–31). Owners may grant any role; users may
 * grant only `user` or `reader` and may not touch owners; readers are refused before reaching here.
 * @module
 */
import { Type } from 'typebox';
import { ROLES, type Role } from '@vigil/store';
import type { TypeBoxTypeProvider } from '../../http/type-provider.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { callerOf } from '../../http/caller.js';
import { apiError } from '../../errors.js';
import { errorResponses, Invite, Member, NoContent, StringEnum } from '../../http/schemas.js';
import { presentInvite, presentMember } from '../../presenters/v2.js';

const RoleSchema = StringEnum(ROLES);
const UserId = Type.String({ minLength: 1, maxLength: 64 });
// Deliberately simple: one @, no spaces, a dot in the domain. Mail servers decide the rest.
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{1,63}$/;

const AddBody = Type.Object({ id: UserId, role: RoleSchema });
// What the organization learns about a user of another organization before they accept: the id it sent.
const PendingMember = Type.Object(
  { id: Type.String(), role: Type.String(), status: Type.Literal('pending') },
  { title: 'PendingMember' },
);
const InviteBody = Type.Object({
  email: Type.String({ maxLength: 320, description: 'address the invite is for' }),
  role: RoleSchema,
});

/**
 * Throws 403 unless the caller may grant (or withdraw) this role: only owners handle the owner role.
 * ```ts
 * mayGrant(request, invite.role);
 * ```
 */
export function mayGrant(request: FastifyRequest, role: Role): void {
  if (role === 'owner' && callerOf(request).role !== 'owner') {
    throw apiError('VIGIL_FORBIDDEN', 'only owners can grant or change the owner role');
  }
}

/** Registers the member and invite routes on a Hawk-protected context. */
export async function memberRoutes(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const { store } = app.vigil;

  app.get(
    '/organizations/members',
    {
      schema: {
        tags: ['Organization'],
        summary: 'List members',
        querystring: Type.Object({ enabledOnly: Type.Optional(Type.Boolean()) }),
        response: { 200: Type.Object({ members: Type.Array(Member) }), ...errorResponses(400, 401, 429) },
      },
    },
    async (request) => {
      const members = await store.memberships.listMembers(callerOf(request).orgId, {
        enabledOnly: request.query.enabledOnly === true,
      });
      return { members: members.map(presentMember) };
    },
  );

  app.post(
    '/organizations/members',
    {
      schema: {
        tags: ['Organization'],
        summary: 'Add an existing user to the organization (or change their role)',
        description:
          "A member's role changes at once, and a user of no organization joins at once. A user of another organization is invited instead: the answer is only {id, role, status: \"pending\"}, and they join when they accept (GET /v2/invites, POST /v2/invites/{id}/accept).",
        body: AddBody,
        response: { 200: Type.Union([Member, PendingMember]), ...errorResponses(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => {
      const { orgId } = callerOf(request);
      const { id, role } = request.body;
      mayGrant(request, role);
      const user = await store.users.get(id);
      if (!user) throw apiError('VIGIL_NOT_FOUND', 'User');
      const existing = await store.memberships.get(orgId, id);
      if (!existing && (await store.memberships.listForUser(id)).length > 0) {
        // Another organization's user: invite them, and disclose nothing about them until they accept.
        const invite = await store.invites.create({ orgId, email: user.email.toLowerCase(), role, invitedBy: callerOf(request).userId });
        await app.vigil.audit(request, {
          crud: 'create',
          action: 'invite_member',
          description: `Invited user ${id} as ${role}`,
          context: { inviteId: invite.id, memberId: id, role },
        });
        return { id, role, status: 'pending' as const };
      }
      if (existing?.role === 'owner') {
        mayGrant(request, 'owner');
        if (role !== 'owner' && (await store.memberships.countOwners(orgId)) <= 1) {
          throw apiError('VIGIL_CONFLICT', 'The organization must keep at least one owner');
        }
      }
      await store.memberships.upsert(orgId, id, role);
      await app.vigil.audit(request, {
        crud: existing ? 'update' : 'create',
        action: existing ? 'change_member_role' : 'add_member',
        description: `${existing ? 'Changed role of' : 'Added'} ${user.email} as ${role}`,
        context: { memberId: id, role, previousRole: existing?.role ?? null },
      });
      const member = (await store.memberships.listMembers(orgId)).find((m) => m.id === id)!;
      return presentMember(member);
    },
  );

  app.delete(
    '/organizations/members/:userId',
    {
      schema: {
        tags: ['Organization'],
        summary: 'Remove a member (204)',
        params: Type.Object({ userId: UserId }),
        response: { 204: NoContent, ...errorResponses(401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const { orgId } = callerOf(request);
      const { userId } = request.params;
      const existing = await store.memberships.get(orgId, userId);
      if (!existing) throw apiError('VIGIL_NOT_FOUND', 'Member');
      if (existing.role === 'owner') {
        mayGrant(request, 'owner');
        if ((await store.memberships.countOwners(orgId)) <= 1) {
          throw apiError('VIGIL_CONFLICT', 'The organization must keep at least one owner');
        }
      }
      await store.memberships.remove(orgId, userId);
      await app.vigil.audit(request, {
        crud: 'delete',
        action: 'remove_member',
        description: `Removed member ${userId}`,
        context: { memberId: userId, role: existing.role },
      });
      return reply.code(204).send();
    },
  );

  const inviteOptions = {
    schema: {
      tags: ['Organization'],
      summary: 'Invite someone by email (POST and PUT both work, as Threat Stack clients use either)',
      body: InviteBody,
      response: { 200: Invite, ...errorResponses(400, 401, 403, 429) },
    },
  };
  const invite = async (request: FastifyRequest<{ Body: Type.Static<typeof InviteBody> }>) => {
    const { email, role } = request.body;
    if (!EMAIL.test(email)) throw apiError('VIGIL_INVALID_PARAMETER', 'body field email', 'not an email address');
    mayGrant(request, role);
    const created = await store.invites.create({
      orgId: callerOf(request).orgId,
      email: email.toLowerCase(),
      role,
      invitedBy: callerOf(request).userId,
    });
    await app.vigil.audit(request, {
      crud: 'create',
      action: 'invite_member',
      description: `Invited ${created.email} as ${role}`,
      context: { inviteId: created.id, email: created.email, role },
    });
    return presentInvite(created);
  };
  app.post('/organizations/invites', inviteOptions, invite);
  app.put('/organizations/invites', inviteOptions, invite);
}
