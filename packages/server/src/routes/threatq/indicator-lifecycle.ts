/**
 * The lifecycle of indicators (reference threatq-api.md §1.3, §1.7): manual score overrides
 * (`PUT /api/indicator/{id}/scores`, also under `/api/indicators/…`), per-source expiration policies
 * (`GET /api/sources`, `PUT /api/sources/{id}` with `expiration_days`; the expiry worker applies them), and
 * the organization's whitelist of values and CIDR blocks (`/api/indicators/whitelist`), whose matches
 * take status Whitelisted and never alert.
 * @module
 */
import type { Indicator, IntelSource, WhitelistEntry, WhitelistKind } from '@vigil/store';
import { detectIndicatorType, normalizeIndicatorValue } from '@vigil/intel';
import type { TypeBoxRequestProvider } from '../../http/type-provider.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { callerOf } from '../../http/caller.js';
import { Type, type Static } from 'typebox';
import { invalidAs, missingAs } from '../../http/validation.js';
import { apiError } from '../../errors.js';
import { tqDate } from '../../presenters/threatq.js';
import { BEARER, IdParams, TAG, tqErrors } from './schemas.js';
import { requireWriter } from './object-input.js';

const MAX_EXPIRATION_DAYS = 36_500;
const MAX_WHITELIST_ITEMS = 1000;

const MAX_WHITELIST_VALUE = 8192;
const MAX_NOTE = 1000;

/** `{manual_score}`: a number, or digits as form-encoded clients send them; null clears. */
const ScoreBody = Type.Object(
  {
    manual_score: Type.Union([Type.Number({ minimum: 0, maximum: 10 }), Type.String({ pattern: '^\\s*(10(\\.0+)?|\\d(\\.\\d+)?)\\s*$' }), Type.Null()], {
      ...invalidAs('must be a number from 0 to 10, or null'),
      ...missingAs('is required (a number from 0 to 10, or null)'),
    }),
  },
  { additionalProperties: true, description: '{manual_score: number 0–10 | null}' },
);

const ExpirationBody = Type.Object(
  {
    expiration_days: Type.Union([Type.Integer({ minimum: 1, maximum: MAX_EXPIRATION_DAYS }), Type.Null()], {
      ...invalidAs(`must be an integer from 1 to ${MAX_EXPIRATION_DAYS}, or null`),
      ...missingAs('is required (an integer number of days, or null for never)'),
    }),
  },
  { additionalProperties: true, description: '{expiration_days: integer | null}' },
);

const WhitelistValue = Type.String({ maxLength: MAX_WHITELIST_VALUE, pattern: '\\S', ...invalidAs('is required and must be a non-empty string') });
/** A value, or `{value, type?, note?}`; the value is read against its given or detected type by the handler. */
const WhitelistItem = Type.Union([
  WhitelistValue,
  Type.Object(
    {
      value: WhitelistValue,
      type: Type.Optional(Type.Unknown()),
      note: Type.Optional(Type.Union([Type.String({ maxLength: MAX_NOTE }), Type.Null()], invalidAs(`must be a string of at most ${MAX_NOTE} characters`))),
    },
    { additionalProperties: true },
  ),
]);
type WhitelistItem = Static<typeof WhitelistItem>;
const WhitelistBody = Type.Union([WhitelistItem, Type.Array(WhitelistItem, { minItems: 1, maxItems: MAX_WHITELIST_ITEMS })], {
  ...invalidAs(`must be an entry {value, type, note}, a value, or an array of 1–${MAX_WHITELIST_ITEMS} of them`),
  description: '{value, type?, note?} | [..]',
});
const scoreText = (score: number | null) => (score === null ? null : score.toFixed(2));


function presentScore(i: Indicator) {
  return {
    indicator_id: i.id,
    generated_score: scoreText(i.generatedScore),
    manual_score: scoreText(i.manualScore),
    score: scoreText(i.manualScore ?? i.generatedScore),
    score_config_hash: null,
    created_at: tqDate(i.createdAt),
    updated_at: tqDate(i.updatedAt),
  };
}

const presentSource = (s: IntelSource) => ({
  id: s.id,
  name: s.name,
  tlp_id: s.tlpId,
  expiration_days: s.expirationDays,
  created_at: tqDate(s.createdAt),
  updated_at: tqDate(s.updatedAt),
});

const presentEntry = (e: WhitelistEntry) => ({ id: e.id, kind: e.kind, value: e.value, note: e.note, created_at: tqDate(e.createdAt) });

/**
 * Reads one whitelist item: a CIDR block (`10.0.0.0/8`) or any indicator value, normalized for its given or
 * detected type. Throws a 400 naming the field.
 */
export function readWhitelistItem(item: WhitelistItem, field: string): { kind: WhitelistKind; value: string; note: string | null } {
  const obj: Exclude<WhitelistItem, string> = typeof item === 'string' ? { value: item } : item;
  const note = obj.note ?? null;
  const type = obj.type as { name?: unknown } | string | undefined;
  const typeName = typeof type === 'string' ? type : typeof type === 'object' && type !== null && typeof type.name === 'string' ? type.name : undefined;
  const raw = obj.value.trim();
  if (typeName === 'CIDR Block' || (typeName === undefined && raw.includes('/') && !raw.includes(':/'))) {
    const cidr = normalizeIndicatorValue('CIDR Block', raw);
    if (!cidr.ok) throw apiError('VIGIL_BAD_REQUEST', `Invalid value for body field ${field}value: not a valid CIDR Block: ${cidr.reason}`);
    return { kind: 'cidr', value: cidr.value, note };
  }
  const name = typeName ?? detectIndicatorType(raw);
  if (name) {
    const normalized = normalizeIndicatorValue(name, raw);
    if (!normalized.ok) throw apiError('VIGIL_BAD_REQUEST', `Invalid value for body field ${field}value: not a valid ${name}: ${normalized.reason}`);
    return { kind: 'value', value: normalized.value, note };
  }
  return { kind: 'value', value: raw, note };
}

/** Registers score, source-policy and whitelist routes on the bearer-protected /api context. */
export async function indicatorLifecycleRoutes(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxRequestProvider>();
  const { store } = app.vigil;

  for (const base of ['/indicator', '/indicators']) {
    app.get(
      `${base}/:id/scores`,
      {
        schema: { tags: [TAG], summary: 'Get the scores of an indicator', security: BEARER, params: IdParams, response: tqErrors(401, 404, 429) },
      },
      async (request) => {
        const indicator = await store.indicators.get(callerOf(request).orgId, request.params.id);
        if (!indicator) throw apiError('VIGIL_NOT_FOUND', 'Indicator');
        return { data: presentScore(indicator) };
      },
    );

    app.put(
      `${base}/:id/scores`,
      {
        schema: {
          tags: [TAG],
          summary: 'Set or clear the manual score of an indicator',
          description: '{"manual_score": 0–10 | null}: a manual score wins over the generated one; null reverts to the generated score.',
          security: BEARER,
          params: IdParams,
          body: ScoreBody,
          response: tqErrors(400, 401, 403, 404, 429),
        },
      },
      async (request) => {
        requireWriter(request);
        const raw = request.body.manual_score;
        const score = typeof raw === 'string' ? Number(raw) : raw;
        const updated = await store.indicatorLifecycle.setManualScore(callerOf(request).orgId, request.params.id, score);
        if (!updated) throw apiError('VIGIL_NOT_FOUND', 'Indicator');
        await app.vigil.audit(request, { crud: 'update', action: 'indicators.score', description: `Set the manual score of indicator ${updated.id}`, context: { id: updated.id, manual_score: score } });
        return { data: presentScore(updated) };
      },
    );
  }

  app.get(
    '/sources',
    { schema: { tags: [TAG], summary: 'List intelligence sources with their expiration policy', security: BEARER, response: tqErrors(401, 429) } },
    async (request) => {
      const sources = await store.indicatorLifecycle.listSources(callerOf(request).orgId);
      return { total: sources.length, data: sources.map(presentSource) };
    },
  );

  app.put(
    '/sources/:id',
    {
      schema: {
        tags: [TAG],
        summary: "Set a source's indicator expiration policy",
        description: `{"expiration_days": 1–${MAX_EXPIRATION_DAYS} | null}: an indicator whose every source has a policy expires that many days after its latest report (the greatest date across sources); null is "Never Expire". A manual expires_at on the indicator beats the policy.`,
        security: BEARER,
        params: IdParams,
        body: ExpirationBody,
        response: tqErrors(400, 401, 403, 404, 429),
      },
    },
    async (request) => {
      requireWriter(request);
      const days = request.body.expiration_days;
      const source = await store.indicatorLifecycle.setSourceExpiration(callerOf(request).orgId, request.params.id, days);
      if (!source) throw apiError('VIGIL_NOT_FOUND', 'Source');
      await app.vigil.audit(request, { crud: 'update', action: 'sources.expiration', description: `Set the expiration policy of source ${source.name}`, context: { id: source.id, expiration_days: days } });
      return { data: presentSource(source) };
    },
  );

  app.get(
    '/indicators/whitelist',
    { schema: { tags: [TAG], summary: 'List the whitelist (values and CIDR blocks that never alert)', security: BEARER, response: tqErrors(401, 429) } },
    async (request) => {
      const entries = await store.indicatorLifecycle.whitelist(callerOf(request).orgId);
      return { total: entries.length, data: entries.map(presentEntry) };
    },
  );

  app.post(
    '/indicators/whitelist',
    {
      schema: {
        tags: [TAG],
        summary: 'Whitelist values or CIDR blocks',
        description: `{value, type?, note?}, a string, or an array of at most ${MAX_WHITELIST_ITEMS}. A CIDR block (e.g. 10.0.0.0/8) covers every IP inside it. Existing matching indicators take status Whitelisted. Answers 201 with the entries.`,
        security: BEARER,
        body: WhitelistBody,
        response: tqErrors(400, 401, 403, 413, 429),
      },
    },
    async (request, reply) => {
      requireWriter(request);
      const body = request.body;
      const items = Array.isArray(body) ? body : [body];
      const parsed = items.map((item, i) => readWhitelistItem(item, Array.isArray(body) ? `[${i}].` : ''));
      const orgId = callerOf(request).orgId;
      const data = [];
      let whitelisted = 0;
      for (const entry of parsed) {
        const result = await store.indicatorLifecycle.addWhitelist(orgId, entry);
        whitelisted += result.whitelisted;
        data.push(presentEntry(result.entry));
      }
      await app.vigil.audit(request, { crud: 'create', action: 'indicators.whitelist', description: `Whitelisted ${data.length} value(s)`, context: { count: data.length, indicators: whitelisted } });
      return reply.code(201).send({ total: data.length, whitelisted_indicators: whitelisted, data });
    },
  );

  app.post(
    '/indicators/whitelist/check',
    {
      schema: {
        tags: [TAG],
        summary: 'Check values against the whitelist',
        description: '{"values": ["10.1.2.3", …]} (at most 1000) → {data: {"10.1.2.3": true, …}}',
        security: BEARER,
        body: Type.Object({ values: Type.Array(Type.String({ maxLength: MAX_WHITELIST_VALUE }), { maxItems: MAX_WHITELIST_ITEMS }) }),
        response: tqErrors(400, 401, 429),
      },
    },
    async (request) => {
      const { values } = request.body;
      const matcher = await store.indicatorLifecycle.whitelistMatcher(callerOf(request).orgId);
      const data: Record<string, boolean> = {};
      for (const value of values) {
        const type = detectIndicatorType(value);
        const normalized = type ? normalizeIndicatorValue(type, value) : undefined;
        data[value] = matcher.matches(value) || (normalized?.ok === true && matcher.matches(normalized.value));
      }
      return { data };
    },
  );

  app.delete(
    '/indicators/whitelist/:id',
    {
      schema: {
        tags: [TAG],
        summary: 'Remove a whitelist entry',
        description:
          'Whitelisted indicators the entry covered that no remaining entry covers return to the status they had before an entry whitelisted them (Active if whitelisted before that was recorded); ones set to Whitelisted by hand stay.',
        security: BEARER,
        params: IdParams,
        response: { 204: { type: 'null', description: 'removed' }, ...tqErrors(401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      requireWriter(request);
      const removed = await store.indicatorLifecycle.removeWhitelist(callerOf(request).orgId, request.params.id);
      if (!removed) throw apiError('VIGIL_NOT_FOUND', 'Whitelist entry');
      await app.vigil.audit(request, {
        crud: 'delete',
        action: 'indicators.whitelist_remove',
        description: `Removed whitelist entry ${request.params.id}`,
        context: { id: request.params.id, restored_indicators: removed.restored },
      });
      return reply.code(204).send();
    },
  );
}
