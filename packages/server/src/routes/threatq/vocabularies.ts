/**
 * `GET /api/indicator/types` and `GET /api/indicator/statuses`: ThreatQ's default vocabularies with their
 * names, ids and classes (reference threatq-api.md §1.6), from `@vigil/intel`.
 * @module
 */
import { INDICATOR_STATUSES, INDICATOR_TYPES } from '@vigil/intel';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { BEARER, TAG, tqErrors } from './schemas.js';

const TypeItem = Type.Object({ id: Type.Integer(), name: Type.String(), class: Type.String() });
const StatusItem = Type.Object({ id: Type.Integer(), name: Type.String(), description: Type.String() });

/** Registers the vocabulary routes on the bearer-protected /api context. */
export async function vocabularyRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/indicator/types',
    {
      schema: {
        tags: [TAG],
        summary: 'Indicator types',
        security: BEARER,
        response: { 200: Type.Object({ total: Type.Integer(), data: Type.Array(TypeItem) }), ...tqErrors(401, 429) },
      },
    },
    async () => ({ total: INDICATOR_TYPES.length, data: INDICATOR_TYPES.map((t) => ({ id: t.id, name: t.name, class: t.class })) }),
  );
  app.get(
    '/indicator/statuses',
    {
      schema: {
        tags: [TAG],
        summary: 'Indicator statuses',
        security: BEARER,
        response: { 200: Type.Object({ total: Type.Integer(), data: Type.Array(StatusItem) }), ...tqErrors(401, 429) },
      },
    },
    async () => ({
      total: INDICATOR_STATUSES.length,
      data: INDICATOR_STATUSES.map((s) => ({ id: s.id, name: s.name, description: s.description })),
    }),
  );
}
