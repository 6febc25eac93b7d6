/**
 * Free-text import (reference threatq-api.md §1.3 `POST /api/imports`, ThreatQ's "Generic Text" parser):
 * pasted text goes in, `extractIndicators` from @vigil/intel finds IPs, CIDRs, domains, URLs, e-mail
 * addresses, hashes and CVEs (defanged forms too), and they are upserted in one transaction with the given
 * source. New indicators get the given status (default Review, as ThreatQ's importer sets
 * `indicator_global_status: 4`); indicators that already exist keep their status and get the source added.
 * A body with `content_type_id` or `attachment_id`, or a multipart upload, is ThreatQ's staged flow instead
 * (threatqsdk `import_text`, `import_file`): it creates a pending job, see import-jobs.ts.
 * @module
 */
import { extractIndicators } from '@vigil/intel';
import type { TypeBoxRequestProvider } from '../../http/type-provider.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { callerOf } from '../../http/caller.js';
import { Type } from 'typebox';
import { ApiError, apiError } from '../../errors.js';
import { nameOf, resolveStatus } from './indicator-input.js';
import { Name } from './input-schemas.js';
import { invalidAs } from '../../http/validation.js';
import { DEFAULT_SOURCE, importSummary, REVIEW, upsertFound } from './import-upsert.js';
import { isObject, readInput, readName, requireWriter } from './object-input.js';
import { createImportJob, ImportJobSchema, importJobRoutes } from './import-jobs.js';
import { BEARER, Indicator, TAG, tqErrors } from './schemas.js';

const MAX_TEXT = 2_000_000;

const MAX_TAGS = 100;

/**
 * The one-shot and the staged body share a route: the schema holds what both may carry (tags), the handler
 * tells them apart; null is a multipart upload, whose fields import-jobs.ts reads.
 */
const ImportBody = Type.Union([
  Type.Object(
    {
      // Read by the handler: text's size is a 413, the source and status are read against names and vocabularies.
      text: Type.Optional(Type.Unknown()),
      import_source: Type.Optional(Type.Unknown()),
      source: Type.Optional(Type.Unknown()),
      indicator_global_status: Type.Optional(Type.Unknown()),
      tags: Type.Optional(Type.Array(Name, { maxItems: MAX_TAGS, ...invalidAs(`must be an array of at most ${MAX_TAGS} names`) })),
    },
    { additionalProperties: true },
  ),
  Type.Null(),
], {
  ...invalidAs('must be an object {text, import_source, …}'),
  description:
    'One-shot: {text (required, at most 2,000,000 characters), import_source | source: "<source name>" (default "Free-text import"), indicator_global_status | status_id | status (status of new indicators, default 4 = Review), tags: ["name"]}. Staged (ThreatQ\'s multi-step import, when content_type_id or attachment_id is present, or the body is multipart/form-data with a file part): {content_type_id: 6 (Generic Text, see GET /api/attachments/types?is_parsable=Y), text | attachment_id, normalize: "Y"|"N", import_source?, indicator_global_status?, delete_after_import?}',
});

const ImportResponse = Type.Object({
  data: Type.Object({
    found: Type.Integer({ description: 'distinct indicators found in the text' }),
    created: Type.Integer(),
    existing: Type.Integer({ description: 'already in the library: the source was added, the status kept' }),
    indicators: Type.Array(Indicator, { description: 'each with type and import_result: created | existing' }),
  }),
});

/** ThreatQ's staged import is told apart by its parser id, an attachment to read, or a file upload. */
function isStaged(request: FastifyRequest): boolean {
  if (request.isMultipart()) return true;
  const body = request.body;
  return isObject(body) && (body.content_type_id !== undefined || body.attachment_id !== undefined);
}

/** Registers `POST /api/imports` (and the staged import routes) on the bearer-protected /api context. */
export async function importRoutes(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxRequestProvider>();
  const { store, config } = app.vigil;
  const maxItems = config.threatq.consumeMaxItems;
  await importJobRoutes(app);

  app.post(
    '/imports',
    {
      bodyLimit: 8 * 1024 * 1024,
      schema: {
        tags: [TAG],
        summary: 'Import indicators from free text',
        description: `One-shot: extracts indicators from the text and upserts them with the source (at most ${maxItems} per import, VIGIL_CONSUME_MAX_ITEMS; more → 413), answering what was found, created and already known (201). Staged (content_type_id or attachment_id in the body, or multipart/form-data): creates a pending import job and answers it (201 {data: {id, …}}); then PUT /api/imports/{id}, GET /api/imports/{id}/indicators, GET /api/imports/{id}/commit, DELETE /api/imports/{id}.`,
        security: BEARER,
        body: ImportBody,
        consumes: ['application/json', 'multipart/form-data'],
        response: { 201: Type.Union([ImportResponse, Type.Object({ data: ImportJobSchema })]), ...tqErrors(400, 401, 403, 404, 413, 429) },
      },
    },
    async (request, reply) => {
      requireWriter(request);
      if (isStaged(request)) return createImportJob(app, request, reply);
      const body = request.body;
      if (!isObject(body)) throw apiError('VIGIL_BAD_REQUEST', 'Request body must be an object {text, import_source, …}');
      if (typeof body.text !== 'string' || body.text.trim() === '') throw apiError('VIGIL_BAD_REQUEST', 'Invalid value for body field text: is required and must be a non-empty string');
      if (body.text.length > MAX_TEXT) throw new ApiError('VIGIL_BODY_TOO_LARGE', `Invalid value for body field text: at most ${MAX_TEXT} characters per import`);
      const options = readInput(() => {
        const sourceRaw = body.import_source ?? body.source;
        const source = sourceRaw === undefined || sourceRaw === null ? DEFAULT_SOURCE : readName(sourceRaw, body.import_source !== undefined ? 'import_source' : 'source');
        const status = resolveStatus(body.indicator_global_status !== undefined ? { status_id: body.indicator_global_status } : body, '');
        const tags = (body.tags ?? []).map(nameOf);
        return { source, statusId: status?.id ?? REVIEW, tags };
      });

      const extracted = extractIndicators(body.text);
      if (extracted.length > maxItems) {
        throw new ApiError('VIGIL_BODY_TOO_LARGE', `Too many indicators in one import: ${extracted.length}; at most ${maxItems} (split the text)`);
      }
      const orgId = callerOf(request).orgId;
      const { items, saved, existing } = await upsertFound(store, orgId, extracted, options);
      const summary = importSummary(items, saved, existing);
      const created = summary.created;
      await app.vigil.audit(request, {
        crud: 'create',
        action: 'imports.create',
        description: `Imported ${saved.length} indicator(s) from text (${created} new)`,
        context: { found: extracted.length, created, source: options.source },
      });
      return reply.code(201).send({ data: summary });
    },
  );
}
