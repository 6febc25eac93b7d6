/**
 * `POST /api/attachments/upload`: resumable.js chunks, as threatqsdk `upload_file` sends them
 * (`resumableIdentifier`, `resumableFilename`, `resumableRelativePath`, `resumableTotalChunks`,
 * `resumableChunkNumber` and a `file` part). The chunks wait, per organization and user, for a JSON
 * `POST /api/attachments` naming the file. Bounds: the assembled file is at most VIGIL_ATTACHMENT_MAX_BYTES
 * (413), one user's unfinished uploads at most twice that (413), and chunks expire after an hour.
 * @module
 */
import type { TypeBoxRequestProvider } from '../../http/type-provider.js';
import type { FastifyInstance } from 'fastify';
import { callerOf } from '../../http/caller.js';
import { Type } from 'typebox';
import { ApiError, apiError } from '../../errors.js';
import { readMultipart } from './multipart-parts.js';
import { requireWriter } from './object-input.js';
import { BEARER, TAG, tqErrors } from './schemas.js';

const TTL_MS = 3600 * 1000;
const MAX_CHUNKS = 10_000;
const MAX_NAME = 255;

function intField(raw: string | undefined, field: string, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1 || Number(raw) > max) throw apiError('VIGIL_BAD_REQUEST', `Invalid value for body field ${field}: must be an integer from 1 to ${max}`);
  return Number(raw);
}

function nameField(raw: string | undefined, field: string): string {
  if (raw === undefined || raw.trim() === '' || raw.length > MAX_NAME) throw apiError('VIGIL_BAD_REQUEST', `Invalid value for body field ${field}: is required and must be a non-empty string of at most ${MAX_NAME} characters`);
  return raw.trim();
}

/**
 * Registers the upload route on the attachments context (which has the multipart parser).
 * ```ts
 * await attachmentUploadRoutes(app, maxBytes);
 * ```
 */
export async function attachmentUploadRoutes(parent: FastifyInstance, maxBytes: number): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxRequestProvider>();
  const { store } = app.vigil;
  app.post(
    '/attachments/upload',
    {
      schema: {
        tags: [TAG],
        summary: 'Upload a file chunk (resumable.js) for a later POST /api/attachments',
        description: `multipart/form-data: resumableIdentifier, resumableFilename (the name the JSON POST /api/attachments refers to), resumableTotalChunks (default 1), resumableChunkNumber (1-based, default 1), resumableRelativePath (ignored) and a file part. An assembled file over ${maxBytes} bytes, or unfinished uploads of one user over ${2 * maxBytes} bytes, → 413. Chunks are kept for an hour.`,
        security: BEARER,
        consumes: ['multipart/form-data'],
        response: {
          200: Type.Object({
            data: Type.Object({
              identifier: Type.String(),
              filename: Type.String(),
              received: Type.Integer({ description: 'chunks received so far' }),
              total_chunks: Type.Integer(),
              size: Type.Integer({ description: 'bytes received so far' }),
              complete: Type.Boolean(),
            }),
          }),
          ...tqErrors(400, 401, 403, 413, 429),
        },
      },
    },
    async (request) => {
      requireWriter(request);
      const { fields, file } = await readMultipart(request, maxBytes, 'chunk');
      const identifier = nameField(fields.resumableIdentifier, 'resumableIdentifier');
      const filename = nameField(fields.resumableFilename, 'resumableFilename');
      const totalChunks = intField(fields.resumableTotalChunks, 'resumableTotalChunks', 1, MAX_CHUNKS);
      const chunkNumber = intField(fields.resumableChunkNumber, 'resumableChunkNumber', 1, totalChunks);
      const result = await store.attachmentUploads.putChunk(
        callerOf(request).orgId,
        { userId: callerOf(request).userId, identifier, chunkNumber, totalChunks, filename, contentType: file.mimetype || 'application/octet-stream', content: file.content },
        { maxBytes, maxPendingBytes: 2 * maxBytes, ttlMs: TTL_MS },
      );
      if (!result.ok && result.reason === 'file_too_large') throw apiError('VIGIL_BODY_TOO_LARGE', maxBytes);
      if (!result.ok && result.reason === 'too_many_pending') {
        throw new ApiError('VIGIL_BODY_TOO_LARGE', `Unfinished uploads of this user would pass ${2 * maxBytes} bytes; finish them (POST /api/attachments) or wait an hour for them to expire`);
      }
      if (!result.ok) throw apiError('VIGIL_BAD_REQUEST', 'Invalid value for body field resumableTotalChunks: differs from the earlier chunks of this upload');
      return { data: { identifier, filename, received: result.received, total_chunks: result.totalChunks, size: result.size, complete: result.received === result.totalChunks } };
    },
  );
}
