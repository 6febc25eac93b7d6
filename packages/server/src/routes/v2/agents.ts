/**
 * `GET /v2/agents` and `GET /v2/agents/{id}` (reference §2 rows 1–2), and Vigil's own reads of an agent's
 * package inventory (Threat Stack showed packages only through vulnerabilities).
 * @module
 */
import { Type } from 'typebox';
import { AGENT_STATUSES, AGENT_TYPES } from '@vigil/store';
import type { TypeBoxTypeProvider } from '../../http/type-provider.js';
import type { FastifyInstance } from 'fastify';
import { callerOf } from '../../http/caller.js';
import { apiError } from '../../errors.js';
import { cursorFrom, pageBody } from '../../http/paging.js';
import { Agent, CloudMetadata, errorResponses, InstalledPackage, PackageChange, StringEnum, Paged, TimeQuery, TokenQuery } from '../../http/schemas.js';
import { parseTimeRange } from '../../http/time.js';
import { presentAgent, presentPackage, presentPackageChange } from '../../presenters/v2.js';

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
const AgentParams = Type.Object({ agentId: Type.String({ minLength: 1, maxLength: 128 }) });
const PageQuery = Type.Object({ ...TokenQuery });

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
        params: AgentParams,
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

  const packageTokens = app.vigil.tokens('agent-packages');
  const changeTokens = app.vigil.tokens('agent-package-changes');
  /** The agent in the caller's organization, else 404 (another organization's agent is not found either). */
  const agentOf = async (request: { params: { agentId: string } } & Parameters<typeof callerOf>[0]) => {
    const orgId = callerOf(request).orgId;
    if (!(await store.agents.get(orgId, request.params.agentId))) throw apiError('VIGIL_NOT_FOUND', 'Agent');
    return { orgId, agentId: request.params.agentId };
  };

  app.get(
    '/agents/:agentId/cloud',
    {
      schema: {
        tags: ['Agents'],
        summary: "An agent's cloud instance metadata",
        description:
          "What the instance metadata service (AWS, GCP or Azure) told the agent about its instance; 404 when it reported none. Kept off the agent object itself: Threat Stack's scripts refuse agent fields they do not know.",
        params: AgentParams,
        response: { 200: CloudMetadata, ...errorResponses(401, 404, 429) },
      },
    },
    async (request) => {
      const agent = await store.agents.get(callerOf(request).orgId, request.params.agentId);
      if (!agent) throw apiError('VIGIL_NOT_FOUND', 'Agent');
      if (!agent.cloud) throw apiError('VIGIL_NOT_FOUND', 'Cloud metadata of this agent');
      return agent.cloud;
    },
  );

  app.get(
    '/agents/:agentId/packages',
    {
      schema: {
        tags: ['Agents'],
        summary: "List the packages installed on an agent's host",
        description:
          'The inventory the agent last reported (dpkg, rpm or apk), by name, arch and version, 100 per page; empty until the agent reports one.',
        params: AgentParams,
        querystring: PageQuery,
        response: { 200: Paged('packages', InstalledPackage), ...errorResponses(400, 401, 404, 429) },
      },
    },
    async (request) => {
      const { orgId, agentId } = await agentOf(request);
      // The agent id is part of the token's query, so a token of one agent's list does not page another's.
      const query = { ...request.query, agentId };
      const page = await store.inventory.listPackages(orgId, agentId, { limit: PAGE_SIZE, after: cursorFrom(packageTokens, query) });
      return pageBody('packages', page, presentPackage, packageTokens, query);
    },
  );

  app.get(
    '/agents/:agentId/packages/changes',
    {
      schema: {
        tags: ['Agents'],
        summary: "History of an agent's package inventory",
        description: 'Packages added, removed or changed to another version, newest first, 100 per page. The first inventory an agent reports is recorded as additions.',
        params: AgentParams,
        querystring: PageQuery,
        response: { 200: Paged('changes', PackageChange), ...errorResponses(400, 401, 404, 429) },
      },
    },
    async (request) => {
      const { orgId, agentId } = await agentOf(request);
      const query = { ...request.query, agentId };
      const page = await store.inventory.listChanges(orgId, agentId, { limit: PAGE_SIZE, after: cursorFrom(changeTokens, query) });
      return pageBody('changes', page, presentPackageChange, changeTokens, query);
    },
  );
}
