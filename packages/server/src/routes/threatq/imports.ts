/**
 * Free-text import (reference threatq-api.md §1.3 `POST /api/imports`, ThreatQ's "Generic Text" parser):
 * pasted text goes in, `extractIndicators` from @vigil/intel finds IPs, CIDRs, domains, URLs, e-mail
 * addresses, hashes and CVEs (defanged forms too), and they are upserted in one transaction with the given
 * source. New indicators get the given status (default Review, as ThreatQ's importer sets
 * `indicator_global_status: 4`); indicators that already exist keep their status and get the source added.
 * ThreatQ's staged flow (PUT /api/imports/{id}, then commit) is collapsed into this one call.
 * @module
 */
import { extractIndicators } from '@vigil/intel';
import { StoreValidationError, type IndicatorUpsert } from '@vigil/store';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { ApiError, apiError } from '../../errors.js';
import { presentIndicator } from '../../presenters/threatq.js';
import { IndicatorInputError, readIndicator, resolveStatus } from './indicator-input.js';
import { isObject, readInput, readName, requireWriter } from './object-input.js';
import { BEARER, Indicator, TAG, tqErrors } from './schemas.js';

const MAX_TEXT = 2_000_000;
const DEFAULT_SOURCE = 'Free-text import';
const REVIEW = 4;
/** Only the "Generic Text" parser (attachment type 6) exists. */
const GENERIC_TEXT = 6;

const ImportBody = Type.Unsafe({
  description:
    '{text (required, at most 2,000,000 characters), import_source | source: "<source name>" (default "Free-text import"), indicator_global_status | status_id | status (status of new indicators, default 4 = Review), tags: ["name"], content_type_id: 6 (Generic Text; optional), normalize: "Y"|"N" (ignored: values are always normalized)}',
});

const ImportResponse = Type.Object({
  data: Type.Object({
    found: Type.Integer({ description: 'distinct indicators found in the text' }),
    created: Type.Integer(),
    existing: Type.Integer({ description: 'already in the library: the source was added, the status kept' }),
    indicators: Type.Array(Indicator, { description: 'each with type and import_result: created | existing' }),
  }),
});

/** Registers `POST /api/imports` on the bearer-protected /api context. */
export async function importRoutes(app: FastifyInstance): Promise<void> {
  const { store, config } = app.vigil;
  const maxItems = config.threatq.consumeMaxItems;

  app.post(
    '/imports',
    {
      bodyLimit: 8 * 1024 * 1024,
      schema: {
        tags: [TAG],
        summary: 'Import indicators from free text',
        description: `Extracts indicators from the text and upserts them with the source (at most ${maxItems} per import, VIGIL_CONSUME_MAX_ITEMS; more → 413). Answers what was found, created and already known.`,
        security: BEARER,
        body: ImportBody,
        response: { 201: ImportResponse, ...tqErrors(400, 401, 403, 413, 429) },
      },
    },
    async (request, reply) => {
      requireWriter(request);
      const body = request.body;
      if (!isObject(body)) throw apiError('VIGIL_BAD_REQUEST', 'Request body must be an object {text, import_source, …}');
      if (typeof body.text !== 'string' || body.text.trim() === '') throw apiError('VIGIL_BAD_REQUEST', 'Invalid value for body field text: is required and must be a non-empty string');
      if (body.text.length > MAX_TEXT) throw new ApiError('VIGIL_BODY_TOO_LARGE', `Invalid value for body field text: at most ${MAX_TEXT} characters per import`);
      const options = readInput(() => {
        if (body.content_type_id !== undefined && Number(body.content_type_id) !== GENERIC_TEXT) {
          throw new IndicatorInputError('content_type_id', `only ${GENERIC_TEXT} (Generic Text) is supported`);
        }
        const sourceRaw = body.import_source ?? body.source;
        const source = sourceRaw === undefined || sourceRaw === null ? DEFAULT_SOURCE : readName(sourceRaw, body.import_source !== undefined ? 'import_source' : 'source');
        const status = resolveStatus(body.indicator_global_status !== undefined ? { status_id: body.indicator_global_status } : body, '');
        if (body.tags !== undefined && (!Array.isArray(body.tags) || body.tags.length > 100)) throw new IndicatorInputError('tags', 'must be an array of at most 100 names');
        const tags = ((body.tags as unknown[] | undefined) ?? []).map((t, i) => readName(t, `tags[${i}]`));
        return { source, statusId: status?.id ?? REVIEW, tags };
      });

      const extracted = extractIndicators(body.text);
      if (extracted.length > maxItems) {
        throw new ApiError('VIGIL_BODY_TOO_LARGE', `Too many indicators in one import: ${extracted.length}; at most ${maxItems} (split the text)`);
      }
      const orgId = request.auth!.orgId;
      const items: IndicatorUpsert[] = [];
      for (const found of extracted) {
        // The extractor already normalizes; readIndicator computes the hash and score like any create.
        try {
          items.push(readIndicator({ value: found.value, type: found.type, sources: [{ name: options.source }], tags: options.tags }, ''));
        } catch (err) {
          if (!(err instanceof IndicatorInputError)) throw err;
        }
      }
      const known = items.length
        ? await store.indicators.list({ orgId, values: [...new Set(items.map((i) => i.value))], limit: items.length * 2 + 10, offset: 0 })
        : { items: [] };
      const existingKeys = new Set(known.items.map((i) => `${i.typeId}\u0000${i.value}`));
      const isExisting = (i: IndicatorUpsert) => existingKeys.has(`${i.typeId}\u0000${i.value}`);
      // Only new indicators get the import's status: re-finding a known one must not demote it to Review.
      for (const item of items) if (!isExisting(item)) item.statusId = options.statusId;
      let saved;
      try {
        saved = await store.indicators.upsertMany(orgId, items);
      } catch (err) {
        if (err instanceof StoreValidationError) throw apiError('VIGIL_BAD_REQUEST', err.message);
        throw err;
      }
      const created = items.filter((i) => !isExisting(i)).length;
      await app.vigil.audit(request, {
        crud: 'create',
        action: 'imports.create',
        description: `Imported ${saved.length} indicator(s) from text (${created} new)`,
        context: { found: extracted.length, created, source: options.source },
      });
      const relations = { with: new Set(['type']) };
      return reply.code(201).send({
        data: {
          found: items.length,
          created,
          existing: items.length - created,
          indicators: saved.map((ind, i) => ({ ...presentIndicator(ind, relations), import_result: isExisting(items[i]!) ? 'existing' : 'created' })),
        },
      });
    },
  );
}
