/**
 * `POST /agent/v1/heartbeat`: the agent is alive (and may refresh what it knows about its host).
 * @module
 */
import { Type } from 'typebox';
import type { AgentReport } from '@vigil/store';
import { agentOf } from '../../http/caller.js';
import type { TypeBoxTypeProvider } from '../../http/type-provider.js';
import type { FastifyInstance } from 'fastify';
import { apiError } from '../../errors.js';
import { CloudMetadata, errorResponses } from '../../http/schemas.js';

const Text = (maxLength: number) => Type.String({ maxLength });
const Addresses = Type.Optional(Type.Array(Text(64), { maxItems: 256 }));

const HeartbeatBody = Type.Object(
  {
    hostname: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    version: Type.Optional(Text(64)),
    osVersion: Type.Optional(Text(255)),
    kernel: Type.Optional(Text(255)),
    ipAddresses: Type.Optional(Type.Object({ private: Addresses, link_local: Addresses, public: Addresses })),
    tags: Type.Optional(
      Type.Array(Type.Object({ source: Text(255), key: Text(255), value: Text(1024) }), { maxItems: 256 }),
    ),
    agentModuleHealth: Type.Optional(
      Type.Object({}, { additionalProperties: true, description: 'e.g. {"isHealthy": true, "dnsTracer": "HEALTHY"}' }),
    ),
    cloud: Type.Optional(Type.Union([CloudMetadata, Type.Null()], { description: "the instance metadata service's answer; null: not a cloud instance" })),
  },
  { description: 'Optional; fields sent replace the stored ones, omitted fields are kept. Unknown fields are ignored.' },
);

/** Registers the route on the agent-authenticated context. */
export async function heartbeatRoute(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const { store } = app.vigil;

  // A POST without a body is the plain heartbeat; the schema then sees an empty report, not a missing body.
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined || request.body === null) request.body = {};
  });

  app.post(
    '/heartbeat',
    {
      schema: {
        tags: ['Agent protocol'],
        summary: 'Report that the agent is alive',
        description:
          'Hawk-signed by the agent. Sets `lastReportedAt` and status `online`; an agent silent for `VIGIL_AGENT_OFFLINE_SECONDS` (default 300) is marked offline. The body is optional.',
        security: [{ agentHawk: [] }],
        body: HeartbeatBody,
        response: {
          200: Type.Object({
            status: Type.Literal('online'),
            serverTime: Type.String({ format: 'date-time', description: 'to let the agent notice a skewed clock' }),
            inventoryDigest: Type.Union([Type.String(), Type.Null()], {
              description: "digest of the agent's stored package inventory (null: none); an agent holding another sends its full list",
            }),
          }),
          ...errorResponses(400, 401),
        },
      },
    },
    async (request) => {
      const agent = agentOf(request);
      const body = request.body; // {} for a POST without one (the hook above)
      const now = Date.now();
      const report: AgentReport = {
        hostname: body.hostname,
        version: body.version,
        osVersion: body.osVersion,
        kernel: body.kernel,
        ipAddresses: body.ipAddresses && {
          private: body.ipAddresses.private ?? [],
          link_local: body.ipAddresses.link_local ?? [],
          public: body.ipAddresses.public ?? [],
        },
        tags: body.tags,
        agentModuleHealth: body.agentModuleHealth as Record<string, unknown> | undefined,
        cloud: body.cloud,
      };
      if (!(await store.ingest.heartbeat(agent.orgId, agent.agentId, now, report))) {
        // Deleted between authentication and now.
        throw apiError('VIGIL_UNAUTHORIZED', 'agent no longer exists');
      }
      const inventory = await store.inventory.state(agent.orgId, agent.agentId);
      return { status: 'online' as const, serverTime: new Date(now).toISOString(), inventoryDigest: inventory?.digest ?? null };
    },
  );
}
