/**
 * Management of TAXII collections over the ThreatQ API (`/api/taxii/collections`): every member lists
 * them (with their TAXII URL); owners create and delete; owners and users set `can_write` (they may
 * change the threat library anyway, readers may not). A collection is a saved search:
 * optional indicator type and status; `can_write` (default false) lets TAXII clients with the owner or user
 * role add and delete objects.
 * @module
 */
import { indicatorStatus, indicatorType } from '@vigil/intel';
import { StoreValidationError, type TaxiiCollection } from '@vigil/store';
import type { TypeBoxRequestProvider } from '../../http/type-provider.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { callerOf } from '../../http/caller.js';
import { Type } from 'typebox';
import { apiError } from '../../errors.js';
import { BEARER, tqErrors } from '../threatq/schemas.js';
import { TAG } from './openapi-tag.js';

const Collection = Type.Object({
  id: Type.String({ format: 'uuid' }),
  title: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  type_id: Type.Union([Type.Integer(), Type.Null()]),
  status_id: Type.Union([Type.Integer(), Type.Null()]),
  can_write: Type.Boolean({ description: 'TAXII clients with the owner or user role may add and delete objects' }),
  url: Type.String({ description: 'path of the collection under the TAXII server' }),
  created_at: Type.String(),
});

const CreateBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 255 }),
    description: Type.Optional(Type.Union([Type.String({ maxLength: 4096 }), Type.Null()])),
    type_id: Type.Optional(Type.Integer({ minimum: 1 })),
    type: Type.Optional(Type.String({ maxLength: 100 })),
    status_id: Type.Optional(Type.Integer({ minimum: 1 })),
    status: Type.Optional(Type.String({ maxLength: 100 })),
    can_write: Type.Optional(Type.Boolean({ description: 'accept TAXII writes (default false)' })),
  },
  { additionalProperties: false },
);

const PatchBody = Type.Object({ can_write: Type.Boolean({ description: 'accept TAXII writes' }) }, { additionalProperties: false });

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

function present(c: TaxiiCollection) {
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    type_id: c.typeId,
    status_id: c.statusId,
    can_write: c.canWrite,
    url: `/taxii2/${c.orgId}/collections/${c.id}/`,
    created_at: new Date(c.createdAt).toISOString().slice(0, 19).replace('T', ' '),
  };
}

function requireOwner(request: FastifyRequest): void {
  if (request.auth?.role !== 'owner') throw apiError('VIGIL_FORBIDDEN', 'only owners manage TAXII collections');
}

/** Registers the collection management routes on the bearer-protected /api context. */
export async function taxiiCollectionRoutes(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxRequestProvider>();
  const { store } = app.vigil;

  app.get(
    '/taxii/collections',
    { schema: { tags: [TAG], summary: 'List TAXII collections', security: BEARER, response: { 200: Type.Object({ total: Type.Integer(), data: Type.Array(Collection) }), ...tqErrors(401, 429) } } },
    async (request) => {
      const list = await store.taxiiCollections.list(callerOf(request).orgId);
      return { total: list.length, data: list.map(present) };
    },
  );

  app.post(
    '/taxii/collections',
    {
      schema: {
        tags: [TAG],
        summary: 'Create a TAXII collection (owners)',
        description:
          'A saved search over indicators served under /taxii2/: give a title and optionally a type (type_id or type), a status (status_id or status) and can_write (TAXII clients with the owner or user role may then add and delete objects).',
        security: BEARER,
        body: CreateBody,
        response: { 201: Type.Object({ data: Collection }), ...tqErrors(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      requireOwner(request);
      const body = request.body;
      let typeId: number | null = null;
      if (body.type_id !== undefined || body.type !== undefined) {
        const type = indicatorType(body.type_id ?? body.type!);
        if (!type) throw apiError('VIGIL_INVALID_PARAMETER', `body field ${body.type_id !== undefined ? 'type_id' : 'type'}`, 'unknown indicator type');
        typeId = type.id;
      }
      let statusId: number | null = null;
      if (body.status_id !== undefined || body.status !== undefined) {
        const status = indicatorStatus(body.status_id ?? body.status!);
        if (!status) throw apiError('VIGIL_INVALID_PARAMETER', `body field ${body.status_id !== undefined ? 'status_id' : 'status'}`, 'unknown indicator status');
        statusId = status.id;
      }
      let created;
      try {
        created = await store.taxiiCollections.create(callerOf(request).orgId, { title: body.title, description: body.description ?? null, typeId, statusId, canWrite: body.can_write === true });
      } catch (err) {
        if (err instanceof StoreValidationError) throw apiError('VIGIL_BAD_REQUEST', err.message);
        throw err;
      }
      await app.vigil.audit(request, { crud: 'create', action: 'taxii_collections.create', description: `Created TAXII collection ${created.title}`, context: { id: created.id } });
      return reply.code(201).send({ data: present(created) });
    },
  );

  app.patch(
    '/taxii/collections/:id',
    {
      schema: {
        tags: [TAG],
        summary: 'Set can_write of a TAXII collection (owners and users)',
        security: BEARER,
        params: IdParams,
        body: PatchBody,
        response: { 200: Type.Object({ data: Collection }), ...tqErrors(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      if (request.auth?.role === 'reader') throw apiError('VIGIL_FORBIDDEN', 'readers cannot open TAXII collections to writes');
      const updated = await store.taxiiCollections.setCanWrite(callerOf(request).orgId, request.params.id.toLowerCase(), request.body.can_write);
      if (!updated) throw apiError('VIGIL_NOT_FOUND', 'TAXII collection');
      await app.vigil.audit(request, {
        crud: 'update',
        action: 'taxii_collections.update',
        description: `Set can_write=${updated.canWrite} on TAXII collection ${updated.title}`,
        context: { id: updated.id, can_write: updated.canWrite },
      });
      return { data: present(updated) };
    },
  );

  app.delete(
    '/taxii/collections/:id',
    {
      schema: { tags: [TAG], summary: 'Delete a TAXII collection (owners)', security: BEARER, params: IdParams, response: { 204: { type: 'null', description: 'deleted' }, ...tqErrors(400, 401, 403, 404, 429) } },
    },
    async (request, reply) => {
      requireOwner(request);
      if (!(await store.taxiiCollections.delete(callerOf(request).orgId, request.params.id.toLowerCase()))) throw apiError('VIGIL_NOT_FOUND', 'TAXII collection');
      await app.vigil.audit(request, { crud: 'delete', action: 'taxii_collections.delete', description: `Deleted TAXII collection ${request.params.id}`, context: { id: request.params.id } });
      return reply.code(204).send();
    },
  );
}
