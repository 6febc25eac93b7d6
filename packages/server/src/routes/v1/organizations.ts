/**
 * `GET /api/v1/organizations` and `GET /api/v1/organizations/{id}/users` (reference §2.1, §7): the
 * organizations the API key's user belongs to, and the members of one of them. Not paginated, as in v1.
 * @module
 */
import { Type } from 'typebox';
import type { Organization, Role } from '@vigil/store';
import type { TypeBoxRequestProvider } from '../../http/type-provider.js';
import type { FastifyInstance } from 'fastify';
import { callerOf } from '../../http/caller.js';
import { apiError } from '../../errors.js';
import { errorResponses } from '../../http/schemas.js';
import { presentOrganizationV1, presentUserV1 } from '../../presenters/v1.js';
import { ItemQuery, pick, requestedFields } from './list-query.js';
import { V1Organization, V1User } from './schemas.js';

/** Registers the v1 organization routes on an API-key-protected context. */
export async function organizationRoutesV1(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxRequestProvider>();
  const { store } = app.vigil;

  app.get(
    '/organizations',
    {
      schema: {
        tags: ['REST v1'],
        summary: 'List your organizations (v1)',
        description: 'Every organization the API key’s user is a member of, with their role; not paginated.',
        security: [{ v1ApiKey: [] }],
        querystring: ItemQuery,
        response: { 200: Type.Array(V1Organization), ...errorResponses(400, 401, 429) },
      },
    },
    async (request) => {
      const fields = requestedFields(request.query.fields);
      const out: Array<{ org: Organization; role: Role }> = [];
      for (const m of await store.memberships.listForUser(callerOf(request).userId)) {
        const org = await store.organizations.get(m.orgId);
        if (org) out.push({ org, role: m.role });
      }
      return out.map(({ org, role }) => pick(presentOrganizationV1(org, role), fields));
    },
  );

  app.get(
    '/organizations/:id/users',
    {
      schema: {
        tags: ['REST v1'],
        summary: 'List the users of one of your organizations (v1)',
        description:
          'Members of an organization the API key’s user belongs to (it need not be the `Organization` header’s); 404 for any other id. Not paginated.',
        security: [{ v1ApiKey: [] }],
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) }),
        querystring: ItemQuery,
        response: { 200: Type.Array(V1User), ...errorResponses(401, 404, 429) },
      },
    },
    async (request) => {
      const orgId = request.params.id;
      // Membership, not the org's existence, decides: another organization's id is as unknown as a made-up one.
      if (!(await store.memberships.get(orgId, callerOf(request).userId))) throw apiError('VIGIL_NOT_FOUND', 'Organization');
      const fields = requestedFields(request.query.fields);
      const members = await store.memberships.listMembers(orgId);
      return members.map((m) => pick(presentUserV1(m, orgId), fields));
    },
  );
}
