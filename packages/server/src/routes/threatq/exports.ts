/**
 * Exports and imports of the threat library: `GET /api/export/stix` (a STIX 2.1 bundle of indicator SDOs,
 * their observables and `based-on` relationships), `GET /api/export/csv` (one row per indicator), both with
 * the filters of GET /api/indicators (related adversaries as `threat-actor`s that the indicators `indicate`), and `POST /api/import/stix` (indicators from a bundle's simple
 * patterns and observables, upserted like POST /api/indicators). Everything is the token's organization.
 * @module
 */
import {
  indicatorObjects,
  indicatorStatus,
  indicatorStixId,
  indicatorType,
  readStixBundle,
  relationshipObject,
  stixBundle,
  StixImportError,
  threatActorObject,
  type StixObject,
} from '@vigil/intel';
import { StoreValidationError, type Indicator as StoredIndicator, type IndicatorUpsert } from '@vigil/store';
import type { TypeBoxRequestProvider } from '../../http/type-provider.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { callerOf } from '../../http/caller.js';
import { Type } from 'typebox';
import { ApiError, apiError } from '../../errors.js';
import { presentIndicator, tqDate } from '../../presenters/threatq.js';
import { presentAdversary } from '../../presenters/threatq-objects.js';
import { stixInputs } from '../taxii/stix-objects.js';
import { csvRow } from './csv.js';
import { candidateUpsert } from './stix-candidates.js';
import { exportIndicators, ExportQuerySchema, type ExportQuery } from './export-filters.js';
import { IndicatorInputError } from './indicator-input.js';
import { ObjectItem, requireWriter } from './object-input.js';
import { planStixAdversaries, storeStixAdversaries } from './stix-adversaries.js';
import { BEARER, Indicator, TAG, tqErrors } from './schemas.js';

const IMPORT_BODY_LIMIT = 16 * 1024 * 1024;
const CSV_COLUMNS = ['id', 'value', 'type', 'status', 'score', 'class', 'description', 'sources', 'tags', 'published_at', 'expires_at', 'created_at', 'updated_at'];

const ImportQuery = Type.Object(
  {
    source: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'source name of the imported indicators (default "STIX import")' })),
    status: Type.Optional(Type.String({ maxLength: 100, description: "status of new indicators (default: the x_vigil_status of Vigil's own export, else Review); existing ones keep theirs" })),
  },
  { additionalProperties: true },
);

const ImportResponse = Type.Object({
  total: Type.Integer(),
  data: Type.Array(Indicator),
  adversaries: Type.Array(ObjectItem('ThreatQAdversary'), { description: 'the threat-actors, stored as adversaries' }),
  skipped: Type.Array(Type.Object({ id: Type.String(), reason: Type.String() })),
});


/** Registers the export and import routes on the bearer-protected /api context. */
export async function exportRoutes(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxRequestProvider>();
  const { store, config } = app.vigil;

  /** The adversaries related to exported indicators as threat-actors, each with an `indicates` relationship. */
  async function adversaryObjects(orgId: string, items: StoredIndicator[], exported: Set<string>): Promise<StixObject[]> {
    const byId = new Map(items.map((i) => [i.id, i]));
    const links = items.length === 0 ? [] : await store.objectLinks.linksOf(orgId, 'indicator', items.map((i) => i.id), 'adversary');
    const live = links.filter((l) => exported.has(indicatorStixId(orgId, byId.get(l.objectId)!.hash)));
    if (live.length === 0) return [];
    const adversaries = new Map((await store.adversaries.getMany(orgId, [...new Set(live.map((l) => l.otherId))])).map((a) => [a.id, a]));
    const out: StixObject[] = [];
    for (const adversary of adversaries.values()) out.push(threatActorObject({ ...adversary, orgId }));
    for (const link of live) {
      const adversary = adversaries.get(link.otherId);
      if (!adversary) continue;
      const actorId = threatActorObject({ ...adversary, orgId }).id;
      out.push(relationshipObject(orgId, indicatorStixId(orgId, byId.get(link.objectId)!.hash), 'indicates', actorId, link.createdAt, link.updatedAt));
    }
    return out;
  }

  app.get(
    '/export/stix',
    {
      schema: {
        tags: [TAG],
        summary: 'Export indicators as a STIX 2.1 bundle',
        description:
          "Filters as GET /api/indicators; limit (default and maximum 10000) and offset page through them in id order. Types with no STIX observable (CVE, String, URL Path, …) are patterns on Vigil's custom objects (e.g. [x-vigil-cve:value = 'CVE-2021-44228']), which POST /api/import/stix reads back. X-Total-Count is how many indicators match.",
        security: BEARER,
        querystring: ExportQuerySchema,
        response: { 200: { type: 'object', additionalProperties: true, description: 'a STIX 2.1 bundle' }, ...tqErrors(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const { total, items } = await exportIndicators(store, callerOf(request).orgId, request.query);
      const objects: StixObject[] = [];
      const seen = new Set<string>();
      for (const input of await stixInputs(store, items)) {
        for (const object of indicatorObjects(input)) {
          // Two indicators can share an observable (a CIDR and an IP never do, an MD5 type twice can't): keep one.
          if (seen.has(object.id)) continue;
          seen.add(object.id);
          objects.push(object);
        }
      }
      objects.push(...(await adversaryObjects(callerOf(request).orgId, items, seen)));
      return reply.header('x-total-count', String(total)).header('content-type', 'application/stix+json;version=2.1').send(Buffer.from(JSON.stringify(stixBundle(objects))));
    },
  );

  app.get(
    '/export/csv',
    {
      schema: {
        tags: [TAG],
        summary: 'Export indicators as CSV',
        description: `Filters as GET /api/indicators; limit (default and maximum 10000) and offset. Columns: ${CSV_COLUMNS.join(', ')}. Dates are UTC "YYYY-MM-DD HH:MM:SS"; sources and tags are joined with "; ". RFC 4180 quoting; cells that start like a formula get a leading apostrophe.`,
        security: BEARER,
        querystring: ExportQuerySchema,
        produces: ['text/csv'],
        response: { 200: { type: 'string', description: 'text/csv' }, ...tqErrors(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const { total, items } = await exportIndicators(store, callerOf(request).orgId, request.query);
      const ids = items.map((i) => i.id);
      const sources = new Map<number, string[]>();
      const tags = new Map<number, string[]>();
      if (ids.length > 0) {
        for (const s of await store.indicators.sources(ids)) sources.set(s.indicatorId, [...(sources.get(s.indicatorId) ?? []), s.name]);
        for (const t of await store.indicators.tags(ids)) tags.set(t.indicatorId, [...(tags.get(t.indicatorId) ?? []), t.name]);
      }
      let body = csvRow(CSV_COLUMNS);
      for (const i of items) {
        body += csvRow([
          i.id,
          i.value,
          indicatorType(i.typeId)?.name,
          indicatorStatus(i.statusId)?.name,
          (i.manualScore ?? i.generatedScore).toFixed(2),
          i.class,
          i.description,
          (sources.get(i.id) ?? []).sort().join('; '),
          (tags.get(i.id) ?? []).sort().join('; '),
          tqDate(i.publishedAt),
          tqDate(i.expiresAt),
          tqDate(i.createdAt),
          tqDate(i.updatedAt),
        ]);
      }
      return reply
        .header('x-total-count', String(total))
        .header('content-disposition', 'attachment; filename="indicators.csv"')
        .type('text/csv; charset=utf-8')
        .send(body);
    },
  );

  app.post(
    '/import/stix',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: [TAG],
        summary: 'Import indicators from a STIX 2.1 bundle',
        description: `The body is a bundle (application/json or application/stix+json). Indicator SDOs whose pattern is equality comparisons joined by OR (e.g. [ipv4-addr:value = '198.51.100.3']) and observables (ipv4/ipv6-addr, domain-name, url, email-addr, mac-addr, file hashes and name, mutex, autonomous-system) become indicators, upserted in one transaction (at most ${config.threatq.consumeMaxItems}). valid_from → published_at, valid_until → expires_at. threat-actors become adversaries (upsert by name) and their indicates relationships from imported indicators become relations, so a bundle of GET /api/export/stix imports back whole. Other objects, and values that do not normalize, are listed in skipped. A malformed bundle is a 400 naming the object, and nothing is stored.`,
        security: BEARER,
        querystring: ImportQuery,
        body: { type: 'object', additionalProperties: true, description: 'a STIX 2.1 bundle' },
        response: { 201: ImportResponse, ...tqErrors(400, 401, 403, 413, 429) },
      },
    },
    async (request, reply) => {
      requireWriter(request);
      let bundle;
      try {
        bundle = readStixBundle(request.body);
      } catch (err) {
        if (err instanceof StixImportError) throw apiError('VIGIL_BAD_REQUEST', `Invalid STIX bundle: ${err.message}`);
        throw err;
      }
      const source = request.query.source ?? 'STIX import';
      const status = request.query.status;
      if (status !== undefined && !indicatorStatus(status)) throw apiError('VIGIL_INVALID_PARAMETER', 'query parameter status', 'unknown indicator status (see GET /api/indicator/statuses)');
      const skipped = [...bundle.skipped];
      const items: IndicatorUpsert[] = [];
      /** the indicator SDO (or SCO) each item came from */
      const itemStixIds: string[] = [];
      for (const c of bundle.candidates) {
        try {
          items.push(candidateUpsert(c, { source, status: status ?? c.status }));
          itemStixIds.push(c.stixId);
        } catch (err) {
          if (!(err instanceof IndicatorInputError)) throw err;
          skipped.push({ id: c.stixId, reason: `${c.type} ${JSON.stringify(c.value.slice(0, 100))}: ${err.message}` });
        }
      }
      const plan = planStixAdversaries(bundle.adversaries, bundle.relationships, new Set(itemStixIds), { source });
      skipped.push(...plan.skipped);
      if (items.length > config.threatq.consumeMaxItems) {
        throw new ApiError('VIGIL_BODY_TOO_LARGE', `Too many indicators in one bundle: ${items.length}; at most ${config.threatq.consumeMaxItems} (send several bundles)`);
      }
      let saved: Awaited<ReturnType<typeof store.indicators.upsertMany>> = [];
      if (items.length > 0) {
        try {
          saved = await store.indicators.upsertMany(callerOf(request).orgId, items);
        } catch (err) {
          if (err instanceof StoreValidationError) throw apiError('VIGIL_BAD_REQUEST', err.message);
          throw err;
        }
      }
      const indicatorIds = new Map<string, number[]>();
      saved.forEach((indicator, k) => indicatorIds.set(itemStixIds[k]!, [...(indicatorIds.get(itemStixIds[k]!) ?? []), indicator.id]));
      const adversaries = await storeStixAdversaries(store, callerOf(request).orgId, plan, indicatorIds);
      const unique = [...new Map(saved.map((i) => [i.id, i])).values()];
      await app.vigil.audit(request, {
        crud: 'create',
        action: 'indicators.import_stix',
        description: `Imported ${unique.length} indicator(s) and ${adversaries.length} adversary(ies) from a STIX bundle`,
        context: { count: unique.length, adversaries: adversaries.length, relationships: plan.relationships.length, skipped: skipped.length },
      });
      return reply.code(201).send({
        total: unique.length,
        data: unique.map((i) => presentIndicator(i, { with: new Set() })),
        adversaries: adversaries.map((a) => presentAdversary(a)),
        skipped,
      });
    },
  );
}
