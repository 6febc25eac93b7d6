/**
 * `GET /api/v1/logs` (reference §2.1, §7): the organization's audit records, newest first; list only.
 * @module
 */
import { Type } from 'typebox';
import type { TypeBoxRequestProvider } from '../../http/type-provider.js';
import type { FastifyInstance } from 'fastify';
import { callerOf } from '../../http/caller.js';
import { errorResponses } from '../../http/schemas.js';
import { presentLogV1 } from '../../presenters/v1.js';
import { ListQuery, pick, readListQuery, requestedFields } from './list-query.js';
import { V1Log } from './schemas.js';

/** Registers the v1 log route on an API-key-protected context. */
export async function logRoutesV1(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxRequestProvider>();
  app.get(
    '/logs',
    {
      schema: {
        tags: ['REST v1'],
        summary: 'List audit logs (v1)',
        description: 'Audit records of the organization, newest first. `start`/`end` filter on `timestamp`.',
        security: [{ v1ApiKey: [] }],
        querystring: ListQuery,
        response: { 200: Type.Array(V1Log), ...errorResponses(400, 401, 429) },
      },
    },
    async (request) => {
      const { page, range } = readListQuery(request.query);
      const fields = requestedFields(request.query.fields);
      const records = await app.vigil.store.auditLogs.listByOffset(callerOf(request).orgId, range, page);
      return records.map((r) => pick(presentLogV1(r), fields));
    },
  );
}
