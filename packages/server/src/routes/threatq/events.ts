/**
 * Events of the ThreatQ-compatible API (reference threatq-api.md §1.3): `/api/events` list (limit, offset,
 * sort, `type_id`/`type`, `title`, with=), get, create (an object answers `data: {…}`, an array answers
 * `{total, data: […]}`), update (fields change, context is added) and delete; `/api/event/types` lists
 * ThreatQ's 14 types and the organization's custom ones, which `POST /api/event/types` adds (a name already
 * taken, ignoring case, is a 409 as ThreatQ's "The name has already been taken."). Everything is scoped to
 * the token's organization: another organization's id is a 404.
 * @module
 */
import { eventType } from '@vigil/intel';
import { StoreConflictError, type ThreatEventInput, type ThreatEventPatch, type ThreatEventSortField } from '@vigil/store';
import type { FastifyInstance } from 'fastify';
import { callerOf } from '../../http/caller.js';
import { Type, type Static } from 'typebox';
import { apiError } from '../../errors.js';
import { presentEvent, type ObjectRelations } from '../../presenters/threatq-objects.js';
import { eventTypesOf, type EventTypeLookup } from './event-type-lookup.js';
import { IndicatorInputError, parseTqDate } from './indicator-input.js';
import {
  CONTEXT_WITH,
  isObject,
  loadObjectRelations,
  ObjectItem,
  ObjectListQuery,
  parseObjectWith,
  readContext,
  readDescription,
  readPage,
  requireWriter,
} from './object-input.js';
import { createObjects, readObjectPatch } from './object-writes.js';
import { BEARER, IdParams, TAG, tqErrors, WithQuery } from './schemas.js';
import { ObjectName, OneOrMany } from './input-schemas.js';
import { invalidAs } from '../../http/validation.js';
import type { TypeBoxRequestProvider } from '../../http/type-provider.js';

const SORT_FIELDS: readonly ThreatEventSortField[] = ['id', 'title', 'type_id', 'happened_at', 'created_at', 'updated_at'];
const EVENT_WITH = ['type', ...CONTEXT_WITH];
const MAX_TITLE = 1024;
const PATCH_FIELDS = ['title', 'type', 'type_id', 'happened_at', 'description', 'published_at', 'sources', 'attributes', 'tags', 'comments'];
const Event = ObjectItem('ThreatQEvent');
const EventTypeItem = Type.Object({ id: Type.Integer(), name: Type.String() });
const Title = Type.String({ maxLength: MAX_TITLE, pattern: '\\S', ...invalidAs(`is required and must be a non-empty string of at most ${MAX_TITLE} characters`) });
/** One event of a create body; the type, dates, description and context are read against the organization. */
const EventBodyItem = Type.Object({ title: Title }, { additionalProperties: true, ...invalidAs('must be an event object') });
type EventBodyItem = Static<typeof EventBodyItem> & Record<string, unknown>;
const EventBody = OneOrMany(EventBodyItem, 'an event object or an array of them', {
  description:
    'an event or an array of them: {title, type: "<event type name>" | type_id | type: {name} (ThreatQ\'s types or the organization\'s custom ones, see GET /api/event/types), happened_at: "YYYY-MM-DD HH:MM:SS" (default now), description, published_at, sources: [{name, tlp}], attributes: [{name, value}], tags: ["name"], comments: [{value}]}',
});
const EventTypeBody = Type.Object({ name: ObjectName }, { additionalProperties: true });
const EventPatchBody = Type.Object({ title: Type.Optional(Title) }, { additionalProperties: true });

function readType(item: Record<string, unknown>, prefix: string, types: EventTypeLookup) {
  const field = `${prefix}${item.type_id !== undefined ? 'type_id' : 'type'}`;
  const raw = item.type_id ?? item.type;
  if (raw === undefined || raw === null) throw new IndicatorInputError(`${prefix}type`, 'is required (type_id, or type as a name)');
  const type = types.find(isObject(raw) ? (raw.id ?? raw.name) : raw);
  if (!type) throw new IndicatorInputError(field, `unknown event type ${JSON.stringify(raw).slice(0, 60)} (see GET /api/event/types)`);
  return type;
}

/** An item of a body EventBody has checked. */
function readEvent(item: EventBodyItem, prefix: string, now: number, types: EventTypeLookup): ThreatEventInput {
  const p = prefix ? `${prefix}.` : '';
  const happened = item.happened_at === undefined ? now : parseTqDate(item.happened_at, `${p}happened_at`);
  if (happened === null) throw new IndicatorInputError(`${p}happened_at`, 'must be a "YYYY-MM-DD HH:MM:SS" date');
  return {
    title: item.title.trim(),
    typeId: readType(item, p, types).id,
    happenedAt: happened,
    description: readDescription(item.description, `${p}description`),
    publishedAt: item.published_at === undefined ? undefined : parseTqDate(item.published_at, `${p}published_at`),
    ...readContext(item, prefix),
  };
}

function readPatch(body: unknown, types: EventTypeLookup): ThreatEventPatch {
  return readObjectPatch<ThreatEventPatch>(body, PATCH_FIELDS, (fields, patch) => {
    if (typeof fields.title === 'string') patch.title = fields.title.trim(); // checked by EventPatchBody
    if (fields.type !== undefined || fields.type_id !== undefined) patch.typeId = readType(fields, '', types).id;
    if (fields.happened_at !== undefined) {
      const happened = parseTqDate(fields.happened_at, 'happened_at');
      if (happened === null) throw new IndicatorInputError('happened_at', 'must be a "YYYY-MM-DD HH:MM:SS" date');
      patch.happenedAt = happened;
    }
    if (fields.description !== undefined) patch.description = readDescription(fields.description, 'description');
    if (fields.published_at !== undefined) patch.publishedAt = parseTqDate(fields.published_at, 'published_at');
  });
}

/** Registers the event routes on the bearer-protected /api context. */
export async function eventRoutes(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxRequestProvider>();
  const { store, config } = app.vigil;
  const maxItems = config.threatq.consumeMaxItems;

  /** `with=` relations of events, with the custom type names when `type` is asked for. */
  async function eventRelations(orgId: string, ids: number[], names: Set<string>): Promise<ObjectRelations> {
    const relations = await loadObjectRelations(store, orgId, 'event', ids, names);
    return names.has('type') ? { ...relations, eventTypeNames: (await eventTypesOf(store, orgId)).customNames } : relations;
  }

  app.get(
    '/event/types',
    {
      schema: {
        tags: [TAG],
        summary: 'Event types',
        description: "ThreatQ's 14 types, then the organization's custom types (ids from 15).",
        security: BEARER,
        response: { 200: Type.Object({ total: Type.Integer(), data: Type.Array(EventTypeItem) }), ...tqErrors(401, 429) },
      },
    },
    async (request) => {
      const { all } = await eventTypesOf(store, callerOf(request).orgId);
      return { total: all.length, data: all };
    },
  );

  app.post(
    '/event/types',
    {
      schema: {
        tags: [TAG],
        summary: 'Add a custom event type',
        description: `{name} (at most 255 characters). Owners and users; the type belongs to the organization. A name already taken (ThreatQ's or a custom one, ignoring case) is a 409 "The name has already been taken."`,
        security: BEARER,
        body: EventTypeBody,
        response: { 201: Type.Object({ data: EventTypeItem }), ...tqErrors(400, 401, 403, 409, 429) },
      },
    },
    async (request, reply) => {
      requireWriter(request);
      const name = request.body.name.trim();
      const orgId = callerOf(request).orgId;
      if (eventType(name)) throw apiError('VIGIL_CONFLICT', 'The name has already been taken.');
      let created;
      try {
        created = await store.eventTypes.create(orgId, name);
      } catch (err) {
        if (err instanceof StoreConflictError) throw apiError('VIGIL_CONFLICT', 'The name has already been taken.');
        throw err;
      }
      await app.vigil.audit(request, { crud: 'create', action: 'event_types.create', description: `Added event type ${created.name}`, context: { id: created.id, name: created.name } });
      return reply.code(201).send({ data: { id: created.id, name: created.name } });
    },
  );

  app.get(
    '/events',
    {
      schema: {
        tags: [TAG],
        summary: 'List events',
        security: BEARER,
        querystring: ObjectListQuery(SORT_FIELDS, { type_id: Type.String({ maxLength: 100 }), type: Type.String({ maxLength: 100 }), title: Type.String({ maxLength: MAX_TITLE }) }),
        response: { 200: Type.Object({ total: Type.Integer(), offset: Type.Integer(), limit: Type.Integer(), data: Type.Array(Event) }), ...tqErrors(400, 401, 429) },
      },
    },
    async (request) => {
      const q = request.query;
      const names = parseObjectWith(q.with, EVENT_WITH);
      const page = readPage(q, SORT_FIELDS);
      const orgId = callerOf(request).orgId;
      const types = q.type_id !== undefined || q.type !== undefined || names.has('type') ? await eventTypesOf(store, orgId) : undefined;
      let typeId: number | undefined;
      if (q.type_id !== undefined || q.type !== undefined) {
        typeId = types!.find(q.type_id ?? q.type)?.id;
        if (typeId === undefined) throw apiError('VIGIL_INVALID_PARAMETER', 'query parameter type', 'unknown event type (see GET /api/event/types)');
      }
      const result = await store.threatEvents.list({ orgId, ...page, typeId, title: q.title });
      const relations = { ...(await loadObjectRelations(store, orgId, 'event', result.items.map((e) => e.id), names)), eventTypeNames: types?.customNames };
      return { total: result.total, offset: page.offset, limit: page.limit, data: result.items.map((e) => presentEvent(e, relations)) };
    },
  );

  app.get(
    '/events/:id',
    {
      schema: { tags: [TAG], summary: 'Get one event', security: BEARER, params: IdParams, querystring: WithQuery, response: { 200: Type.Object({ data: Event }), ...tqErrors(400, 401, 404, 429) } },
    },
    async (request) => {
      const names = parseObjectWith(request.query.with, EVENT_WITH);
      const orgId = callerOf(request).orgId;
      const event = await store.threatEvents.get(orgId, request.params.id);
      if (!event) throw apiError('VIGIL_NOT_FOUND', 'Event');
      return { data: presentEvent(event, await eventRelations(orgId, [event.id], names)) };
    },
  );

  app.post(
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
    async (request, reply) => {
      let types: EventTypeLookup | undefined;
      return createObjects(app, request, reply, {
        type: 'event',
        what: 'event',
        action: 'events.create',
        withNames: EVENT_WITH,
        reader: async (orgId, now) => {
          const lookup = (types = await eventTypesOf(store, orgId));
          return (item, prefix) => readEvent(item as EventBodyItem, prefix, now, lookup);
        },
        create: (orgId, input, now) => store.threatEvents.create(orgId, input, now),
        present: (e, relations) => presentEvent(e, { ...relations, eventTypeNames: types?.customNames }),
        describe: (n) => `Created ${n} event(s)`,
      });
    },
  );

  app.put(
    '/events/:id',
    {
      schema: {
        tags: [TAG],
        summary: 'Update one event',
        description: 'Fields: title, type/type_id, happened_at, description, published_at; sources, attributes, tags and comments are added.',
        security: BEARER,
        params: IdParams,
        querystring: WithQuery,
        body: EventPatchBody,
        response: { 200: Type.Object({ data: Event }), ...tqErrors(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      requireWriter(request);
      const names = parseObjectWith(request.query.with, EVENT_WITH);
      const orgId = callerOf(request).orgId;
      const types = await eventTypesOf(store, orgId);
      const patch = readPatch(request.body, types);
      const updated = await store.threatEvents.update(orgId, request.params.id, patch);
      if (!updated) throw apiError('VIGIL_NOT_FOUND', 'Event');
      await app.vigil.audit(request, { crud: 'update', action: 'events.update', description: `Updated event ${updated.id}`, context: { id: updated.id } });
      return { data: presentEvent(updated, { ...(await loadObjectRelations(store, orgId, 'event', [updated.id], names)), eventTypeNames: types.customNames }) };
    },
  );

  app.delete(
    '/events/:id',
    {
      schema: { tags: [TAG], summary: 'Delete one event (with its context and relations)', security: BEARER, params: IdParams, response: { 204: { type: 'null', description: 'deleted' }, ...tqErrors(401, 403, 404, 429) } },
    },
    async (request, reply) => {
      requireWriter(request);
      if (!(await store.threatEvents.delete(callerOf(request).orgId, request.params.id))) throw apiError('VIGIL_NOT_FOUND', 'Event');
      await app.vigil.audit(request, { crud: 'delete', action: 'events.delete', description: `Deleted event ${request.params.id}`, context: { id: request.params.id } });
      return reply.code(204).send();
    },
  );
}
