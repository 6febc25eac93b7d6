/**
 * Indicator search and bulk changes by query (reference threatq-api.md §1.3): `POST /api/indicators/query`
 * (and `/search`) with `{criteria, filters, fields}`, `limit`, `offset`, `sort` and `cursorMark` paging;
 * `POST /api/bulk/status` and `POST /api/indicators/bulk-delete` apply a status or a (soft) delete to
 * every match. A `cursorMark` is opaque, signed and bound to the organization and query; `*` starts,
 * and paging ends when `nextCursorMark` comes back unchanged. Keyset paging on (sort, id) keeps pages
 * stable while indicators are added.
 * @module
 */
import type { IndicatorFilter, IndicatorPosition, IndicatorSortField } from '@vigil/store';
import { indicatorStatus } from '@vigil/intel';
import type { TypeBoxRequestProvider } from '../../http/type-provider.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { callerOf } from '../../http/caller.js';
import { Type, type Static } from 'typebox';
import { invalidAs } from '../../http/validation.js';
import { apiError } from '../../errors.js';
import { presentIndicator } from '../../presenters/threatq.js';
import { IndicatorInputError } from './indicator-input.js';
import { parseQuery, valueForms } from './indicator-query-dsl.js';
import { BEARER, TAG, tqErrors } from './schemas.js';
import { loadRelations, parseWith } from './with-relations.js';
import { requireWriter } from './object-input.js';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 1000;
const SORT_FIELDS = new Set<IndicatorSortField>(['id', 'value', 'type_id', 'status_id', 'score', 'created_at', 'updated_at', 'touched_at']);
const BODY_LIMIT = 1024 * 1024;


const QueryString = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, description: 'default 50; larger than 1000 is capped at 1000' })),
    offset: Type.Optional(Type.Integer({ minimum: 0 })),
    sort: Type.Optional(Type.String({ maxLength: 40, description: 'id, value, type_id, status_id, score, created_at, updated_at or touched_at; - for descending' })),
    cursorMark: Type.Optional(Type.String({ maxLength: 600, description: '* for the first page, then the nextCursorMark of the previous answer' })),
    with: Type.Optional(Type.String({ maxLength: 300 })),
  },
  { additionalProperties: true },
);

const FIELDS_REASON = 'must be an array of at most 100 field names';
/** A query body, or none (an empty query); the criteria and filters are read by the DSL parser. */
const QueryBody = Type.Union([
  Type.Object(
    {
      criteria: Type.Optional(Type.Unknown()),
      filters: Type.Optional(Type.Unknown()),
      fields: Type.Optional(Type.Array(Type.String({ maxLength: 100, ...invalidAs(FIELDS_REASON) }), { maxItems: 100, ...invalidAs(FIELDS_REASON) })),
      limit: Type.Optional(Type.Unknown()),
      offset: Type.Optional(Type.Unknown()),
      sort: Type.Optional(Type.Unknown()),
      cursorMark: Type.Optional(Type.Unknown()),
    },
    { additionalProperties: true },
  ),
  Type.Null(),
], {
  ...invalidAs('must be an object {criteria, filters, fields}'),
  description:
    '{"criteria":{…},"filters":{…},"fields":["id","value",…]} — conditions on value, type_name/type_id, status_name/status_id, class, score, id, source_name, tag, attribute_name, attribute_value, attribute {name, value}, created_at, updated_at, touched_at, expires_at; a value is a scalar, a list, or {"+contains"|"+gte"|"+gt"|"+lte"|"+lt"|"+equals"|"+not"|"+in": …}; combine with "+and"/"+or". limit, offset, sort and cursorMark may be sent in the body too.',
  examples: [{ criteria: { value: { '+contains': 'example.com' } }, filters: { '+and': [{ type_name: 'FQDN' }, { status_name: 'Active' }, { score: { '+gte': 6 } }] } }],
});

const MAX_QUERIES = 100;
const QUERY_REASON = 'must be a query {criteria, filters}';
/** One query of a bulk body; its criteria and filters are read by the DSL parser. */
const QueryObject = Type.Object(
  { criteria: Type.Optional(Type.Unknown()), filters: Type.Optional(Type.Unknown()) },
  { additionalProperties: true, ...invalidAs(QUERY_REASON) },
);

const BulkStatusBody = Type.Object(
  {
    query: Type.Optional(
      Type.Object({ indicator: Type.Optional(QueryObject) }, { additionalProperties: true, ...invalidAs('must be {indicator: {criteria, filters}}') }),
    ),
    statuses: Type.Object(
      // The name or id is read against the vocabulary by the handler.
      { indicator: Type.Union([Type.Integer(), Type.String({ maxLength: 100 })], invalidAs('is required (a status id or name)')) },
      { additionalProperties: true, ...invalidAs('must be {indicator: <status id or name>}') },
    ),
  },
  { additionalProperties: true, description: '{query: {indicator: {criteria, filters}}, statuses: {indicator: statusId}}' },
);

const BulkDeleteBody = Type.Union([QueryObject, Type.Array(QueryObject, { minItems: 1, maxItems: MAX_QUERIES })], {
  ...invalidAs(`must be a query {criteria, filters} or an array of 1–${MAX_QUERIES} of them`),
  description: '[{criteria, filters}]',
});

const QueryResponse = Type.Object({
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Optional(Type.Integer()),
  nextCursorMark: Type.Optional(Type.String()),
  // Items are indicators (schema ThreatQIndicator) unless body.fields narrows them.
  data: Type.Array(Type.Object({}, { additionalProperties: true, description: 'an indicator (ThreatQIndicator); fields narrows it' })),
});

const CountResponse = Type.Object({ data: Type.Object({ total: Type.Integer() }, { additionalProperties: true }) });


function readSort(raw: unknown) {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw apiError('VIGIL_INVALID_PARAMETER', 'sort', 'must be a string');
  const desc = raw.startsWith('-');
  const field = (desc ? raw.slice(1) : raw.replace(/^\+/, '')) as IndicatorSortField;
  if (!SORT_FIELDS.has(field)) throw apiError('VIGIL_INVALID_PARAMETER', 'sort', `must be one of ${[...SORT_FIELDS].join(', ')}, optionally with a leading -`);
  return { field, desc };
}

/** Runs the DSL parser, turning its errors into 400s. */
function filterOf(body: { criteria?: unknown; filters?: unknown }, prefix = ''): IndicatorFilter | undefined {
  try {
    return parseQuery(body, prefix);
  } catch (err) {
    if (err instanceof IndicatorInputError) throw apiError('VIGIL_BAD_REQUEST', err.message);
    throw err;
  }
}

function optionalInt(value: unknown, name: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < min) throw apiError('VIGIL_INVALID_PARAMETER', name, `must be an integer of at least ${min}`);
  return n;
}

/** Registers search and bulk routes on the bearer-protected /api context. */
export async function indicatorSearchRoutes(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxRequestProvider>();
  const { store } = app.vigil;
  const cursors = app.vigil.tokens('threatq-indicator-query');

  async function query(request: FastifyRequest<{ Querystring: Static<typeof QueryString>; Body: Static<typeof QueryBody> }>) {
    const raw = request.body ?? {};
    const q = request.query;
    const names = parseWith(q.with);
    const filter = filterOf(raw);
    const sort = readSort(q.sort ?? raw.sort);
    const limit = Math.min(optionalInt(q.limit ?? raw.limit, 'limit', 1) ?? DEFAULT_LIMIT, MAX_LIMIT);
    const offset = optionalInt(q.offset ?? raw.offset, 'offset', 0);
    const cursorMark = q.cursorMark ?? raw.cursorMark;
    if (cursorMark !== undefined && typeof cursorMark !== 'string') throw apiError('VIGIL_INVALID_PARAMETER', 'cursorMark', 'must be a string');
    if (cursorMark !== undefined && offset !== undefined) throw apiError('VIGIL_BAD_REQUEST', 'Send cursorMark or offset, not both');
    const fields = raw.fields;
    const orgId = callerOf(request).orgId;
    // The cursor is bound to what selects and orders rows, so it cannot be replayed on another query.
    const digest = { org: orgId, criteria: JSON.stringify(raw.criteria ?? null), filters: JSON.stringify(raw.filters ?? null), sort: JSON.stringify(sort ?? null) };
    let after: IndicatorPosition | undefined;
    if (cursorMark !== undefined && cursorMark !== '*') {
      const [id, sortValue] = cursors.decode(cursorMark, digest);
      let parsed: unknown;
      try {
        parsed = JSON.parse(sortValue);
      } catch {
        throw apiError('VIGIL_BAD_TOKEN', 'malformed token');
      }
      if (typeof parsed !== 'string' && typeof parsed !== 'number') throw apiError('VIGIL_BAD_TOKEN', 'malformed token');
      after = { id, sortValue: parsed };
    }
    const page = await store.indicatorSearch.search({ orgId, filter, sort, limit, offset, after });
    const relations = await loadRelations(store, page.items, names);
    let data = page.items.map((i) => presentIndicator(i, relations));
    if (fields) {
      const keep = new Set(['id', ...fields]);
      data = data.map((d) => Object.fromEntries(Object.entries(d).filter(([k]) => keep.has(k))));
    }
    const out: Record<string, unknown> = { total: page.total, limit, data };
    if (cursorMark === undefined) out.offset = offset ?? 0;
    else out.nextCursorMark = page.last ? cursors.encode([page.last.id, JSON.stringify(page.last.sortValue)], digest) : cursorMark;
    return out;
  }

  for (const path of ['/indicators/query', '/indicators/search']) {
    app.post(
      path,
      {
        bodyLimit: BODY_LIMIT,
        schema: {
          tags: [TAG],
          summary: path.endsWith('query') ? 'Query indicators' : 'Search indicators (same as query)',
          description: 'Answers {total, limit, offset, data}, or {total, limit, nextCursorMark, data} with cursorMark (start with *; stop when nextCursorMark does not change).',
          security: BEARER,
          querystring: QueryString,
          body: QueryBody,
          response: { 200: QueryResponse, ...tqErrors(400, 401, 413, 429) },
        },
      },
      query,
    );
  }

  // The older GET form (Polarity): `value` matched as typed or normalized, with `with=` and `limit`.
  app.get(
    '/indicators/search',
    {
      schema: {
        tags: [TAG],
        summary: 'Search indicators by value (older GET form)',
        security: BEARER,
        querystring: Type.Object(
          {
            value: Type.String({ minLength: 1, maxLength: 8192 }),
            limit: Type.Optional(Type.Integer({ minimum: 1 })),
            with: Type.Optional(Type.String({ maxLength: 300 })),
          },
          { additionalProperties: true },
        ),
        response: { 200: QueryResponse, ...tqErrors(400, 401, 429) },
      },
    },
    async (request) => {
      const q = request.query;
      const names = parseWith(q.with);
      const limit = Math.min(q.limit ?? 10, MAX_LIMIT);
      const filter: IndicatorFilter = { field: 'value', op: 'in', value: valueForms(q.value) };
      const page = await store.indicatorSearch.search({ orgId: callerOf(request).orgId, filter, limit });
      const relations = await loadRelations(store, page.items, names);
      return { total: page.total, limit, offset: 0, data: page.items.map((i) => presentIndicator(i, relations)) };
    },
  );

  app.post(
    '/bulk/status',
    {
      bodyLimit: BODY_LIMIT,
      schema: {
        tags: [TAG],
        summary: 'Change the status of every indicator a query matches',
        description: '{"query":{"indicator":{"criteria":{…},"filters":{…}}},"statuses":{"indicator":<status id or name>}}; an empty query matches every indicator. Expired records expired_at.',
        security: BEARER,
        body: BulkStatusBody,
        response: { 200: CountResponse, ...tqErrors(400, 401, 403, 413, 429) },
      },
    },
    async (request) => {
      requireWriter(request);
      const body = request.body;
      const rawStatus = body.statuses.indicator;
      const status = indicatorStatus(typeof rawStatus === 'string' && /^\d+$/.test(rawStatus) ? Number(rawStatus) : rawStatus);
      if (!status) throw apiError('VIGIL_BAD_REQUEST', 'Invalid value for body field statuses.indicator: unknown indicator status (see GET /api/indicator/statuses)');
      const filter = filterOf(body.query?.indicator ?? {}, 'query.indicator.');
      const total = await store.indicatorSearch.bulkStatus(callerOf(request).orgId, filter, status.id);
      await app.vigil.audit(request, { crud: 'update', action: 'indicators.bulk_status', description: `Set status ${status.name} on ${total} indicator(s)`, context: { count: total, status_id: status.id } });
      return { data: { total, status_id: status.id } };
    },
  );

  app.post(
    '/indicators/bulk-delete',
    {
      bodyLimit: BODY_LIMIT,
      schema: {
        tags: [TAG],
        summary: 'Delete every indicator a query matches',
        description: '[{"criteria":{…},"filters":{…}}] (or one object); several queries delete what any of them matches; an empty query deletes every indicator. Soft delete, as DELETE /api/indicators/{id}.',
        security: BEARER,
        body: BulkDeleteBody,
        response: { 200: CountResponse, ...tqErrors(400, 401, 403, 413, 429) },
      },
    },
    async (request) => {
      requireWriter(request);
      const body = request.body;
      const queries = Array.isArray(body) ? body : [body];
      const filters = queries.map((q, i) => filterOf(q, Array.isArray(body) ? `[${i}].` : ''));
      // Any empty query matches everything; otherwise a row matching any query goes.
      const filter: IndicatorFilter | undefined = filters.some((f) => f === undefined) ? undefined : filters.length === 1 ? filters[0] : { or: filters as IndicatorFilter[] };
      const total = await store.indicatorSearch.bulkDelete(callerOf(request).orgId, filter);
      await app.vigil.audit(request, { crud: 'delete', action: 'indicators.bulk_delete', description: `Deleted ${total} indicator(s) by query`, context: { count: total } });
      return { data: { total } };
    },
  );
}
