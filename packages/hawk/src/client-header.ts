/**
 * Client side: the `Authorization: Hawk …` request header.
 * @module
 */
import type { HawkArtifacts } from './artifacts.js';
import { assertAttributeValue } from './attribute-value.js';
import { assertCredentials, type HawkCredentials } from './credentials.js';
import { calculateMac } from './mac.js';
import { generateNonce } from './nonce.js';
import { calculatePayloadHash } from './payload-hash.js';
import { requestTarget } from './request-url.js';

/** Inputs for {@link clientHeader}. */
export interface ClientHeaderOptions {
  credentials: HawkCredentials;
  /** application data; Threat Stack v2 puts the organization id here */
  ext?: string;
  /** seconds since the epoch; defaults to now (plus `localtimeOffsetMs`) */
  timestamp?: number;
  nonce?: string;
  /** body to hash; omit to send no `hash` (as Threat Stack clients do for GET) */
  payload?: string | Buffer;
  contentType?: string;
  /** a precomputed payload hash; wins over `payload` */
  hash?: string;
  /** correction for a skewed local clock, e.g. learnt from {@link verifyTimestampMessage} */
  localtimeOffsetMs?: number;
}

/**
 * Builds the `Authorization` header for a request and returns the artifacts needed later to verify
 * the `Server-Authorization` of the response. The resource signed is the URL's path and query exactly
 * as written (see {@link requestTarget}); send the request to that same string. With `fetch`, pass a
 * `URL` object (or its `href`), since fetch sends the WHATWG-normalized form.
 *
 * ```ts
 * const body = JSON.stringify({ name: 'rs' });
 * const { header, artifacts } = clientHeader('https://api.threatstack.com/v2/rulesets', 'POST', {
 *   credentials: { id: userId, key: apiKey, algorithm: 'sha256' },
 *   ext: orgId, payload: body, contentType: 'application/json',
 * });
 * ```
 */
export function clientHeader(
  url: string | URL,
  method: string,
  options: ClientHeaderOptions,
): { header: string; artifacts: HawkArtifacts } {
  const { credentials, ext } = options;
  assertCredentials(credentials);
  assertAttributeValue('id', credentials.id);

  const target = requestTarget(url);
  const timestamp =
    options.timestamp ?? Math.floor((Date.now() + (options.localtimeOffsetMs ?? 0)) / 1000);
  if (!Number.isFinite(timestamp) || timestamp < 0) throw new TypeError('Hawk timestamp must be a non-negative number');
  const nonce = options.nonce ?? generateNonce();
  assertAttributeValue('nonce', nonce);
  const hash =
    options.hash ??
    (options.payload === undefined
      ? undefined
      : calculatePayloadHash(options.payload, credentials.algorithm, options.contentType));
  if (hash) assertAttributeValue('hash', hash);
  // An empty ext is the same as none in the MAC, so it is also left out of the header.
  if (ext) assertAttributeValue('ext', ext);

  const artifacts: HawkArtifacts = {
    method,
    host: target.host,
    port: target.port,
    resource: target.resource,
    ts: String(Math.floor(timestamp)),
    nonce,
    id: credentials.id,
  };
  if (hash) artifacts.hash = hash;
  if (ext) artifacts.ext = ext;
  artifacts.mac = calculateMac('header', credentials, artifacts);

  const header =
    `Hawk id="${credentials.id}", ts="${artifacts.ts}", nonce="${nonce}"` +
    (hash ? `, hash="${hash}"` : '') +
    (ext ? `, ext="${ext}"` : '') +
    `, mac="${artifacts.mac}"`;
  return { header, artifacts };
}
