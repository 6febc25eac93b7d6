/**
 * The Hawk payload hash, which binds a body and its media type to a MAC.
 * @module
 */
import { createHash } from 'node:crypto';
import { assertAlgorithm, type HawkAlgorithm } from './credentials.js';

/**
 * Reduces a Content-Type header to the lowercased media type: parameters such as `charset` are not
 * hashed, which is the most common interop mistake in Hawk ports.
 *
 * ```ts
 * mediaType('Application/JSON; charset=utf-8'); // 'application/json'
 * mediaType(undefined);                          // ''
 * ```
 */
export function mediaType(contentType: string | undefined): string {
  if (!contentType) return '';
  const semicolon = contentType.indexOf(';');
  return (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}

/**
 * `base64(HASH("hawk.1.payload\n" + mediaType + "\n" + body + "\n"))`. A string body is hashed as
 * UTF-8; pass a Buffer to hash the exact bytes sent (before any content-encoding).
 *
 * ```ts
 * calculatePayloadHash('Thank you for flying Hawk', 'sha256', 'text/plain');
 * // 'Yi9LfIIFRtBEPt74PVmbTF/xVAwPn7ub15ePICfgnuY='
 * ```
 */
export function calculatePayloadHash(
  payload: string | Buffer,
  algorithm: HawkAlgorithm,
  contentType: string | undefined,
): string {
  assertAlgorithm(algorithm);
  return createHash(algorithm)
    .update(`hawk.1.payload\n${mediaType(contentType)}\n`)
    .update(payload)
    .update('\n')
    .digest('base64');
}
