/**
 * The shapes a call passes through: what resources describe ({@link RequestSpec}), what one attempt sends
 * ({@link PreparedRequest}), what it gets back ({@link RawResponse}) and what the caller receives
 * ({@link ApiResponse}). Types only, so every part of the request core can import them without a cycle.
 * @module
 */
import type { QueryValue } from './query.js';

/** One API call as resources describe it. */
export interface RequestSpec {
  method: string;
  /** path below the base URL, ids already encoded, e.g. `/v2/agents/abc` */
  path: string;
  query?: Record<string, QueryValue>;
  /** serialized as JSON when not undefined */
  body?: unknown;
  /** bytes sent as they are (e.g. multipart/form-data, NDJSON) instead of a JSON `body` */
  payload?: { bytes: Buffer; contentType: string };
  /** extra request headers, e.g. `vigil-batch-id` (never put into errors) */
  headers?: Record<string, string>;
  /**
   * Safe to send twice even when the first answer was lost (default: true for GET, HEAD, PUT, DELETE and
   * OPTIONS). A POST carrying an idempotency key, such as an event batch with its batch id, may say so.
   */
  idempotent?: boolean;
  /** called before each retry, e.g. to count them */
  onRetry?: () => void;
  signal?: AbortSignal;
}

/** A request ready to send: an absolute URL and, optionally, the exact body bytes. */
export interface PreparedRequest {
  method: string;
  url: URL;
  /** the path as the caller wrote it, for error messages (no query string) */
  path: string;
  body?: Buffer;
  contentType?: string;
  /** extra headers from the {@link RequestSpec} */
  headers?: Record<string, string>;
}

/** A response whose body has been read in full. */
export interface RawResponse {
  status: number;
  headers: Headers;
  body: Buffer;
}

/** A successful answer: status, headers and the body (parsed JSON, text, or null when empty). */
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}
