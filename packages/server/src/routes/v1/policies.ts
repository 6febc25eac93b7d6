/**
 * `GET /api/v1/policies` and `GET /api/v1/policies/{id}` (reference §2.1): v1 policies are rulesets ("we've
 * introduced the term ruleset to supersede policies"), each with its rules. Not paginated, as in v1.
 * @module
 */
import { Type } from 'typebox';
import type { TypeBoxRequestProvider } from '../../http/type-provider.js';
import type { FastifyInstance } from 'fastify';
import { callerOf } from '../../http/caller.js';
import { apiError } from '../../errors.js';
import { errorResponses } from '../../http/schemas.js';
import { presentPolicyV1 } from '../../presenters/v1.js';
import { ItemQuery, pick, requestedFields } from './list-query.js';
import { V1Policy } from './schemas.js';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) });

/** Registers the v1 policy routes on an API-key-protected context. */
export async function policyRoutesV1(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxRequestProvider>();
  const { store } = app.vigil;

  app.get(
    '/policies',
    {
      schema: {
        tags: ['REST v1'],
        summary: 'List policies (rulesets) (v1)',
        description: 'Every ruleset of the organization with its rules; not paginated.',
        security: [{ v1ApiKey: [] }],
        querystring: ItemQuery,
        response: { 200: Type.Array(V1Policy), ...errorResponses(400, 401, 429) },
      },
    },
    async (request) => {
      const orgId = callerOf(request).orgId;
      const fields = requestedFields(request.query.fields);
      const out = [];
      for (const ruleset of await store.rulesets.list(orgId)) {
        out.push(pick(presentPolicyV1(ruleset, await store.rulesets.listRules(orgId, ruleset.id)), fields));
      }
      return out;
    },
  );

  app.get(
    '/policies/:id',
    {
      schema: {
        tags: ['REST v1'],
        summary: 'Get one policy (ruleset) (v1)',
        security: [{ v1ApiKey: [] }],
        params: IdParams,
        querystring: ItemQuery,
        response: { 200: V1Policy, ...errorResponses(401, 404, 429) },
      },
    },
    async (request) => {
      const orgId = callerOf(request).orgId;
      const ruleset = await store.rulesets.get(orgId, request.params.id);
      if (!ruleset) throw apiError('VIGIL_NOT_FOUND', 'Policy');
      const rules = await store.rulesets.listRules(orgId, ruleset.id);
      return pick(presentPolicyV1(ruleset, rules), requestedFields(request.query.fields));
    },
  );
}
