/**
 * `POST /agent/v1/register`: an agent trades its organization's deploy key for its own id and Hawk secret.
 * @module
 */
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '../../http/type-provider.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../../errors.js';
import { CloudMetadata, errorResponses, StringEnum } from '../../http/schemas.js';
import { installIpRateLimit } from '../../limits/rate-limit-hooks.js';
import type { RateLimiters } from '../../limits/rate-limiters.js';

const Text = (maxLength: number, description?: string) => Type.String({ maxLength, ...(description ? { description } : {}) });
const Addresses = Type.Optional(Type.Array(Text(64), { maxItems: 256 }));

const RegisterBody = Type.Object(
  {
    hostname: Type.String({ minLength: 1, maxLength: 255, description: "the host's name; stamped on every event" }),
    deployKey: Type.Optional(Text(1024, 'alternative to the Authorization header')),
    instanceId: Type.Optional(Type.Union([Text(128, 'cloud instance id, e.g. i-0abc…'), Type.Null()])),
    name: Type.Optional(Text(255, 'display name (default: the hostname)')),
    description: Type.Optional(Text(1000)),
    version: Type.Optional(Text(64, 'agent version')),
    osVersion: Type.Optional(Text(255)),
    kernel: Type.Optional(Text(255)),
    agentType: Type.Optional(StringEnum(['monitor', 'investigate'], { description: "default 'investigate'" })),
    ipAddresses: Type.Optional(Type.Object({ private: Addresses, link_local: Addresses, public: Addresses })),
    tags: Type.Optional(
      Type.Array(Type.Object({ source: Text(255), key: Text(255), value: Text(1024) }), { maxItems: 256 }),
    ),
    cloud: Type.Optional(Type.Union([CloudMetadata, Type.Null()], { description: "the instance metadata service's answer; its instanceId is the default instanceId" })),
  },
  { description: 'Facts about the host. Unknown fields are ignored, so newer agents can register with older servers.' },
);

declare module 'fastify' {
  interface FastifyRequest {
    /** the organization whose deploy key the registering agent presented */
    deployOrgId?: string;
  }
}

function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match?.[1] ?? '';
  }
  const body = request.body as { deployKey?: unknown } | undefined;
  return typeof body?.deployKey === 'string' ? body.deployKey : undefined;
}

/** Registers the route on the agent context; `limiters` throttle registration attempts per client IP. */
export async function registerRoute(parent: FastifyInstance, options: { limiters: RateLimiters }): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const { store } = app.vigil;
  installIpRateLimit(app, options.limiters);

  // Authentication before validation (as on every other surface): a wrong key is a 401 whatever the body.
  app.addHook('preValidation', async (request: FastifyRequest) => {
    const key = presentedKey(request);
    if (key === undefined) {
      throw new ApiError('VIGIL_UNAUTHORIZED', 'Unauthorized: send the deploy key as Authorization: Bearer <key>', {
        'www-authenticate': 'Bearer',
      });
    }
    const orgId = await store.deployKeys.findOrg(key);
    if (orgId === undefined) {
      throw new ApiError('VIGIL_UNAUTHORIZED', 'Unauthorized: unknown or revoked deploy key', {
        'www-authenticate': 'Bearer error="invalid_token"',
      });
    }
    request.deployOrgId = orgId;
  });

  app.post(
    '/register',
    {
      schema: {
        tags: ['Agent protocol'],
        summary: 'Register an agent with the organization deploy key',
        description:
          'Authenticated with `Authorization: Bearer <deploy key>` (or `deployKey` in the body). Creates the agent (online) and returns its id and Hawk secret, once: later calls sign with id = `agentId`, key = `secret`, sha256. Registering again creates another agent.',
        security: [{ deployKey: [] }],
        body: RegisterBody,
        response: {
          200: Type.Object({
            agentId: Type.String(),
            secret: Type.String({ description: 'Hawk key of the agent; shown only in this response' }),
            organizationId: Type.String(),
          }),
          ...errorResponses(400, 401, 429),
        },
      },
    },
    async (request, reply) => {
      const orgId = request.deployOrgId!;
      const body = request.body;
      const { agent, secret } = await store.ingest.registerAgent({
        orgId,
        hostname: body.hostname,
        instanceId: body.instanceId,
        name: body.name,
        description: body.description,
        version: body.version,
        osVersion: body.osVersion,
        kernel: body.kernel,
        agentType: body.agentType,
        ipAddresses: body.ipAddresses && {
          private: body.ipAddresses.private ?? [],
          link_local: body.ipAddresses.link_local ?? [],
          public: body.ipAddresses.public ?? [],
        },
        tags: body.tags,
        cloud: body.cloud,
      });
      await store.auditLogs.record({
        orgId,
        userId: null,
        userEmail: null,
        result: 'success',
        crud: 'create',
        action: 'register_agent',
        source: 'api',
        description: `Agent ${agent.hostname} registered with the deploy key`,
        context: { agentId: agent.id, hostname: agent.hostname, instanceId: agent.instanceId },
      });
      reply.header('cache-control', 'no-store');
      return { agentId: agent.id, secret, organizationId: orgId };
    },
  );
}
