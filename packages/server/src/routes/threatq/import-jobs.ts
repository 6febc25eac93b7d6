/**
 * ThreatQ's staged import (reference threatq-api.md §1.3; threatqsdk v1.8 `import_text`, `import_text2`,
 * `import_file`, `File.parse_and_import`): `POST /api/imports` with a parser id (`content_type_id`) and
 * `text`, an `attachment_id`, or a multipart file creates a pending job holding what the parser found;
 * `PUT /api/imports/{id}` sets the options (`import_source`, `indicator_global_status`, `normalize`,
 * `delete_after_import`); `GET …/indicators` lists what is pending; `GET …/commit` stores it (new indicators
 * get the status, default 4 = Review; known ones keep theirs and get the source); `DELETE` discards it.
 * The only parser is "Generic Text" (attachment type 6, `is_parsable: "Y"` in `/api/attachments/types`).
 * Jobs live 24 hours; committing twice is a 409.
 * @module
 */
import multipart from '@fastify/multipart';
import { extractIndicators, indicatorType } from '@vigil/intel';
import type { ImportJob, ImportJobPatch } from '@vigil/store';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { callerOf } from '../../http/caller.js';
import { Type } from 'typebox';
import { ApiError, apiError } from '../../errors.js';
import { tqDate } from '../../presenters/threatq.js';
import { IndicatorInputError, resolveStatus } from './indicator-input.js';
import { DEFAULT_SOURCE, importSummary, REVIEW, upsertFound } from './import-upsert.js';
import { invalidAs, schemaChecker } from '../../http/validation.js';
import { readMultipart } from './multipart-parts.js';
import { isObject, readInput, readName, requireWriter } from './object-input.js';
import { BEARER, IdParams, TAG, tqErrors } from './schemas.js';
import type { TypeBoxRequestProvider } from '../../http/type-provider.js';

/** ThreatQ's "Generic Text" file type, the free-text parser. */
export const GENERIC_TEXT = 6;
const JOB_TTL_MS = 24 * 3600 * 1000;
const MAX_TEXT = 2_000_000;
const MAX_FILE_BYTES = 8 * 1024 * 1024;

export const ImportJobSchema = Type.Object(
  {
    id: Type.Integer(),
    content_type_id: Type.Integer({ description: 'the parser (attachment type) id' }),
    attachment_id: Type.Union([Type.Integer(), Type.Null()]),
    normalize: Type.String({ enum: ['Y', 'N'], description: 'recorded; values are always normalized per type' }),
    import_source: Type.Union([Type.String(), Type.Null()], { description: 'source of the committed indicators (default "Free-text import")' }),
    indicator_global_status: Type.Integer({ description: 'status id of new indicators (default 4 = Review)' }),
    delete_after_import: Type.Integer({ description: '1: the attachment read is deleted by the commit' }),
    status: Type.String({ enum: ['pending', 'committing', 'committed'] }),
    indicator_count: Type.Integer(),
    created_at: Type.String(),
    updated_at: Type.String(),
    expires_at: Type.String(),
  },
  { title: 'ThreatQImportJob', additionalProperties: true },
);

function presentJob(job: ImportJob): Record<string, unknown> {
  return {
    id: job.id,
    content_type_id: job.contentTypeId,
    attachment_id: job.attachmentId,
    normalize: job.normalize ? 'Y' : 'N',
    import_source: job.importSource,
    indicator_global_status: job.statusId ?? REVIEW,
    delete_after_import: job.deleteAfterImport ? 1 : 0,
    status: job.state,
    indicator_count: job.indicatorCount,
    ...(job.result ?? {}),
    created_at: tqDate(job.createdAt),
    updated_at: tqDate(job.updatedAt),
    expires_at: tqDate(job.expiresAt),
  };
}

/** Y/N, true/false, 1/0 (as Python's requests sends them, or as strings from a form; an empty string is N). */
const Flag = Type.Union(
  [Type.Boolean(), Type.Literal(0), Type.Literal(1), Type.String({ pattern: '^\\s*([Yy]|[Yy][Ee][Ss]|[Nn]|[Nn][Oo]|[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]|1|0)?\\s*$' })],
  invalidAs('must be "Y" or "N" (or true/false, 1/0)'),
);
const checkFlag = schemaChecker(Flag);

/** The options body of `PUT /api/imports/{id}`; import_source and the status are read against names and vocabularies. */
const JobOptionsBody = Type.Object(
  { normalize: Type.Optional(Flag), delete_after_import: Type.Optional(Flag) },
  {
    additionalProperties: true,
    description: '{delete_after_import, import_source, indicator_global_status, normalize}',
    ...invalidAs('must be an object {delete_after_import, import_source, indicator_global_status, normalize}'),
  },
);

/** A flag the route schema checked, or one from a multipart form or a POST body, checked here by the same schema. */
function readFlag(raw: unknown, field: string): boolean {
  const failure = checkFlag(raw);
  if (failure) throw new IndicatorInputError(field, failure.reason);
  return ['y', 'yes', '1', 'true'].includes(String(raw).trim().toLowerCase());
}

/** The options a job can carry, from a POST or PUT body; undefined fields are left alone. */
function readOptions(body: Record<string, unknown>): ImportJobPatch {
  const out: ImportJobPatch = {};
  if (body.normalize !== undefined) out.normalize = readFlag(body.normalize, 'normalize');
  if (body.delete_after_import !== undefined) out.deleteAfterImport = readFlag(body.delete_after_import, 'delete_after_import');
  if (body.import_source !== undefined) out.importSource = body.import_source === null ? null : readName(body.import_source, 'import_source');
  if (body.indicator_global_status !== undefined) {
    out.statusId = body.indicator_global_status === null ? null : resolveStatus({ status_id: body.indicator_global_status }, '')!.id;
  }
  return out;
}

function readParser(raw: unknown): number {
  const id = typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : raw;
  if (id !== GENERIC_TEXT) throw new IndicatorInputError('content_type_id', `must be a parser id; only ${GENERIC_TEXT} (Generic Text) can parse (see GET /api/attachments/types?is_parsable=Y)`);
  return GENERIC_TEXT;
}

/** Reads a multipart import (threatqsdk `import_file`): the fields and one file, sent in one chunk. */
async function readImportFile(request: FastifyRequest): Promise<{ fields: Record<string, string>; text: string }> {
  const { fields, file } = await readMultipart(request, MAX_FILE_BYTES, 'import');
  if (fields.resumableTotalChunks !== undefined && fields.resumableTotalChunks.trim() !== '1') {
    throw apiError('VIGIL_BAD_REQUEST', 'Invalid value for body field resumableTotalChunks: an import file must be sent in one chunk');
  }
  return { fields, text: new TextDecoder().decode(file.content) };
}

/**
 * Handles a staged `POST /api/imports` (imports.ts decides which shape a request is): parses, then stores a
 * pending job; 201 `{data: {id, …}}`.
 * ```ts
 * if (isStaged(request)) return createImportJob(app, request, reply);
 * ```
 */
export async function createImportJob(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const { store, config } = app.vigil;
  const orgId = callerOf(request).orgId;
  let body: Record<string, unknown>;
  let text: string;
  let attachmentId: number | null = null;
  if (request.isMultipart()) {
    const read = await readImportFile(request);
    body = read.fields;
    text = read.text;
  } else {
    if (!isObject(request.body)) throw apiError('VIGIL_BAD_REQUEST', 'Request body must be an object {content_type_id, text, normalize}');
    body = request.body;
  }
  const options = readInput(() => {
    const contentTypeId = readParser(body.content_type_id);
    if (!request.isMultipart() && body.attachment_id !== undefined) {
      const id = typeof body.attachment_id === 'string' && /^\d+$/.test(body.attachment_id) ? Number(body.attachment_id) : body.attachment_id;
      if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) throw new IndicatorInputError('attachment_id', 'must be an attachment id');
      attachmentId = id;
    } else if (!request.isMultipart() && (typeof body.text !== 'string' || body.text.trim() === '')) {
      throw new IndicatorInputError('text', 'is required (or attachment_id, or a file part) and must be a non-empty string');
    }
    return { contentTypeId, ...readOptions(body) };
  });
  if (attachmentId !== null) {
    const found = await store.attachments.content(orgId, attachmentId);
    if (!found) throw apiError('VIGIL_NOT_FOUND', 'Attachment');
    text = new TextDecoder().decode(found.content);
  } else if (!request.isMultipart()) {
    text = body.text as string;
  }
  if (text!.length > MAX_TEXT) throw new ApiError('VIGIL_BODY_TOO_LARGE', `Invalid value for body field text: at most ${MAX_TEXT} characters per import`);
  const found = [];
  for (const f of extractIndicators(text!)) {
    const type = indicatorType(f.type);
    if (type) found.push({ typeId: type.id, value: f.value });
  }
  const maxItems = config.threatq.consumeMaxItems;
  if (found.length > maxItems) throw new ApiError('VIGIL_BODY_TOO_LARGE', `Too many indicators in one import: ${found.length}; at most ${maxItems} (split the text)`);
  const job = await store.importJobs.create(orgId, {
    userId: callerOf(request).userId,
    contentTypeId: options.contentTypeId,
    attachmentId,
    normalize: options.normalize ?? true,
    importSource: options.importSource,
    statusId: options.statusId,
    deleteAfterImport: options.deleteAfterImport,
    indicators: found,
    ttlMs: JOB_TTL_MS,
  });
  await app.vigil.audit(request, { crud: 'create', action: 'imports.stage', description: `Staged import ${job.id} (${found.length} indicator(s))`, context: { id: job.id, found: found.length } });
  return reply.code(201).send({ data: presentJob(job) });
}

/** Registers the staged import routes (and multipart bodies for `POST /api/imports`) on the imports context. */
export async function importJobRoutes(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxRequestProvider>();
  const { store } = app.vigil;
  await app.register(multipart, { limits: { fileSize: MAX_FILE_BYTES, files: 1 } });

  async function jobOf(request: FastifyRequest<{ Params: { id: number } }>): Promise<ImportJob> {
    const job = await store.importJobs.get(callerOf(request).orgId, request.params.id);
    if (!job) throw apiError('VIGIL_NOT_FOUND', 'Import');
    return job;
  }
  const JobResponse = Type.Object({ data: ImportJobSchema });

  app.get(
    '/imports/:id',
    { schema: { tags: [TAG], summary: 'Get one staged import', security: BEARER, params: IdParams, response: { 200: JobResponse, ...tqErrors(401, 404, 429) } } },
    async (request) => ({ data: presentJob(await jobOf(request)) }),
  );

  app.put(
    '/imports/:id',
    {
      schema: {
        tags: [TAG],
        summary: 'Set the options of a staged import',
        description: '{import_source: "<source name>" | {name}, indicator_global_status: <status id or name> (new indicators; default 4 = Review), normalize: "Y"|"N", delete_after_import: 0|1 (delete the attachment read, on commit)}. A committed import is a 409.',
        security: BEARER,
        params: IdParams,
        body: JobOptionsBody,
        response: { 200: JobResponse, ...tqErrors(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => {
      requireWriter(request);
      const patch = readInput(() => {
        const out = readOptions(request.body);
        if (Object.keys(out).length === 0) throw new IndicatorInputError('(root)', 'nothing to change: send delete_after_import, import_source, indicator_global_status or normalize');
        return out;
      });
      const job = await jobOf(request);
      if (job.state !== 'pending') throw apiError('VIGIL_CONFLICT', `Import ${job.id} is already ${job.state}`);
      const updated = await store.importJobs.update(callerOf(request).orgId, job.id, patch);
      if (!updated) throw apiError('VIGIL_CONFLICT', `Import ${job.id} is no longer pending`);
      await app.vigil.audit(request, { crud: 'update', action: 'imports.update', description: `Changed the options of import ${job.id}`, context: { id: job.id } });
      return { data: presentJob(updated) };
    },
  );

  app.get(
    '/imports/:id/indicators',
    {
      schema: {
        tags: [TAG],
        summary: 'The indicators a staged import found',
        description: 'Every indicator the parser found, as it will be committed: {value, type_id, type: {id, name, class}}.',
        security: BEARER,
        params: IdParams,
        response: {
          200: Type.Object({ total: Type.Integer(), data: Type.Array(Type.Object({ value: Type.String(), type_id: Type.Integer() }, { additionalProperties: true })) }),
          ...tqErrors(401, 404, 429),
        },
      },
    },
    async (request) => {
      const pending = await store.importJobs.indicators(callerOf(request).orgId, request.params.id);
      if (!pending) throw apiError('VIGIL_NOT_FOUND', 'Import');
      const data = pending.map((i) => {
        const type = indicatorType(i.typeId);
        return { value: i.value, type_id: i.typeId, type: { id: i.typeId, name: type?.name ?? null, class: type?.class ?? null } };
      });
      return { total: data.length, data };
    },
  );

  app.get(
    '/imports/:id/commit',
    {
      schema: {
        tags: [TAG],
        summary: 'Commit a staged import into the library',
        description:
          'Upserts the found indicators with the source import_source (default "Free-text import"); new ones get indicator_global_status (default 4 = Review), known ones keep their status. Answers the job with {found, created, existing, indicators}. Committing again is a 409.',
        security: BEARER,
        params: IdParams,
        response: { 200: JobResponse, ...tqErrors(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => {
      requireWriter(request);
      const orgId = callerOf(request).orgId;
      const claimed = await store.importJobs.claim(orgId, request.params.id);
      if (!claimed) {
        const job = await jobOf(request);
        throw apiError('VIGIL_CONFLICT', `Import ${job.id} is already ${job.state}`);
      }
      const { job, indicators } = claimed;
      let summary;
      try {
        const { items, saved, existing } = await upsertFound(
          store,
          orgId,
          indicators.map((i) => ({ type: i.typeId, value: i.value })),
          { source: job.importSource ?? DEFAULT_SOURCE, statusId: job.statusId ?? REVIEW, tags: [] },
        );
        summary = importSummary(items, saved, existing);
      } catch (err) {
        await store.importJobs.release(orgId, job.id);
        throw err;
      }
      const finished = await store.importJobs.finish(orgId, job.id, { found: summary.found, created: summary.created, existing: summary.existing });
      if (job.deleteAfterImport && job.attachmentId !== null) await store.attachments.delete(orgId, job.attachmentId);
      await app.vigil.audit(request, {
        crud: 'create',
        action: 'imports.commit',
        description: `Committed import ${job.id}: ${summary.found} indicator(s) (${summary.created} new)`,
        context: { id: job.id, found: summary.found, created: summary.created, source: job.importSource ?? DEFAULT_SOURCE },
      });
      return { data: { ...presentJob(finished ?? job), ...summary } };
    },
  );

  app.delete(
    '/imports/:id',
    {
      schema: { tags: [TAG], summary: 'Discard a staged import', security: BEARER, params: IdParams, response: { 204: { type: 'null', description: 'discarded' }, ...tqErrors(401, 403, 404, 429) } },
    },
    async (request, reply) => {
      requireWriter(request);
      if (!(await store.importJobs.delete(callerOf(request).orgId, request.params.id))) throw apiError('VIGIL_NOT_FOUND', 'Import');
      await app.vigil.audit(request, { crud: 'delete', action: 'imports.delete', description: `Discarded import ${request.params.id}`, context: { id: request.params.id } });
      return reply.code(204).send();
    },
  );
}
