/**
 * `GET /api/v1/agents` and `GET /api/v1/agents/{id}` (reference §2.1): every agent, online or offline.
 * @module
 */
import { Type } from 'typebox';
import type { TypeBoxRequestProvider } from '../../http/type-provider.js';
import type { FastifyInstance } from 'fastify';
import { callerOf } from '../../http/caller.js';
import { apiError } from '../../errors.js';
import { errorResponses } from '../../http/schemas.js';
import { presentAgentV1 } from '../../presenters/v1.js';
import { ItemQuery, ListQuery, pick, readListQuery, requestedFields } from './list-query.js';
import { V1Agent } from './schemas.js';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) });

/** Registers the v1 agent routes on an API-key-protected context. */
export async function agentRoutesV1(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxRequestProvider>();
  const { store } = app.vigil;

  app.get(
    '/agents',
    {
      schema: {
        tags: ['REST v1'],
        summary: 'List agents (v1)',
        description:
          'Agents of the organization, online and offline, newest first. `start`/`end` filter on `created_at`.',
        security: [{ v1ApiKey: [] }],
        querystring: ListQuery,
        response: { 200: Type.Array(V1Agent), ...errorResponses(400, 401, 429) },
      },
    },
    async (request) => {
      const { page, range } = readListQuery(request.query);
      const fields = requestedFields(request.query.fields);
      const agents = await store.agents.listByOffset(callerOf(request).orgId, range, page);
      return agents.map((a) => pick(presentAgentV1(a), fields));
    },
  );

  app.get(
    '/agents/:id',
    {
      schema: {
        tags: ['REST v1'],
        summary: 'Get one agent (v1)',
        security: [{ v1ApiKey: [] }],
        params: IdParams,
        querystring: ItemQuery,
        response: { 200: V1Agent, ...errorResponses(401, 404, 429) },
      },
    },
    async (request) => {
      const agent = await store.agents.get(callerOf(request).orgId, request.params.id);
      if (!agent) throw apiError('VIGIL_NOT_FOUND', 'Agent');
      return pick(presentAgentV1(agent), requestedFields(request.query.fields));
    },
  );
}
