/**
 * Events of the ThreatQ-compatible API (reference threatq-api.md §1.3): `/api/events` list (limit, offset,
 * sort, `type_id`/`type`, `title`, with=), get, create (an object answers `data: {…}`, an array answers
 * `{total, data: […]}`), update (fields change, context is added) and delete; `/api/event/types`.
 * Everything is scoped to the token's organization: another organization's id is a 404.
 * @module
 */
import { EVENT_TYPES, eventType } from '@vigil/intel';
import type { ThreatEventInput, ThreatEventPatch, ThreatEventSortField } from '@vigil/store';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { apiError } from '../../errors.js';
import { presentEvent } from '../../presenters/threatq-objects.js';
import { IndicatorInputError, parseTqDate } from './indicator-input.js';
import {
  CONTEXT_WITH,
  isObject,
  loadObjectRelations,
  ObjectItem,
  ObjectListQuery,
  parseObjectWith,
  readBodyItems,
  readContext,
  readDescription,
  readInput,
  readPage,
  requireWriter,
} from './object-input.js';
import { BEARER, IdParams, TAG, tqErrors, WithQuery } from './schemas.js';

const SORT_FIELDS: readonly ThreatEventSortField[] = ['id', 'title', 'type_id', 'happened_at', 'created_at', 'updated_at'];
const EVENT_WITH = ['type', ...CONTEXT_WITH];
const MAX_TITLE = 1024;
const PATCH_FIELDS = ['title', 'type', 'type_id', 'happened_at', 'description', 'published_at', 'sources', 'attributes', 'tags', 'comments'];
const Event = ObjectItem('ThreatQEvent');
const EventBody = Type.Unsafe({
  description:
    'an event or an array of them: {title, type: "<event type name>" | type_id | type: {name}, happened_at: "YYYY-MM-DD HH:MM:SS" (default now), description, published_at, sources: [{name, tlp}], attributes: [{name, value}], tags: ["name"], comments: [{value}]}',
});

function readType(item: Record<string, unknown>, prefix: string) {
  const field = `${prefix}${item.type_id !== undefined ? 'type_id' : 'type'}`;
  const raw = item.type_id ?? item.type;
  if (raw === undefined || raw === null) throw new IndicatorInputError(`${prefix}type`, 'is required (type_id, or type as a name)');
  const key = isObject(raw) ? (raw.id ?? raw.name) : raw;
  const type = typeof key === 'number' || typeof key === 'string' ? eventType(typeof key === 'string' && /^\d+$/.test(key) ? Number(key) : key) : undefined;
  if (!type) throw new IndicatorInputError(field, `unknown event type ${JSON.stringify(raw).slice(0, 60)} (see GET /api/event/types)`);
  return type;
}

function readTitle(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_TITLE) {
    throw new IndicatorInputError(field, `is required and must be a non-empty string of at most ${MAX_TITLE} characters`);
  }
  return value.trim();
}

function readEvent(item: unknown, prefix: string, now: number): ThreatEventInput {
  if (!isObject(item)) throw new IndicatorInputError(prefix || '(root)', 'must be an event object');
  const p = prefix ? `${prefix}.` : '';
  const happened = item.happened_at === undefined ? now : parseTqDate(item.happened_at, `${p}happened_at`);
  if (happened === null) throw new IndicatorInputError(`${p}happened_at`, 'must be a "YYYY-MM-DD HH:MM:SS" date');
  return {
    title: readTitle(item.title, `${p}title`),
    typeId: readType(item, p).id,
    happenedAt: happened,
    description: readDescription(item.description, `${p}description`),
    publishedAt: item.published_at === undefined ? undefined : parseTqDate(item.published_at, `${p}published_at`),
    ...readContext(item, prefix),
  };
}

function readPatch(body: unknown): ThreatEventPatch {
  if (!isObject(body)) throw apiError('VIGIL_BAD_REQUEST', 'Request body must be an object of the fields to change');
  if (body.id !== undefined) throw apiError('VIGIL_BAD_REQUEST', 'Invalid value for body field id: cannot be changed');
  return readInput(() => {
    const patch: ThreatEventPatch = readContext(body, '');
    if (body.title !== undefined) patch.title = readTitle(body.title, 'title');
    if (body.type !== undefined || body.type_id !== undefined) patch.typeId = readType(body, '').id;
    if (body.happened_at !== undefined) {
      const happened = parseTqDate(body.happened_at, 'happened_at');
      if (happened === null) throw new IndicatorInputError('happened_at', 'must be a "YYYY-MM-DD HH:MM:SS" date');
      patch.happenedAt = happened;
    }
    if (body.description !== undefined) patch.description = readDescription(body.description, 'description');
    if (body.published_at !== undefined) patch.publishedAt = parseTqDate(body.published_at, 'published_at');
    if (!PATCH_FIELDS.some((k) => body[k] !== undefined)) {
      throw new IndicatorInputError('(root)', `nothing to change: send ${PATCH_FIELDS.join(', ')}`);
    }
    return patch;
  });
}

/** Registers the event routes on the bearer-protected /api context. */
export async function eventRoutes(app: FastifyInstance): Promise<void> {
  const { store, config } = app.vigil;
  const maxItems = config.threatq.consumeMaxItems;

  app.get(
    '/event/types',
    {
      schema: {
        tags: [TAG],
        summary: 'Event types',
        security: BEARER,
        response: { 200: Type.Object({ total: Type.Integer(), data: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })) }), ...tqErrors(401, 429) },
      },
    },
    async () => ({ total: EVENT_TYPES.length, data: EVENT_TYPES.map((t) => ({ id: t.id, name: t.name })) }),
  );

  app.get<{ Querystring: { limit?: number; offset?: number; sort?: string; with?: string; type_id?: number; type?: string; title?: string } }>(
    '/events',
    {
      schema: {
        tags: [TAG],
        summary: 'List events',
        security: BEARER,
        querystring: ObjectListQuery(SORT_FIELDS, { type: Type.String({ maxLength: 100 }), title: Type.String({ maxLength: MAX_TITLE }) }),
        response: { 200: Type.Object({ total: Type.Integer(), offset: Type.Integer(), limit: Type.Integer(), data: Type.Array(Event) }), ...tqErrors(400, 401, 429) },
      },
    },
    async (request) => {
      const q = request.query;
      const names = parseObjectWith(q.with, EVENT_WITH);
      const page = readPage(q, SORT_FIELDS);
      let typeId: number | undefined;
      if (q.type_id !== undefined || q.type !== undefined) {
        const raw = q.type_id ?? q.type!;
        typeId = eventType(typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw)?.id;
        if (typeId === undefined) throw apiError('VIGIL_INVALID_PARAMETER', 'query parameter type', 'unknown event type (see GET /api/event/types)');
      }
      const orgId = request.auth!.orgId;
      const result = await store.threatEvents.list({ orgId, ...page, typeId, title: q.title });
      const relations = await loadObjectRelations(store, orgId, 'event', result.items.map((e) => e.id), names);
      return { total: result.total, offset: page.offset, limit: page.limit, data: result.items.map((e) => presentEvent(e, relations)) };
    },
  );

  app.get<{ Params: { id: number }; Querystring: { with?: string } }>(
    '/events/:id',
    {
      schema: { tags: [TAG], summary: 'Get one event', security: BEARER, params: IdParams, querystring: WithQuery, response: { 200: Type.Object({ data: Event }), ...tqErrors(400, 401, 404, 429) } },
    },
    async (request) => {
      const names = parseObjectWith(request.query.with, EVENT_WITH);
      const orgId = request.auth!.orgId;
      const event = await store.threatEvents.get(orgId, request.params.id);
      if (!event) throw apiError('VIGIL_NOT_FOUND', 'Event');
      return { data: presentEvent(event, await loadObjectRelations(store, orgId, 'event', [event.id], names)) };
    },
  );

  app.post<{ Querystring: { with?: string } }>(
    '/events',
    {
      schema: {
        tags: [TAG],
        summary: 'Create events',
        description: `An object (answers data: {…}) or an array of at most ${maxItems} (answers {total, data: […]}). Every item is checked before any is stored.`,
        security: BEARER,
        querystring: WithQuery,
        body: EventBody,
        response: { 201: Type.Object({ total: Type.Optional(Type.Integer()), data: Type.Union([Event, Type.Array(Event)]) }), ...tqErrors(400, 401, 403, 429) },
      },
    },
    async (request: FastifyRequest<{ Querystring: { with?: string } }>, reply) => {
      requireWriter(request);
      const names = parseObjectWith(request.query.with, EVENT_WITH);
      const now = Date.now();
      const { items, array } = readBodyItems(request.body, 'event', maxItems);
      const inputs = readInput(() => items.map((item, i) => readEvent(item, array ? `[${i}]` : '', now)));
      const orgId = request.auth!.orgId;
      const created = [];
      for (const input of inputs) created.push(await store.threatEvents.create(orgId, input, now));
      await app.vigil.audit(request, { crud: 'create', action: 'events.create', description: `Created ${created.length} event(s)`, context: { ids: created.map((e) => e.id) } });
      const relations = await loadObjectRelations(store, orgId, 'event', created.map((e) => e.id), names);
      const data = created.map((e) => presentEvent(e, relations));
      return reply.code(201).send(array ? { total: data.length, data } : { data: data[0] });
    },
  );

  app.put<{ Params: { id: number }; Querystring: { with?: string } }>(
    '/events/:id',
    {
      schema: {
        tags: [TAG],
        summary: 'Update one event',
        description: 'Fields: title, type/type_id, happened_at, description, published_at; sources, attributes, tags and comments are added.',
        security: BEARER,
        params: IdParams,
        querystring: WithQuery,
        body: Type.Object({}, { additionalProperties: true }),
        response: { 200: Type.Object({ data: Event }), ...tqErrors(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      requireWriter(request);
      const names = parseObjectWith(request.query.with, EVENT_WITH);
      const patch = readPatch(request.body);
      const orgId = request.auth!.orgId;
      const updated = await store.threatEvents.update(orgId, request.params.id, patch);
      if (!updated) throw apiError('VIGIL_NOT_FOUND', 'Event');
      await app.vigil.audit(request, { crud: 'update', action: 'events.update', description: `Updated event ${updated.id}`, context: { id: updated.id } });
      return { data: presentEvent(updated, await loadObjectRelations(store, orgId, 'event', [updated.id], names)) };
    },
  );

  app.delete<{ Params: { id: number } }>(
    '/events/:id',
    {
      schema: { tags: [TAG], summary: 'Delete one event (with its context and relations)', security: BEARER, params: IdParams, response: { 204: { type: 'null', description: 'deleted' }, ...tqErrors(401, 403, 404, 429) } },
    },
    async (request, reply) => {
      requireWriter(request);
      if (!(await store.threatEvents.delete(request.auth!.orgId, request.params.id))) throw apiError('VIGIL_NOT_FOUND', 'Event');
      await app.vigil.audit(request, { crud: 'delete', action: 'events.delete', description: `Deleted event ${request.params.id}`, context: { id: request.params.id } });
      return reply.code(204).send();
    },
  );
}
