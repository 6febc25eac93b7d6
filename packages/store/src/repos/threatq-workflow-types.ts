/**
 * Types of ThreatQ's multi-step workflows (migration 0015): staged import jobs, resumable attachment upload
 * chunks and per-organization custom event types. Times are epoch milliseconds.
 * @module
 */

/** One indicator an import found, waiting for the commit. */
export interface ImportedIndicator {
  typeId: number;
  /** normalized value */
  value: string;
}

/** What a commit did, kept on the job. */
export interface ImportJobResult {
  found: number;
  created: number;
  existing: number;
}

export type ImportJobState = 'pending' | 'committing' | 'committed';

export interface ImportJob {
  id: number;
  orgId: string;
  userId: string;
  /** the parser (attachment type) the text was read with */
  contentTypeId: number;
  /** the attachment the text came from, when it did */
  attachmentId: number | null;
  normalize: boolean;
  importSource: string | null;
  /** status of new indicators; null means Review (4) */
  statusId: number | null;
  deleteAfterImport: boolean;
  state: ImportJobState;
  indicatorCount: number;
  result: ImportJobResult | null;
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
}

export interface ImportJobInput {
  userId: string;
  contentTypeId: number;
  attachmentId?: number | null;
  normalize: boolean;
  importSource?: string | null;
  statusId?: number | null;
  deleteAfterImport?: boolean;
  indicators: ImportedIndicator[];
  /** how long the job (pending or committed) is kept */
  ttlMs: number;
}

export interface ImportJobPatch {
  normalize?: boolean;
  importSource?: string | null;
  statusId?: number | null;
  deleteAfterImport?: boolean;
}

export interface ImportJobsRepo {
  /** stores a pending job, first purging the organization's expired ones */
  create(orgId: string, input: ImportJobInput, now?: number): Promise<ImportJob>;
  /** undefined when missing, expired or another organization's */
  get(orgId: string, id: number, now?: number): Promise<ImportJob | undefined>;
  /** the pending indicators of a job; undefined when the job is missing */
  indicators(orgId: string, id: number, now?: number): Promise<ImportedIndicator[] | undefined>;
  /** changes a pending job's options; undefined when there is no pending job with that id */
  update(orgId: string, id: number, patch: ImportJobPatch, now?: number): Promise<ImportJob | undefined>;
  /** moves a pending job to `committing` (so a second commit is refused); undefined when it is not pending */
  claim(orgId: string, id: number, now?: number): Promise<{ job: ImportJob; indicators: ImportedIndicator[] } | undefined>;
  /** marks a claimed job committed with its result */
  finish(orgId: string, id: number, result: ImportJobResult, now?: number): Promise<ImportJob | undefined>;
  /** puts a claimed job back to pending after a failed commit */
  release(orgId: string, id: number): Promise<void>;
  delete(orgId: string, id: number): Promise<boolean>;
}

/** One chunk of a resumable upload (resumable.js fields). */
export interface UploadChunkInput {
  userId: string;
  identifier: string;
  /** 1-based */
  chunkNumber: number;
  totalChunks: number;
  filename: string;
  contentType: string;
  content: Uint8Array;
}

export interface UploadLimits {
  /** largest assembled file */
  maxBytes: number;
  /** most bytes of unfinished uploads one user may hold */
  maxPendingBytes: number;
  /** how long chunks are kept */
  ttlMs: number;
}

export type PutChunkResult =
  | { ok: true; received: number; totalChunks: number; size: number }
  | { ok: false; reason: 'file_too_large' | 'too_many_pending' | 'total_chunks_changed' };

export interface AssembledUpload {
  identifier: string;
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface AttachmentUploadsRepo {
  /** stores (or replaces) one chunk within the limits, purging the organization's expired chunks first */
  putChunk(orgId: string, input: UploadChunkInput, limits: UploadLimits, now?: number): Promise<PutChunkResult>;
  /** the user's newest complete upload of that file name, assembled; undefined when there is none */
  complete(orgId: string, userId: string, filename: string, now?: number): Promise<AssembledUpload | undefined>;
  /** drops the chunks of one upload */
  remove(orgId: string, userId: string, identifier: string): Promise<void>;
}

/** A custom event type of one organization; ids continue after ThreatQ's 14 default types. */
export interface CustomEventType {
  id: number;
  name: string;
  createdAt: number;
}

export interface EventTypesRepo {
  list(orgId: string): Promise<CustomEventType[]>;
  /** throws StoreConflictError when the organization has a custom type of that name (ignoring case) */
  create(orgId: string, name: string, now?: number): Promise<CustomEventType>;
}
