/**
 * OAuth client management for owners ("Settings › OAuth Management"): `GET/POST /api/oauth/clients` and
 * `DELETE /api/oauth/clients/{client_id}`, with a bearer token of an owner of the organization. The secret
 * is shown once, on creation. The CLI (`vigil admin oauth-clients …`) does the same on the database, and
 * is how the first client is made.
 * @module
 */
import { StoreValidationError } from '@vigil/store';
import type { TypeBoxRequestProvider } from '../../http/type-provider.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { callerOf } from '../../http/caller.js';
import { Type } from 'typebox';
import { apiError } from '../../errors.js';
import { presentOAuthClient } from '../../presenters/threatq.js';
import { BEARER, TAG, tqErrors } from './schemas.js';

const Client = Type.Object(
  {
    id: Type.String(),
    client_id: Type.String(),
    client_secret: Type.Optional(Type.String({ description: 'only in the answer to POST' })),
    name: Type.String(),
    user_id: Type.String(),
    created_at: Type.String(),
    revoked_at: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'OAuthClient' },
);

function requireOwner(request: FastifyRequest): void {
  if (request.auth?.role !== 'owner') throw apiError('VIGIL_FORBIDDEN', 'only owners manage OAuth clients');
}

/** Registers the OAuth client routes on the bearer-protected /api context. */
export async function oauthClientRoutes(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxRequestProvider>();
  const { store } = app.vigil;

  app.get(
    '/oauth/clients',
    {
      schema: {
        tags: [TAG],
        summary: "List the organization's OAuth clients (owners)",
        security: BEARER,
        response: { 200: Type.Object({ total: Type.Integer(), data: Type.Array(Client) }), ...tqErrors(401, 403, 429) },
      },
    },
    async (request) => {
      requireOwner(request);
      const clients = await store.oauth.listClients(callerOf(request).orgId);
      return { total: clients.length, data: clients.map((c) => presentOAuthClient(c)) };
    },
  );

  app.post(
    '/oauth/clients',
    {
      schema: {
        tags: [TAG],
        summary: 'Create an OAuth client (owners)',
        description: 'The client acts for the calling owner in the client-credentials grant; the secret is answered once.',
        security: BEARER,
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
        response: { 201: Type.Object({ data: Client }), ...tqErrors(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      requireOwner(request);
      try {
        const { client, secret } = await store.oauth.createClient({ orgId: callerOf(request).orgId, userId: callerOf(request).userId, name: request.body.name });
        await app.vigil.audit(request, { crud: 'create', action: 'oauth_clients.create', description: `Created OAuth client ${client.name}`, context: { clientId: client.id } });
        return reply.code(201).send({ data: presentOAuthClient(client, secret) });
      } catch (err) {
        if (err instanceof StoreValidationError) throw apiError('VIGIL_BAD_REQUEST', err.message);
        throw err;
      }
    },
  );

  app.delete(
    '/oauth/clients/:id',
    {
      schema: {
        tags: [TAG],
        summary: 'Revoke an OAuth client and its tokens (owners)',
        security: BEARER,
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 204: { type: 'null', description: 'revoked' }, ...tqErrors(401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      requireOwner(request);
      if (!(await store.oauth.revokeClient(request.params.id, callerOf(request).orgId))) throw apiError('VIGIL_NOT_FOUND', 'OAuth client');
      await app.vigil.audit(request, { crud: 'delete', action: 'oauth_clients.revoke', description: 'Revoked an OAuth client', context: { clientId: request.params.id } });
      return reply.code(204).send();
    },
  );
}
