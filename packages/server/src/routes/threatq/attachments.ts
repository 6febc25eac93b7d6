/**
 * Attachments (files) of the ThreatQ-compatible API (reference threatq-api.md §1.3): `POST /api/attachments`
 * as multipart/form-data (a `file` part plus `name`, `title`, `type`/`type_id`, `malware_locked` 0/1), read
 * with @fastify/multipart up to `VIGIL_ATTACHMENT_MAX_BYTES` (larger → 413); MD5 and SHA-256 are recorded.
 * `GET /api/attachments/{id}/download` always answers `application/octet-stream` with
 * `Content-Disposition: attachment` and `nosniff`, so no file (malware-locked or not) is ever rendered inline
 * by a browser. Also list, get, update (metadata), delete and `/api/attachments/types`. threatqsdk's
 * `upload_file` sends the bytes first (`POST /api/attachments/upload`, resumable.js chunks, see
 * attachment-uploads.ts) and then a JSON `POST /api/attachments` naming the file. Attachments carry sources,
 * attributes, tags and comments like events (create and update bodies, `with=`), and `…/sources`, `…/tags`
 * sub-resources (attachment-context.ts).
 * @module
 */
import multipart from '@fastify/multipart';
import { ATTACHMENT_TYPES, attachmentType } from '@vigil/intel';
import type { AttachmentInput, AttachmentPatch, AttachmentSortField } from '@vigil/store';
import type { TypeBoxRequestProvider } from '../../http/type-provider.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { callerOf } from '../../http/caller.js';
import { Type, type Static } from 'typebox';
import { invalidAs, schemaChecker } from '../../http/validation.js';
import { apiError } from '../../errors.js';
import { presentAttachment } from '../../presenters/threatq-objects.js';
import { IndicatorInputError } from './indicator-input.js';
import { attachmentContextRoutes } from './attachment-context.js';
import { attachmentUploadRoutes } from './attachment-uploads.js';
import { GENERIC_TEXT } from './import-jobs.js';
import { readMultipart } from './multipart-parts.js';
import { CONTEXT_WITH, isObject, loadObjectRelations, ObjectItem, ObjectListQuery, parseObjectWith, readContext, readInput, readPage, requireWriter } from './object-input.js';
import { readObjectPatch } from './object-writes.js';
import { BEARER, IdParams, TAG, tqErrors, WithQuery } from './schemas.js';

const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;
const SORT_FIELDS: readonly AttachmentSortField[] = ['id', 'name', 'title', 'type_id', 'file_size', 'created_at', 'updated_at'];
const ATTACHMENT_WITH = ['type', ...CONTEXT_WITH];
const PATCH_FIELDS = ['name', 'title', 'type', 'type_id', 'malware_locked', 'sources', 'attributes', 'tags', 'comments'];
const MAX_NAME = 255;
const MAX_TITLE = 1024;
const FIELDS = new Set(['name', 'title', 'type', 'type_id', 'malware_locked']);
const Attachment = ObjectItem('ThreatQAttachment');

function readTypeId(raw: unknown, field: string): number {
  const key = isObject(raw) ? (raw.id ?? raw.name) : raw;
  const type =
    typeof key === 'number' ? attachmentType(key) : typeof key === 'string' ? attachmentType(/^\d+$/.test(key.trim()) ? Number(key) : key) : undefined;
  if (!type) throw new IndicatorInputError(field, `unknown attachment type ${JSON.stringify(raw).slice(0, 60)} (see GET /api/attachments/types)`);
  return type.id;
}

const Text = (max: number) => Type.String({ maxLength: max, pattern: '\\S', ...invalidAs(`must be a non-empty string of at most ${max} characters`) });
const NameText = Text(MAX_NAME);
const TitleText = Text(MAX_TITLE);
/** 1/0, true/false, Y/N (JSON or form fields; an empty string is 0). */
const Locked = Type.Union(
  [Type.Boolean(), Type.Literal(0), Type.Literal(1), Type.String({ pattern: '^\\s*(1|0|[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]|[Yy]|[Yy][Ee][Ss]|[Nn]|[Nn][Oo])?\\s*$' })],
  invalidAs('must be 0 or 1'),
);
/** The metadata fields of `PUT /api/attachments/{id}`; the type is read against the vocabulary. */
const AttachmentPatchBody = Type.Object(
  { name: Type.Optional(NameText), title: Type.Optional(Type.Union([TitleText, Type.Null()], invalidAs(`must be a non-empty string of at most ${MAX_TITLE} characters`))), malware_locked: Type.Optional(Locked) },
  { additionalProperties: true },
);
type AttachmentPatchBody = Static<typeof AttachmentPatchBody>;
// Multipart fields and the JSON create after an upload are checked by the same schemas, here.
const checkName = schemaChecker(NameText);
const checkTitle = schemaChecker(TitleText);
const checkLocked = schemaChecker(Locked);

/** A value the route schema checked, or a form field checked here by that schema. */
function readLocked(raw: unknown): boolean {
  if (raw === undefined) return false;
  const failure = checkLocked(raw);
  if (failure) throw new IndicatorInputError('malware_locked', failure.reason);
  return ['1', 'true', 'y', 'yes'].includes(String(raw).trim().toLowerCase());
}

function readText(raw: unknown, field: string, check: typeof checkName, required: boolean): string | undefined {
  if (raw === undefined || (!required && raw === '')) return undefined;
  const failure = check(raw);
  if (failure) throw new IndicatorInputError(field, failure.reason);
  return (raw as string).trim();
}

/** A filename that is safe inside a quoted header value; the exact name goes in `filename*`. */
function dispositionOf(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_').replace(/[/]/g, '_') || 'attachment';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Reads the multipart upload: exactly one file part and the known fields. */
async function readUpload(request: FastifyRequest, maxBytes: number) {
  const { fields: all, file } = await readMultipart(request, maxBytes, 'attachment');
  const fields = Object.fromEntries(Object.entries(all).filter(([name]) => FIELDS.has(name)));
  return readInput(() => {
    const typeRaw = fields.type_id ?? fields.type;
    if (typeRaw === undefined) throw new IndicatorInputError('type', 'is required (a file type name, or type_id; see GET /api/attachments/types)');
    const name = readText(fields.name, 'name', checkName, false) ?? readText(file.filename, 'file name', checkName, false);
    if (!name) throw new IndicatorInputError('name', 'is required when the file part has no file name');
    return {
      name,
      title: readText(fields.title, 'title', checkTitle, false) ?? null,
      typeId: readTypeId(typeRaw, fields.type_id !== undefined ? 'type_id' : 'type'),
      malwareLocked: readLocked(fields.malware_locked),
      contentType: file.mimetype || 'application/octet-stream',
      content: file.content,
    };
  });
}

/**
 * Reads the JSON create of threatqsdk `upload_file` (`{name, type, malware_locked, sources, title}`) after a
 * resumable upload: the bytes are the user's complete upload of that file name.
 */
async function readFromUpload(request: FastifyRequest): Promise<{ input: AttachmentInput; identifier: string }> {
  const body = request.body;
  if (!isObject(body)) throw apiError('VIGIL_BAD_REQUEST', 'Send the attachment as multipart/form-data with a file part, or upload it to /api/attachments/upload and send {name, type}');
  const fields = readInput(() => {
    const name = readText(body.name, 'name', checkName, true);
    if (name === undefined) throw new IndicatorInputError('name', 'is required: the resumableFilename of the upload');
    const typeRaw = body.type_id ?? body.type;
    if (typeRaw === undefined || typeRaw === null) throw new IndicatorInputError('type', 'is required (a file type name, or type_id; see GET /api/attachments/types)');
    return {
      name,
      title: body.title === undefined || body.title === null ? null : readText(body.title, 'title', checkTitle, true)!,
      typeId: readTypeId(typeRaw, body.type_id !== undefined ? 'type_id' : 'type'),
      malwareLocked: readLocked(body.malware_locked),
      ...readContext(body, ''),
    };
  });
  const upload = await request.server.vigil.store.attachmentUploads.complete(callerOf(request).orgId, callerOf(request).userId, fields.name);
  if (!upload) throw apiError('VIGIL_BAD_REQUEST', `Invalid value for body field name: no complete upload of ${JSON.stringify(fields.name).slice(0, 80)} (POST /api/attachments/upload first; uploads are kept for an hour)`);
  return { input: { ...fields, contentType: upload.contentType, content: upload.content }, identifier: upload.identifier };
}

/** Registers the attachment routes on the bearer-protected /api context. */
export async function attachmentRoutes(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxRequestProvider>();
  const { store, config } = app.vigil;
  const maxBytes = config.threatq.attachmentMaxBytes ?? DEFAULT_MAX_BYTES;
  await app.register(multipart, { limits: { fileSize: maxBytes, files: 1 } });
  await attachmentUploadRoutes(app, maxBytes);
  await attachmentContextRoutes(app);

  app.get(
    '/attachments/types',
    {
      schema: {
        tags: [TAG],
        summary: 'Attachment (file) types',
        description: 'is_parsable=Y lists the parsers a staged import (POST /api/imports content_type_id) can use: Generic Text (6).',
        security: BEARER,
        querystring: Type.Object({ is_parsable: Type.Optional(Type.String({ enum: ['Y', 'N'] })) }, { additionalProperties: true }),
        response: {
          200: Type.Object({ total: Type.Integer(), data: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), is_parsable: Type.String(), parser_class: Type.Union([Type.String(), Type.Null()]) })) }),
          ...tqErrors(400, 401, 429),
        },
      },
    },
    async (request: FastifyRequest<{ Querystring: { is_parsable?: 'Y' | 'N' } }>) => {
      const data = ATTACHMENT_TYPES.map((t) => ({ id: t.id, name: t.name, is_parsable: t.id === GENERIC_TEXT ? 'Y' : 'N', parser_class: t.id === GENERIC_TEXT ? 'GenericText' : null })).filter(
        (t) => request.query.is_parsable === undefined || t.is_parsable === request.query.is_parsable,
      );
      return { total: data.length, data };
    },
  );

  app.get(
    '/attachments',
    {
      schema: {
        tags: [TAG],
        summary: 'List attachments',
        security: BEARER,
        querystring: ObjectListQuery(SORT_FIELDS),
        response: { 200: Type.Object({ total: Type.Integer(), offset: Type.Integer(), limit: Type.Integer(), data: Type.Array(Attachment) }), ...tqErrors(400, 401, 429) },
      },
    },
    async (request) => {
      const names = parseObjectWith(request.query.with, ATTACHMENT_WITH);
      const page = readPage(request.query, SORT_FIELDS);
      const orgId = callerOf(request).orgId;
      const result = await store.attachments.list({ orgId, ...page });
      const relations = await loadObjectRelations(store, orgId, 'attachment', result.items.map((f) => f.id), names);
      return { total: result.total, offset: page.offset, limit: page.limit, data: result.items.map((f) => presentAttachment(f, relations)) };
    },
  );

  app.get(
    '/attachments/:id',
    {
      schema: { tags: [TAG], summary: 'Get one attachment (metadata)', security: BEARER, params: IdParams, querystring: WithQuery, response: { 200: Type.Object({ data: Attachment }), ...tqErrors(400, 401, 404, 429) } },
    },
    async (request) => {
      const names = parseObjectWith(request.query.with, ATTACHMENT_WITH);
      const orgId = callerOf(request).orgId;
      const file = await store.attachments.get(orgId, request.params.id);
      if (!file) throw apiError('VIGIL_NOT_FOUND', 'Attachment');
      return { data: presentAttachment(file, await loadObjectRelations(store, orgId, 'attachment', [file.id], names)) };
    },
  );

  app.get(
    '/attachments/:id/download',
    {
      schema: {
        tags: [TAG],
        summary: 'Download one attachment',
        description: 'Always application/octet-stream with Content-Disposition: attachment (never inline), X-Content-Type-Options: nosniff and a sandboxing CSP; X-Malware-Locked says whether the file was marked as malware.',
        security: BEARER,
        params: IdParams,
        response: { 200: { description: 'the file bytes', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } }, ...tqErrors(401, 404, 429) },
      },
    },
    async (request, reply) => {
      const found = await store.attachments.content(callerOf(request).orgId, request.params.id);
      if (!found) throw apiError('VIGIL_NOT_FOUND', 'Attachment');
      await app.vigil.audit(request, { crud: 'read', action: 'attachments.download', description: `Downloaded attachment ${found.attachment.id}`, context: { id: found.attachment.id, malware_locked: found.attachment.malwareLocked } });
      return reply
        .type('application/octet-stream')
        .header('content-disposition', dispositionOf(found.attachment.name))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'no-store')
        .header('x-malware-locked', found.attachment.malwareLocked ? '1' : '0')
        .send(found.content);
    },
  );

  app.post(
    '/attachments',
    {
      schema: {
        tags: [TAG],
        summary: 'Upload an attachment (multipart/form-data, or JSON after /api/attachments/upload)',
        description: `Multipart parts: file (required), name (default: the file name), title, type (file type name) or type_id (required), malware_locked 0/1; at most ${maxBytes} bytes (VIGIL_ATTACHMENT_MAX_BYTES), larger → 413. JSON {name, type | type_id, title, malware_locked, sources: ["name" | {name, tlp}], attributes, tags, comments} creates the attachment from the user's complete resumable upload whose file name is name (400 when there is none).`,
        security: BEARER,
        querystring: WithQuery,
        consumes: ['multipart/form-data', 'application/json'],
        response: { 201: Type.Object({ data: Attachment }), ...tqErrors(400, 401, 403, 413, 429) },
      },
    },
    async (request, reply) => {
      requireWriter(request);
      const names = parseObjectWith(request.query.with, ATTACHMENT_WITH);
      const orgId = callerOf(request).orgId;
      let file;
      if (request.isMultipart()) {
        file = await store.attachments.create(orgId, await readUpload(request, maxBytes));
      } else {
        const { input, identifier } = await readFromUpload(request);
        file = await store.attachments.create(orgId, input);
        await store.attachmentUploads.remove(orgId, callerOf(request).userId, identifier);
      }
      await app.vigil.audit(request, { crud: 'create', action: 'attachments.create', description: `Uploaded attachment ${file.id}`, context: { id: file.id, sha256: file.sha256, size: file.fileSize } });
      return reply.code(201).send({ data: presentAttachment(file, await loadObjectRelations(store, orgId, 'attachment', [file.id], names)) });
    },
  );

  app.put(
    '/attachments/:id',
    {
      schema: {
        tags: [TAG],
        summary: 'Update one attachment (metadata)',
        description: 'Fields: name, title, type/type_id, malware_locked; sources, attributes, tags and comments are added. The bytes cannot change (upload another attachment).',
        security: BEARER,
        params: IdParams,
        querystring: WithQuery,
        body: AttachmentPatchBody,
        response: { 200: Type.Object({ data: Attachment }), ...tqErrors(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      requireWriter(request);
      const names = parseObjectWith(request.query.with, ATTACHMENT_WITH);
      const patch = readObjectPatch<AttachmentPatch>(request.body, PATCH_FIELDS, (fields, out) => {
        const body = fields as AttachmentPatchBody & Record<string, unknown>; // checked by AttachmentPatchBody
        if (body.name !== undefined) out.name = body.name.trim();
        if (body.title !== undefined) out.title = body.title === null ? null : body.title.trim();
        if (body.type !== undefined || body.type_id !== undefined) out.typeId = readTypeId(body.type_id ?? body.type, body.type_id !== undefined ? 'type_id' : 'type');
        if (body.malware_locked !== undefined) out.malwareLocked = readLocked(body.malware_locked);
      });
      const orgId = callerOf(request).orgId;
      const updated = await store.attachments.update(orgId, request.params.id, patch);
      if (!updated) throw apiError('VIGIL_NOT_FOUND', 'Attachment');
      await app.vigil.audit(request, { crud: 'update', action: 'attachments.update', description: `Updated attachment ${updated.id}`, context: { id: updated.id } });
      return { data: presentAttachment(updated, await loadObjectRelations(store, orgId, 'attachment', [updated.id], names)) };
    },
  );

  app.delete(
    '/attachments/:id',
    {
      schema: { tags: [TAG], summary: 'Delete one attachment (with its relations)', security: BEARER, params: IdParams, response: { 204: { type: 'null', description: 'deleted' }, ...tqErrors(401, 403, 404, 429) } },
    },
    async (request, reply) => {
      requireWriter(request);
      if (!(await store.attachments.delete(callerOf(request).orgId, request.params.id))) throw apiError('VIGIL_NOT_FOUND', 'Attachment');
      await app.vigil.audit(request, { crud: 'delete', action: 'attachments.delete', description: `Deleted attachment ${request.params.id}`, context: { id: request.params.id } });
      return reply.code(204).send();
    },
  );
}
