/**
 * `GET /help/hawk/self-test` — Threat Stack's "is my Hawk set-up right?" endpoint (not under /v2).
 * @module
 */
import { Type } from 'typebox';
import type { TypeBoxRequestProvider } from '../http/type-provider.js';
import type { FastifyInstance } from 'fastify';
import { callerOf } from '../http/caller.js';
import { errorResponses } from '../http/schemas.js';

/** Registers the self-test on a Hawk-protected context. */
export async function hawkSelfTestRoute(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxRequestProvider>();
  app.get(
    '/help/hawk/self-test',
    {
      schema: {
        tags: ['Hawk'],
        summary: 'Check Hawk credentials; the response is signed with Server-Authorization',
        response: {
          200: Type.Object({
            message: Type.String(),
            userId: Type.String(),
            organizationId: Type.String(),
            role: Type.String(),
          }),
          ...errorResponses(400, 401, 429),
        },
      },
    },
    async (request) => {
      const { userId, orgId, role } = callerOf(request);
      return { message: 'Hawk authentication succeeded', userId, organizationId: orgId, role };
    },
  );
}
