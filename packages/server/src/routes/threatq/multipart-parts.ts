/**
 * Reads a ThreatQ multipart upload: its text fields and its one file part, with the limits of the route.
 * Every way the body can be broken (no boundary, cut short, over a limit) is the client's: 400 or 413.
 * @module
 */
import type { FastifyRequest } from 'fastify';
import { apiError } from '../../errors.js';

/** The fields and the file of a multipart body. */
export interface MultipartUpload {
  fields: Record<string, string>;
  file: { filename: string; mimetype: string; content: Buffer };
}

/**
 * Reads the whole multipart body (at most one file of `maxBytes`, 20 fields of 64 KiB). 413 for a file over
 * `maxBytes`; 400 naming the problem for no file or a second file, too many parts, a missing boundary or a truncated body.
 *
 * ```ts
 * const { fields, file } = await readMultipart(request, maxBytes, 'attachment');
 * ```
 */
export async function readMultipart(request: FastifyRequest, maxBytes: number, what: string): Promise<MultipartUpload> {
  if (!request.isMultipart()) throw apiError('VIGIL_BAD_REQUEST', `Send the ${what} as multipart/form-data with a file part`);
  const fields: Record<string, string> = {};
  let file: MultipartUpload['file'] | undefined;
  try {
    for await (const part of request.parts({ limits: { fileSize: maxBytes, files: 1, fields: 20, parts: 21, fieldSize: 64 * 1024 } })) {
      if (part.type === 'file') file = { filename: part.filename, mimetype: part.mimetype, content: await part.toBuffer() };
      else fields[part.fieldname] = String(part.value);
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw apiError('VIGIL_BODY_TOO_LARGE', maxBytes);
    if (code === 'FST_FILES_LIMIT') throw apiError('VIGIL_BAD_REQUEST', `Send exactly one file part per ${what}`);
    // Everything else comes from parsing what the client sent (busboy: "Boundary not found", "Unexpected
    // end of form", "Malformed part header"; the parts and fields limits).
    throw apiError('VIGIL_BAD_REQUEST', `Malformed multipart/form-data body: ${(err as Error).message}`);
  }
  if (!file) throw apiError('VIGIL_BAD_REQUEST', 'Missing the file part of the multipart body');
  return { fields, file };
}
