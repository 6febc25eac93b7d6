/**
 * `GET /v2/agents` and `GET /v2/agents/{id}` (reference §2 rows 1–2).
 * @module
 */
import { Type } from 'typebox';
import { AGENT_STATUSES, AGENT_TYPES } from '@vigil/store';
import type { TypeBoxTypeProvider } from '../../http/type-provider.js';
import type { FastifyInstance } from 'fastify';
import { callerOf } from '../../http/caller.js';
import { apiError } from '../../errors.js';
import { cursorFrom, pageBody } from '../../http/paging.js';
import { Agent, errorResponses, StringEnum, Paged, TimeQuery, TokenQuery } from '../../http/schemas.js';
import { parseTimeRange } from '../../http/time.js';
import { presentAgent } from '../../presenters/v2.js';

const ListQuery = Type.Object({
  status: StringEnum(AGENT_STATUSES, { description: 'required' }),
  type: Type.Optional(StringEnum(AGENT_TYPES)),
  hostname: Type.Optional(Type.String({ maxLength: 255 })),
  instanceId: Type.Optional(Type.String({ maxLength: 128 })),
  ...TimeQuery,
  ...TokenQuery,
});
type ListQuery = Type.Static<typeof ListQuery>;

export const PAGE_SIZE = 100;

/** Registers the agent routes on a Hawk-protected context. */
export async function agentRoutes(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const { store, responses } = app.vigil;
  const tokens = app.vigil.tokens('agents');

  app.get(
    '/agents',
    {
      schema: {
        tags: ['Agents'],
        summary: 'List agents',
        description:
          'Agents of the organization, newest first, 100 per page. `from`/`until` filter on `createdAt` and are open-ended by default.',
        querystring: ListQuery,
        response: { 200: Paged('agents', Agent), ...errorResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const range = parseTimeRange(q);
      const after = cursorFrom(tokens, q);
      return responses.serve(request, reply, 'agents', async () => {
        const page = await store.agents.list(
          callerOf(request).orgId,
          { status: q.status, agentType: q.type, hostname: q.hostname, instanceId: q.instanceId, ...range },
          { limit: PAGE_SIZE, after },
        );
        return pageBody('agents', page, presentAgent, tokens, q);
      });
    },
  );

  app.get(
    '/agents/:agentId',
    {
      schema: {
        tags: ['Agents'],
        summary: 'Get one agent',
        params: Type.Object({ agentId: Type.String({ minLength: 1, maxLength: 128 }) }),
        response: { 200: Agent, ...errorResponses(401, 404, 429) },
      },
    },
    async (request, reply) =>
      responses.serve(request, reply, 'agents', async () => {
        const agent = await store.agents.get(callerOf(request).orgId, request.params.agentId);
        if (!agent) throw apiError('VIGIL_NOT_FOUND', 'Agent');
        return presentAgent(agent);
      }),
  );
}
