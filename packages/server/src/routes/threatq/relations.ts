/**
 * Relations between threat objects (reference threatq-api.md §1.3):
 * `GET|POST|DELETE /api/{indicators|events|adversaries|attachments}/{id}/{indicators|events|adversaries|attachments}`
 * and `DELETE …/{otherId}`. Related objects carry `pivot: {id, created_at, updated_at}`; the pivot id is what
 * Demisto unlinks by (`DELETE` with body `[<pivotId>]`). A relation has no direction: linking A to B makes A
 * appear under B too. Both ends must belong to the token's organization, otherwise 404 and nothing changes.
 * @module
 */
import { StoreValidationError, type Store, type ThreatObjectType } from '@vigil/store';
import type { TypeBoxRequestProvider } from '../../http/type-provider.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { callerOf } from '../../http/caller.js';
import { Type } from 'typebox';
import { apiError } from '../../errors.js';
import { presentIndicator } from '../../presenters/threatq.js';
import { presentAdversary, presentAttachment, presentEvent } from '../../presenters/threatq-objects.js';
import { COLLECTIONS, presentLinked } from './linked-objects.js';
import { CONTEXT_WITH, isObject, loadObjectRelations, parseObjectWith, readPage, RELATION_NAMES, requireWriter } from './object-input.js';
import { BEARER, TAG, tqErrors } from './schemas.js';
import { loadRelations, parseWith } from './with-relations.js';

const MAX_IDS = 1000;
const LABEL: Record<ThreatObjectType, string> = { indicator: 'Indicator', event: 'Event', adversary: 'Adversary', attachment: 'Attachment' };
const WITH_OF: Record<Exclude<ThreatObjectType, 'indicator'>, readonly string[]> = {
  event: ['type', ...CONTEXT_WITH],
  adversary: CONTEXT_WITH,
  attachment: ['type', ...RELATION_NAMES],
};

const RelationParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });
const OtherParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  otherId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
});
const RelatedList = Type.Object({
  total: Type.Integer(),
  offset: Type.Optional(Type.Integer()),
  limit: Type.Optional(Type.Integer()),
  data: Type.Array(Type.Object({ id: Type.Integer(), pivot: Type.Object({ id: Type.Integer() }, { additionalProperties: true }) }, { additionalProperties: true })),
});

/** Reads `{id}`, `[{id}]`, `[id]` or `{ids: […]}` into ids. */
function readIds(body: unknown, field: string): number[] {
  const items = Array.isArray(body) ? body : isObject(body) && Array.isArray(body.ids) ? body.ids : body === undefined || body === null ? [] : [body];
  if (items.length === 0) throw apiError('VIGIL_BAD_REQUEST', `Request body must name at least one ${field}: {"id": 1}, [{"id": 1}] or [1]`);
  if (items.length > MAX_IDS) throw apiError('VIGIL_BAD_REQUEST', `At most ${MAX_IDS} ${field}s per request`);
  return items.map((item, i) => {
    const raw = isObject(item) ? item.id : item;
    const id = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) {
      throw apiError('VIGIL_BAD_REQUEST', `Invalid value for body field ${Array.isArray(body) ? `[${i}]` : 'id'}: must be a positive integer ${field}`);
    }
    return id;
  });
}

/** Presents a page of related objects of one type, with the `with=` that type knows. */
function presenterFor(store: Store, orgId: string, otherType: ThreatObjectType, withRaw: string | undefined) {
  if (otherType === 'indicator') {
    const names = parseWith(withRaw);
    return async (found: any[]) => {
      const relations = await loadRelations(store, found, names);
      return new Map(found.map((i) => [i.id as number, presentIndicator(i, relations)]));
    };
  }
  const names = parseObjectWith(withRaw, WITH_OF[otherType]);
  return async (found: any[]) => {
    const relations = await loadObjectRelations(store, orgId, otherType, found.map((o) => o.id as number), names);
    const present = otherType === 'event' ? presentEvent : otherType === 'adversary' ? presentAdversary : presentAttachment;
    return new Map(found.map((o) => [o.id as number, present(o, relations)]));
  };
}

/** Registers the relation routes on the bearer-protected /api context. */
export async function relationRoutes(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxRequestProvider>();
  const { store } = app.vigil;

  async function requireObject(orgId: string, type: ThreatObjectType, id: number) {
    if (!(await store.objectLinks.existing(orgId, type, [id])).has(id)) throw apiError('VIGIL_NOT_FOUND', LABEL[type]);
  }

  for (const [coll, type] of Object.entries(COLLECTIONS)) {
    for (const [rel, otherType] of Object.entries(COLLECTIONS)) {
      const path = `/${coll}/:id/${rel}`;

      app.get(
        path,
        {
          schema: {
            tags: [TAG],
            summary: `List the ${rel} related to one of the ${coll}`,
            security: BEARER,
            params: RelationParams,
            querystring: Type.Object(
              {
                limit: Type.Optional(Type.Integer({ minimum: 1, description: 'default 50; larger than 1000 is capped' })),
                offset: Type.Optional(Type.Integer({ minimum: 0 })),
                with: Type.Optional(Type.String({ maxLength: 300, description: `what the related ${rel} are shown with` })),
              },
              { additionalProperties: true },
            ),
            response: { 200: RelatedList, ...tqErrors(400, 401, 404, 429) },
          },
        },
        async (request) => {
          const orgId = callerOf(request).orgId;
          const present = presenterFor(store, orgId, otherType, request.query.with);
          const page = readPage(request.query, ['id']);
          await requireObject(orgId, type, request.params.id);
          const links = await store.objectLinks.list(orgId, { type, id: request.params.id }, otherType, page);
          const data = await presentLinked(store, orgId, otherType, links.items, present);
          return { total: links.total, offset: page.offset, limit: page.limit, data };
        },
      );

      app.post(
        path,
        {
          schema: {
            tags: [TAG],
            summary: `Relate ${rel} to one of the ${coll}`,
            description: `Body {"id": <id>}, [{"id": <id>}, …] or [<id>, …] (at most ${MAX_IDS}). Relating an already related object keeps its pivot. Answers the related objects with their pivot.`,
            security: BEARER,
            params: RelationParams,
            body: Type.Unsafe({ description: '{"id": 1} | [{"id": 1}] | [1]' }),
            response: { 201: RelatedList, ...tqErrors(400, 401, 403, 404, 429) },
          },
        },
        async (request: FastifyRequest<{ Params: { id: number } }>, reply) => {
          requireWriter(request);
          const orgId = callerOf(request).orgId;
          const ids = readIds(request.body, LABEL[otherType].toLowerCase());
          await requireObject(orgId, type, request.params.id);
          const found = await store.objectLinks.existing(orgId, otherType, ids);
          const missing = ids.filter((id) => !found.has(id));
          if (missing.length) throw apiError('VIGIL_NOT_FOUND', `${LABEL[otherType]} ${missing.slice(0, 10).join(', ')}`);
          let links;
          try {
            links = await store.objectLinks.link(orgId, { type, id: request.params.id }, otherType, ids);
          } catch (err) {
            if (err instanceof StoreValidationError) throw apiError('VIGIL_BAD_REQUEST', `Invalid value for body field id: ${err.message}`);
            throw err;
          }
          await app.vigil.audit(request, {
            crud: 'create',
            action: 'relations.create',
            description: `Related ${links.length} ${rel} to ${type} ${request.params.id}`,
            context: { type, id: request.params.id, other_type: otherType, other_ids: ids },
          });
          const data = await presentLinked(store, orgId, otherType, links);
          return reply.code(201).send({ total: data.length, data });
        },
      );

      app.delete(
        path,
        {
          schema: {
            tags: [TAG],
            summary: `Unrelate ${rel} from one of the ${coll} by pivot id`,
            description: 'Body [<pivotId>, …] (Demisto) or [{"id": <pivotId>}]. Pivot ids that do not relate this object to a ' + rel.replace(/s$/, '') + ' are a 404 and nothing is removed.',
            security: BEARER,
            params: RelationParams,
            body: Type.Unsafe({ description: '[<pivotId>, …]' }),
            response: { 204: { type: 'null', description: 'unrelated' }, ...tqErrors(400, 401, 403, 404, 429) },
          },
        },
        async (request: FastifyRequest<{ Params: { id: number } }>, reply) => {
          requireWriter(request);
          const orgId = callerOf(request).orgId;
          const pivotIds = [...new Set(readIds(request.body, 'pivot id'))];
          await requireObject(orgId, type, request.params.id);
          // Check every pivot first so a partly wrong list changes nothing.
          const from = { type, id: request.params.id };
          const known = new Set((await store.objectLinks.linksOf(orgId, type, [from.id], otherType)).map((l) => l.pivotId));
          const missing = pivotIds.filter((p) => !known.has(p));
          if (missing.length) throw apiError('VIGIL_NOT_FOUND', `Relation (pivot) ${missing.slice(0, 10).join(', ')}`);
          await store.objectLinks.unlink(orgId, from, otherType, { pivotIds });
          await app.vigil.audit(request, { crud: 'delete', action: 'relations.delete', description: `Unrelated ${pivotIds.length} ${rel} from ${type} ${from.id}`, context: { type, id: from.id, pivot_ids: pivotIds } });
          return reply.code(204).send();
        },
      );

      app.delete(
        `${path}/:otherId`,
        {
          schema: {
            tags: [TAG],
            summary: `Unrelate one of the ${rel} from one of the ${coll}`,
            security: BEARER,
            params: OtherParams,
            response: { 204: { type: 'null', description: 'unrelated' }, ...tqErrors(400, 401, 403, 404, 429) },
          },
        },
        async (request, reply) => {
          requireWriter(request);
          const orgId = callerOf(request).orgId;
          const from = { type, id: request.params.id };
          await requireObject(orgId, type, from.id);
          const removed = await store.objectLinks.unlink(orgId, from, otherType, { otherIds: [request.params.otherId] });
          if (removed === 0) throw apiError('VIGIL_NOT_FOUND', `Relation to ${LABEL[otherType].toLowerCase()} ${request.params.otherId}`);
          await app.vigil.audit(request, { crud: 'delete', action: 'relations.delete', description: `Unrelated ${otherType} ${request.params.otherId} from ${type} ${from.id}`, context: { type, id: from.id, other_type: otherType, other_id: request.params.otherId } });
          return reply.code(204).send();
        },
      );
    }
  }
}
