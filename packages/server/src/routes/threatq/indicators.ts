/**
 * Indicators of the ThreatQ-compatible API (reference threatq-api.md §1.3, §1.5): list with `value`,
 * `type_id`/`type`, `status_id`/`status`, `limit`/`offset` (stable under concurrent writes, see
 * http/page-positions.ts), `sort` and `with=`; get, update and (soft)
 * delete one; create (an upsert on the organization, type and normalized value, returning a list) and bulk
 * `consume` in one transaction. Everything is scoped to the token's organization: another organization's
 * id is a 404.
 * @module
 */
import { StoreValidationError, type IndicatorListQuery, type IndicatorPatch, type IndicatorPosition, type IndicatorSortField } from '@vigil/store';
import { detectIndicatorType, indicatorStatus, indicatorType, normalizeIndicatorValue } from '@vigil/intel';
import type { TypeBoxRequestProvider } from '../../http/type-provider.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { callerOf } from '../../http/caller.js';
import type { Type } from 'typebox';
import { ApiError, apiError } from '../../errors.js';
import { sendPresentedJson } from '../../http/json-reply.js';
import { pagePositions } from '../../http/page-positions.js';
import { presentIndicator } from '../../presenters/threatq.js';
import { addItemComments } from './indicator-comments.js';
import { parseTqDate, readIndicator, resolveStatus } from './indicator-input.js';
import { BEARER, IdParams, IndicatorBody, ItemResponse, ListQuery, ListResponse, PatchBody, TAG, tqErrors, WithQuery } from './schemas.js';
import { loadRelations, parseWith } from './with-relations.js';
import { readInput, requireWriter } from './object-input.js';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 1000;
const SORT_FIELDS = new Set<IndicatorSortField>(['id', 'value', 'type_id', 'status_id', 'score', 'created_at', 'updated_at', 'touched_at']);
/** bulk bodies of 2,000 indicators with context are a few MiB */
const BULK_BODY_LIMIT = 16 * 1024 * 1024;

function readSort(raw: string | undefined): IndicatorListQuery['sort'] {
  if (raw === undefined) return undefined;
  const desc = raw.startsWith('-');
  const field = (desc ? raw.slice(1) : raw.replace(/^\+/, '')) as IndicatorSortField;
  if (!SORT_FIELDS.has(field)) {
    throw apiError('VIGIL_INVALID_PARAMETER', 'query parameter sort', `must be one of ${[...SORT_FIELDS].join(', ')}, optionally with a leading -`);
  }
  return { field, desc };
}

/** The stored values `value=` matches: as typed, and normalized for the given or detected type. */
function lookupValues(value: string, typeName: string | undefined): string[] {
  const values = new Set([value]);
  const name = typeName ?? detectIndicatorType(value);
  if (name) {
    const normalized = normalizeIndicatorValue(name, value);
    if (normalized.ok) values.add(normalized.value);
  }
  return [...values];
}

/** Reads a create/consume body (object or array) into upserts; a bad item is a 400 naming `[index].field`. */
function readItems(body: Type.Static<typeof IndicatorBody>, max: number) {
  const array = Array.isArray(body);
  const items = array ? body : [body];
  if (items.length === 0) throw apiError('VIGIL_BAD_REQUEST', 'Request body must contain at least one indicator');
  if (items.length > max) {
    throw new ApiError('VIGIL_BODY_TOO_LARGE', `Too many indicators in one request: ${items.length}; at most ${max} (send several requests)`);
  }
  return readInput(() => items.map((item, i) => readIndicator(item, array ? `[${i}]` : '')));
}

/** Registers the indicator routes on the bearer-protected /api context. */
export async function indicatorRoutes(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxRequestProvider>();
  const { store, config } = app.vigil;
  // Where each page of GET /indicators ended, so the next offset continues there (see the module).
  const positions = pagePositions<IndicatorPosition>();
  const maxItems = config.threatq.consumeMaxItems;

  async function upsert(request: FastifyRequest, body: Type.Static<typeof IndicatorBody>, with_: string | undefined) {
    requireWriter(request);
    const names = parseWith(with_);
    const items = readItems(body, maxItems);
    const orgId = callerOf(request).orgId;
    let saved;
    try {
      saved = await store.indicators.upsertMany(orgId, items);
    } catch (err) {
      if (err instanceof StoreValidationError) throw apiError('VIGIL_BAD_REQUEST', err.message);
      throw err;
    }
    // Only bodies that carry comments pay for them.
    if (items.some((i) => i.comments)) await addItemComments(store, orgId, items, saved);
    const relations = await loadRelations(store, saved, names);
    await app.vigil.audit(request, {
      crud: 'create',
      action: 'indicators.upsert',
      description: `Created or updated ${saved.length} indicator(s)`,
      context: { count: saved.length },
    });
    return { total: saved.length, data: saved.map((i) => presentIndicator(i, relations)) };
  }

  app.get(
    '/indicators',
    {
      schema: {
        tags: [TAG],
        summary: 'List indicators',
        security: BEARER,
        querystring: ListQuery,
        response: { 200: ListResponse, ...tqErrors(400, 401, 429) },
      },
    },
    async (request) => {
      const q = request.query;
      const names = parseWith(q.with);
      let typeId = q.type_id;
      let typeName: string | undefined;
      if (typeId !== undefined || q.type !== undefined) {
        const type = indicatorType(typeId ?? q.type!);
        if (!type) throw apiError('VIGIL_INVALID_PARAMETER', `query parameter ${typeId !== undefined ? 'type_id' : 'type'}`, 'unknown indicator type (see GET /api/indicator/types)');
        typeId = type.id;
        typeName = type.name;
      }
      let statusId = q.status_id;
      if (statusId !== undefined || q.status !== undefined) {
        const status = indicatorStatus(statusId ?? q.status!);
        if (!status) throw apiError('VIGIL_INVALID_PARAMETER', `query parameter ${statusId !== undefined ? 'status_id' : 'status'}`, 'unknown indicator status (see GET /api/indicator/statuses)');
        statusId = status.id;
      }
      const limit = Math.min(q.limit ?? DEFAULT_LIMIT, MAX_LIMIT);
      const offset = q.offset ?? 0;
      const filters = {
        orgId: callerOf(request).orgId,
        values: q.value === undefined ? undefined : lookupValues(q.value, typeName),
        typeId,
        statusId,
        sort: readSort(q.sort),
      };
      const positionKey = JSON.stringify([callerOf(request).userId, filters]);
      const after = offset > 0 ? positions.get(positionKey, offset) : undefined;
      const page = await store.indicators.list({ ...filters, limit, offset, ...(after ? { after } : {}) });
      if (page.last) {
        // Clients ask for offset + limit next; after a short page, some ask for offset + its length.
        positions.set(positionKey, offset + limit, page.last);
        if (page.items.length < limit) positions.set(positionKey, offset + page.items.length, page.last);
      }
      const relations = await loadRelations(store, page.items, names);
      return { total: page.total, offset, limit, data: page.items.map((i) => presentIndicator(i, relations)) };
    },
  );

  app.get(
    '/indicators/:id',
    {
      schema: {
        tags: [TAG],
        summary: 'Get one indicator',
        security: BEARER,
        params: IdParams,
        querystring: WithQuery,
        response: { 200: ItemResponse, ...tqErrors(400, 401, 404, 429) },
      },
    },
    async (request) => {
      const names = parseWith(request.query.with);
      const indicator = await store.indicators.get(callerOf(request).orgId, request.params.id);
      if (!indicator) throw apiError('VIGIL_NOT_FOUND', 'Indicator');
      return { data: presentIndicator(indicator, await loadRelations(store, [indicator], names)) };
    },
  );

  app.put(
    '/indicators/:id',
    {
      schema: {
        tags: [TAG],
        summary: 'Update one indicator',
        description: 'Fields: status_id or status, description, expires_at, last_detected_at. The value and type cannot change (create another indicator).',
        security: BEARER,
        params: IdParams,
        querystring: WithQuery,
        body: PatchBody,
        response: { 200: ItemResponse, ...tqErrors(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      requireWriter(request);
      const names = parseWith(request.query.with);
      const fields = request.body as Record<string, unknown>;
      for (const fixed of ['value', 'type', 'type_id', 'class', 'hash', 'id']) {
        if (fields[fixed] !== undefined) throw apiError('VIGIL_BAD_REQUEST', `Invalid value for body field ${fixed}: cannot be changed`);
      }
      const patch: IndicatorPatch = {};
      readInput(() => {
        const status = resolveStatus(fields, '');
        if (status) patch.statusId = status.id;
        if (request.body.description !== undefined) patch.description = request.body.description;
        if (fields.expires_at !== undefined) patch.expiresAt = parseTqDate(fields.expires_at, 'expires_at');
        if (fields.last_detected_at !== undefined) patch.lastDetectedAt = parseTqDate(fields.last_detected_at, 'last_detected_at');
      });
      if (Object.keys(patch).length === 0) {
        throw apiError('VIGIL_BAD_REQUEST', 'Nothing to change: send status_id/status, description, expires_at or last_detected_at');
      }
      const updated = await store.indicators.update(callerOf(request).orgId, request.params.id, patch);
      if (!updated) throw apiError('VIGIL_NOT_FOUND', 'Indicator');
      await app.vigil.audit(request, { crud: 'update', action: 'indicators.update', description: `Updated indicator ${updated.id}`, context: { id: updated.id } });
      return { data: presentIndicator(updated, await loadRelations(store, [updated], names)) };
    },
  );

  app.delete(
    '/indicators/:id',
    {
      schema: {
        tags: [TAG],
        summary: 'Delete one indicator',
        description: 'Soft delete: it disappears from the API; a later create of the same type and value brings it back.',
        security: BEARER,
        params: IdParams,
        response: { 204: { type: 'null', description: 'deleted' }, ...tqErrors(401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      requireWriter(request);
      if (!(await store.indicators.delete(callerOf(request).orgId, request.params.id))) throw apiError('VIGIL_NOT_FOUND', 'Indicator');
      await app.vigil.audit(request, { crud: 'delete', action: 'indicators.delete', description: `Deleted indicator ${request.params.id}`, context: { id: request.params.id } });
      return reply.code(204).send();
    },
  );

  app.post(
    '/indicators',
    {
      bodyLimit: BULK_BODY_LIMIT,
      schema: {
        tags: [TAG],
        summary: 'Create indicators (upsert)',
        description: `An object or an array (at most ${maxItems}). An indicator of the same type and normalized value is merged (sources, attributes and tags added, touched_at updated), not duplicated. Answers a list.`,
        security: BEARER,
        querystring: WithQuery,
        body: IndicatorBody,
        response: { 201: ListResponse, ...tqErrors(400, 401, 403, 413, 429) },
      },
    },
    async (request, reply) => sendPresentedJson(reply, 201, await upsert(request, request.body, request.query.with)),
  );

  app.post(
    '/indicators/consume',
    {
      bodyLimit: BULK_BODY_LIMIT,
      schema: {
        tags: [TAG],
        summary: 'Bulk create indicators (upsert)',
        description: `An array of at most ${maxItems} indicators (VIGIL_CONSUME_MAX_ITEMS), stored in one transaction: one bad item refuses the whole batch with a 400 naming [index].field. More items → 413.`,
        security: BEARER,
        querystring: WithQuery,
        body: IndicatorBody,
        response: { 201: ListResponse, ...tqErrors(400, 401, 403, 413, 429) },
      },
    },
    async (request, reply) => sendPresentedJson(reply, 201, await upsert(request, request.body, request.query.with)),
  );
}

