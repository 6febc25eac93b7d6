/**
 * `client.attachments`: ThreatQ attachments (files) — upload as multipart/form-data (with
 * `malware_locked`) or in resumable chunks, list, retrieve the metadata, update it, download the bytes (to a
 * Buffer or a stream), delete, and the file types. Downloads are held in memory: the server caps files at
 * `VIGIL_ATTACHMENT_MAX_BYTES` (25 MiB by default).
 * @module
 */
import type { ListPromise } from '../../paging.js';
import { randomUUID } from 'node:crypto';
import type { TqAttachment, TqAttachmentType, TqContextInput, TqDownload } from '../../threatq-object-types.js';
import { dataOf, TqResource, withParam } from './tq-resource.js';

/** Paging of {@link AttachmentsResource.list}. */
export interface AttachmentListParams {
  /** page size (default 50, at most 1000) */
  limit?: number;
  offset?: number;
  /** `id`, `name`, `title`, `type_id`, `file_size`, `created_at`, `updated_at`; `-` for descending */
  sort?: string;
  /** `type`, `indicators`, `events`, `adversaries`, `attachments` */
  with?: readonly string[];
  signal?: AbortSignal;
}

/** A file to upload. */
export interface AttachmentUpload {
  /** the bytes (a string is sent as UTF-8) */
  file: Buffer | Uint8Array | string;
  /** the file name (required) */
  name: string;
  title?: string;
  /** a file type name (`"Malware Sample"`) or id (see {@link AttachmentsResource.types}) */
  type: string | number;
  /** mark the file as malware (it is still only ever served as a download) */
  malwareLocked?: boolean;
  /** the part's Content-Type (default application/octet-stream) */
  contentType?: string;
}

/** Context for {@link AttachmentsResource.uploadInChunks}, added with the file. */
export type AttachmentUploadContext = TqContextInput;

/** The default chunk of {@link AttachmentsResource.uploadInChunks}: 1 MiB. */
export const UPLOAD_CHUNK_BYTES = 1024 * 1024;

/** The metadata that {@link AttachmentsResource.update} changes (the bytes cannot change). */
export interface AttachmentPatch {
  name?: string;
  title?: string | null;
  type?: string | number;
  malware_locked?: boolean | 0 | 1;
}

type Options = { with?: readonly string[]; signal?: AbortSignal };

/** A form as multipart bytes, serialized once so a retried attempt sends exactly the same body and boundary. */
async function encodeForm(form: FormData): Promise<{ bytes: Buffer; contentType: string }> {
  const encoded = new Response(form);
  return { bytes: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type')! };
}

/** The file name of a `Content-Disposition` header, preferring the exact `filename*`. */
function dispositionName(header: string | null): string | undefined {
  if (!header) return undefined;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (star) {
    try {
      return decodeURIComponent(star.trim());
    } catch {
      // fall through to the plain name
    }
  }
  return /filename="([^"]*)"/i.exec(header)?.[1];
}

/**
 * ```ts
 * const file = await tq.attachments.upload({ file: bytes, name: 'dropper.bin', type: 'Malware Sample', malwareLocked: true });
 * const { data } = await tq.attachments.download(file.id);
 * ```
 */
export class AttachmentsResource extends TqResource {
  /**
   * Attachment metadata page by page (`await` for the first page, `for await` for every attachment).
   *
   * ```ts
   * for await (const f of tq.attachments.list({ sort: '-created_at' })) console.log(f.name, f.sha256);
   * ```
   */
  list(params: AttachmentListParams = {}): ListPromise<TqAttachment> {
    const { signal, with: names, ...query } = params;
    return this.offsetPaged<TqAttachment>('/api/attachments', { ...query, with: withParam(names) }, signal);
  }

  /**
   * One attachment's metadata (never its bytes).
   *
   * @throws {NotFoundError} for an unknown id or another organization's.
   *
   * ```ts
   * const f = await tq.attachments.retrieve(5, { with: ['type'] }); // f.md5, f.sha256, f.malware_locked
   * ```
   */
  async retrieve(id: number, options: Options = {}): Promise<TqAttachment> {
    const body = await this.call<{ data: TqAttachment }>('GET', `/api/attachments/${this.intId(id)}`, { with: withParam(options.with) }, undefined, options.signal);
    return body.data;
  }

  /**
   * Uploads a file (`POST /api/attachments`, multipart/form-data). The server records its MD5 and SHA-256.
   *
   * @throws {PayloadTooLargeError} above the server's `VIGIL_ATTACHMENT_MAX_BYTES`.
   *
   * ```ts
   * const f = await tq.attachments.upload({ file: readFileSync('report.pdf'), name: 'report.pdf', type: 'PDF', title: 'Q3 report' });
   * ```
   */
  async upload(input: AttachmentUpload, options: Options = {}): Promise<TqAttachment> {
    if (!input || typeof input !== 'object') throw new TypeError('upload needs {file, name, type}');
    const bytes = typeof input.file === 'string' ? Buffer.from(input.file, 'utf8') : input.file;
    if (!(bytes instanceof Uint8Array)) throw new TypeError('file must be a Buffer, a Uint8Array or a string');
    if (typeof input.name !== 'string' || input.name.trim() === '') throw new TypeError('name must be a non-empty string');
    const form = new FormData();
    form.append('name', input.name);
    if (input.title !== undefined) form.append('title', input.title);
    form.append(typeof input.type === 'number' ? 'type_id' : 'type', String(input.type));
    form.append('malware_locked', input.malwareLocked ? '1' : '0');
    form.append('file', new Blob([bytes], { type: input.contentType ?? 'application/octet-stream' }), input.name);
    const payload = await encodeForm(form);
    const { body } = await this.exchange({ method: 'POST', path: '/api/attachments', query: { with: withParam(options.with) }, payload, signal: options.signal });
    return body.data;
  }

  /**
   * Uploads a file in chunks (resumable.js, as threatqsdk's `upload_file` does: `POST /api/attachments/upload`
   * per chunk, then a JSON `POST /api/attachments` naming the file), so one request never carries the whole
   * file; sources, attributes, tags and comments can come along.
   *
   * @throws {PayloadTooLargeError} above the server's `VIGIL_ATTACHMENT_MAX_BYTES`.
   *
   * ```ts
   * const f = await tq.attachments.uploadInChunks({ file: capture, name: 'c.pcap', type: 'PCAP' }, { chunkBytes: 512 * 1024, tags: ['ir-7'] });
   * ```
   */
  async uploadInChunks(
    input: AttachmentUpload,
    options: AttachmentUploadContext & { chunkBytes?: number; with?: readonly string[]; signal?: AbortSignal } = {},
  ): Promise<TqAttachment> {
    const { chunkBytes = UPLOAD_CHUNK_BYTES, with: names, signal, ...context } = options;
    if (!Number.isInteger(chunkBytes) || chunkBytes < 1) throw new RangeError('chunkBytes must be a positive integer');
    const bytes = typeof input?.file === 'string' ? Buffer.from(input.file, 'utf8') : input?.file;
    if (!(bytes instanceof Uint8Array)) throw new TypeError('file must be a Buffer, a Uint8Array or a string');
    if (typeof input.name !== 'string' || input.name.trim() === '') throw new TypeError('name must be a non-empty string');
    const identifier = `${randomUUID()}-${bytes.length}`;
    const total = Math.max(1, Math.ceil(bytes.length / chunkBytes));
    for (let n = 1; n <= total; n++) {
      const form = new FormData();
      form.append('resumableIdentifier', identifier);
      form.append('resumableFilename', input.name);
      form.append('resumableRelativePath', input.name);
      form.append('resumableTotalChunks', String(total));
      form.append('resumableChunkNumber', String(n));
      form.append('file', new Blob([bytes.subarray((n - 1) * chunkBytes, n * chunkBytes)], { type: input.contentType ?? 'application/octet-stream' }), input.name);
      await this.exchange({ method: 'POST', path: '/api/attachments/upload', payload: await encodeForm(form), signal });
    }
    const body: Record<string, unknown> = { name: input.name, malware_locked: input.malwareLocked ? 1 : 0, ...context };
    body[typeof input.type === 'number' ? 'type_id' : 'type'] = input.type;
    if (input.title !== undefined) body.title = input.title;
    return (await this.call<{ data: TqAttachment }>('POST', '/api/attachments', { with: withParam(names) }, body, signal)).data;
  }

  /**
   * Changes name, title, type or malware_locked.
   *
   * ```ts
   * await tq.attachments.update(5, { malware_locked: true, title: 'dropper' });
   * ```
   */
  async update(id: number, patch: AttachmentPatch, options: Options = {}): Promise<TqAttachment> {
    const { type, malware_locked, ...rest } = patch;
    const body: Record<string, unknown> = { ...rest };
    if (type !== undefined) body[typeof type === 'number' ? 'type_id' : 'type'] = type;
    if (malware_locked !== undefined) body.malware_locked = malware_locked === true || malware_locked === 1 ? 1 : 0;
    const answer = await this.call<{ data: TqAttachment }>('PUT', `/api/attachments/${this.intId(id)}`, { with: withParam(options.with) }, body, options.signal);
    return answer.data;
  }

  /**
   * The file's bytes, with its name and malware mark.
   *
   * ```ts
   * const { data, name, malwareLocked } = await tq.attachments.download(5);
   * ```
   */
  async download(id: number, options: { signal?: AbortSignal } = {}): Promise<TqDownload> {
    const { headers, body } = await this.exchange({ method: 'GET', path: `/api/attachments/${this.intId(id)}/download`, signal: options.signal, bytes: true });
    return { data: body, name: dispositionName(headers.get('content-disposition')), malwareLocked: headers.get('x-malware-locked') === '1', size: body.length };
  }

  /**
   * Downloads the file and writes it to `destination` (waiting until it is flushed; the stream is left
   * open). Answers the name, malware mark and size.
   *
   * ```ts
   * const out = createWriteStream('sample.bin');
   * await tq.attachments.downloadTo(5, out); out.end();
   * ```
   */
  async downloadTo(id: number, destination: NodeJS.WritableStream, options: { signal?: AbortSignal } = {}): Promise<Omit<TqDownload, 'data'>> {
    const { data, ...meta } = await this.download(id, options);
    await new Promise<void>((resolve, reject) => {
      destination.write(data, (err) => (err ? reject(err) : resolve()));
    });
    return meta;
  }

  /**
   * Deletes an attachment with its relations.
   *
   * ```ts
   * await tq.attachments.delete(5);
   * ```
   */
  async delete(id: number, options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.call('DELETE', `/api/attachments/${this.intId(id)}`, undefined, undefined, options.signal);
  }

  /**
   * The attachment (file) types.
   *
   * ```ts
   * const types = await tq.attachments.types(); // [{ id: 1, name: 'Cuckoo', is_parsable: 'N' }, …]
   * ```
   */
  async types(options: { signal?: AbortSignal } = {}): Promise<TqAttachmentType[]> {
    return dataOf(await this.call('GET', '/api/attachments/types', undefined, undefined, options.signal));
  }
}
