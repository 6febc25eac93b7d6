/**
 * Server side: verifying a request's `Authorization: Hawk …` header.
 * @module
 */
import type { HawkArtifacts } from './artifacts.js';
import { parseAuthorizationHeader } from './authorization-header.js';
import { assertCredentials, type HawkCredentials } from './credentials.js';
import { HawkError } from './errors.js';
import { calculateMac } from './mac.js';
import { calculatePayloadHash } from './payload-hash.js';
import { timingSafeEqualString } from './timing-safe-equal.js';
import { isDecimalTimestamp, staleTimestampChallenge } from './timestamp-message.js';

/** The request facts {@link authenticate} needs, independent of any HTTP framework. */
export interface ServerRequestInfo {
  method: string;
  /** the raw request-target as received (`req.url`), never a re-serialized URL */
  url: string;
  /** the host and port the client signed: pin them to the public values behind a TLS proxy */
  host: string;
  port: number;
  authorization: string | undefined;
  contentType?: string;
}

/** Options for {@link authenticate}; `C` lets applications carry extra fields on their credentials. */
export interface AuthenticateOptions<C extends HawkCredentials = HawkCredentials> {
  /** looks up the key for a Hawk id; `ext` is passed along so tenancy (e.g. Threat Stack's org id) can be checked */
  getCredentials(id: string, ext: string | undefined): Promise<C | undefined> | C | undefined;
  /**
   * the request body; when the header has `hash` it must match. A header without `hash` is accepted
   * (the hash is optional in Hawk) unless `requirePayloadHash` is set and the body is non-empty.
   */
  payload?: string | Buffer;
  requirePayloadHash?: boolean;
  /**
   * returns true the first time `(id, nonce, ts)` is seen and false on a replay. It receives the
   * credential id, not the key as in node hawk, so secrets never become cache or Redis keys.
   */
  checkNonce?(id: string, nonce: string, ts: number): Promise<boolean> | boolean;
  /** accepted clock difference either way, in seconds (default 60) */
  timestampSkewSec?: number;
  /** current time in ms, for tests */
  now?: () => number;
}

/** What a successful {@link authenticate} returns; keep `artifacts` to sign the response. */
export interface AuthenticateResult<C extends HawkCredentials = HawkCredentials> {
  credentials: C;
  artifacts: HawkArtifacts;
}

/**
 * Verifies a Hawk request in the protocol's order: parse, credentials lookup, MAC (fixed-time, over
 * the `hash` the client sent), payload hash, nonce, then timestamp skew. Checking the MAC before the
 * timestamp means only a key holder can learn the server time, from the signed `tsm` of a
 * `HAWK_STALE` 401. Errors from `getCredentials` or `checkNonce` propagate unchanged (they are server
 * faults, not client ones); protocol failures throw {@link HawkError}.
 *
 * ```ts
 * const { credentials, artifacts } = await authenticate(
 *   { method: req.method, url: req.url, host: 'api.example.com', port: 443,
 *     authorization: req.headers.authorization, contentType: req.headers['content-type'] },
 *   { getCredentials: (id) => users.get(id), payload: rawBody, checkNonce: (id, n, ts) => nonces.check(id, n, ts) },
 * );
 * ```
 */
export async function authenticate<C extends HawkCredentials = HawkCredentials>(
  req: ServerRequestInfo,
  options: AuthenticateOptions<C>,
): Promise<AuthenticateResult<C>> {
  // Read the clock first so slow lookups cannot push a fresh request outside the window.
  const now = (options.now ?? Date.now)();
  const attributes = parseAuthorizationHeader(req.authorization ?? '');
  const { id, ts, nonce, mac } = attributes;
  if (id === undefined || ts === undefined || nonce === undefined || mac === undefined) {
    throw new HawkError('HAWK_BAD_HEADER', 'Missing attributes');
  }
  if (!isDecimalTimestamp(ts)) throw new HawkError('HAWK_BAD_HEADER', 'Invalid timestamp');

  const artifacts: HawkArtifacts = {
    method: req.method,
    host: req.host,
    port: req.port,
    resource: req.url,
    ts,
    nonce,
    mac,
    id,
  };
  for (const key of ['hash', 'ext', 'app', 'dlg'] as const) {
    const value = attributes[key];
    if (value !== undefined) artifacts[key] = value;
  }

  const credentials = await options.getCredentials(id, artifacts.ext);
  if (!credentials) throw new HawkError('HAWK_UNKNOWN_CREDENTIALS', 'Unknown credentials');
  assertCredentials(credentials);

  if (!timingSafeEqualString(calculateMac('header', credentials, artifacts), mac)) {
    throw new HawkError('HAWK_BAD_MAC', 'Bad mac');
  }

  if (options.payload !== undefined) {
    authenticatePayload(options.payload, credentials, artifacts, req.contentType, options);
  }

  // Staleness before the nonce (node hawk checks the nonce first): only triples inside the window reach
  // the nonce store, so a far-off ts is never remembered, nor becomes a MemoryNonceCache horizon.
  const tsNumber = Number(ts);
  if (Math.abs(tsNumber * 1000 - now) > (options.timestampSkewSec ?? 60) * 1000) {
    throw new HawkError('HAWK_STALE', 'Stale timestamp', {
      wwwAuthenticate: staleTimestampChallenge(credentials, now),
    });
  }

  if (options.checkNonce && (await options.checkNonce(id, nonce, tsNumber)) !== true) {
    throw new HawkError('HAWK_REPLAY', 'Invalid nonce');
  }

  return { credentials, artifacts };
}

/**
 * Checks a request body against an already authenticated header, for servers that read the body
 * after {@link authenticate} (which then ran without `payload`). Same rules as `authenticate`'s
 * `payload` option; throws `HAWK_BAD_PAYLOAD_HASH` or `HAWK_MISSING_PAYLOAD_HASH`.
 *
 * ```ts
 * const { credentials, artifacts } = await authenticate(info, { getCredentials });
 * authenticatePayload(await readBody(req), credentials, artifacts, req.headers['content-type']);
 * ```
 */
export function authenticatePayload(
  payload: string | Buffer,
  credentials: HawkCredentials,
  artifacts: HawkArtifacts,
  contentType: string | undefined,
  options: { requirePayloadHash?: boolean } = {},
): void {
  if (artifacts.hash === undefined) {
    if (options.requirePayloadHash && payload.length > 0) {
      throw new HawkError('HAWK_MISSING_PAYLOAD_HASH', 'Missing required payload hash');
    }
    return;
  }
  const hash = calculatePayloadHash(payload, credentials.algorithm, contentType);
  if (!timingSafeEqualString(hash, artifacts.hash)) throw new HawkError('HAWK_BAD_PAYLOAD_HASH', 'Bad payload hash');
}
