/**
 * Hawk authentication, installed as hooks on an encapsulated fastify context, in the shape of hono's
 * `bearerAuth()` middleware: it checks its options once and fails requests with 401s that say why. Every
 * 2xx response is signed with `Server-Authorization` (mohawk-based clients refuse responses without it).
 * `installHawk` takes the credentials lookup as an option; `installHawkAuth` is REST v2's scheme (Threat
 * Stack's: id = user id, key = the user's API key, ext = the organization being accessed).
 * @module
 */
import {
  authenticate,
  authenticatePayload,
  HawkError,
  parseHostHeader,
  serverAuthorizationHeader,
  type HawkArtifacts,
  type HawkCredentials,
} from '@vigil/hawk';
import type { Credentials, Role, Store } from '@vigil/store';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, apiError } from '../errors.js';
import type { NonceStore } from './nonce-store.js';
import { refuseReaderWrite } from './reader-writes.js';
import { viaConsoleSession } from './console-session-auth.js';

export interface RequestAuth {
  userId: string;
  userEmail: string;
  orgId: string;
  role: Role;
  /** set when a console session cookie (not an API credential) authenticated the request */
  consoleSessionId?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** set once Hawk authentication succeeded */
    auth?: RequestAuth;
    hawk?: { credentials: HawkCredentials; artifacts: HawkArtifacts };
  }
}

export interface HawkAuthOptions {
  store: Store;
  nonces: NonceStore;
  skewSec: number;
  /** `VIGIL_PUBLIC_URL`: sign against this host/port instead of the Host header */
  publicUrl?: string;
}

/** What a credentials lookup returns: the Hawk key, and whatever the hook should hand to `onAuthenticated`. */
export interface HawkPrincipal<P> {
  key: string;
  principal: P;
}

export interface InstallHawkOptions<P> {
  nonces: NonceStore;
  skewSec: number;
  /** `VIGIL_PUBLIC_URL`: sign against this host/port instead of the Host header */
  publicUrl?: string;
  /** finds the key for a Hawk id (and `ext`); undefined answers 401 "Unknown credentials" */
  lookup(id: string, ext: string | undefined): Promise<HawkPrincipal<P> | undefined>;
  /** runs once the MAC (and payload hash) checked out: authorize and attach `principal`; throw an ApiError to refuse */
  onAuthenticated(request: FastifyRequest, principal: P, artifacts: HawkArtifacts): Promise<void> | void;
  /**
   * `preValidation` (default): the MAC and the body hash are checked together once the body is read.
   * `onRequest`: the header is checked before the body is read, so an unauthenticated client cannot make the
   * server buffer a large body; the body hash is checked when it has arrived.
   */
  stage?: 'onRequest' | 'preValidation';
  /** keeps nonces of different credential namespaces apart in a shared nonce store */
  noncePrefix?: string;
}

type LookedUp<P> = HawkCredentials & { principal: P };

// lastAuthenticatedAt is informational; writing it on every request would make reads cost a write.
const TOUCH_INTERVAL_MS = 60_000;

function publicHostPort(publicUrl: string | undefined): { host: string; port: number } | undefined {
  if (!publicUrl) return undefined;
  const url = new URL(publicUrl);
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return { host: url.hostname.toLowerCase(), port };
}

/**
 * A body announced by Content-Length needs a hash before it is read; a chunked one is checked once read
 * (`requirePayloadHash` below). A MAC without a payload hash does not cover the body at all.
 */
function assertBodyHashed(request: FastifyRequest, artifacts: HawkArtifacts): void {
  if (artifacts.hash === undefined && Number(request.headers['content-length']) > 0) {
    throw new HawkError('HAWK_MISSING_PAYLOAD_HASH', 'Missing required payload hash');
  }
}

function toApiError(err: HawkError): ApiError {
  const headers: Record<string, string> = {};
  if (err.wwwAuthenticate) headers['www-authenticate'] = err.wwwAuthenticate;
  const e = new ApiError('VIGIL_UNAUTHORIZED', `Unauthorized: ${err.message}`, headers);
  return err.status === 400 ? Object.assign(e, { statusCode: 400 }) : e;
}

/**
 * Adds Hawk authentication and response signing to every route of `app`'s encapsulation context, with the
 * credentials lookup and the authorization step supplied by the caller (users for REST v2, agents for the
 * agent protocol).
 * ```ts
 * installHawk(agentApi, {
 *   nonces, skewSec: 60, stage: 'onRequest',
 *   lookup: async (id) => ({ key: await secretOf(id), principal: id }),
 *   onAuthenticated: (request, agentId) => { request.log.info({ agentId }); },
 * });
 * ```
 */
export function installHawk<P>(app: FastifyInstance, options: InstallHawkOptions<P>): void {
  const { nonces, skewSec, lookup, onAuthenticated } = options;
  const stage = options.stage ?? 'preValidation';
  const noncePrefix = options.noncePrefix ?? '';
  const fixedHost = publicHostPort(options.publicUrl);

  app.addHook(stage, async (request: FastifyRequest) => {
    // A console session already proved who this is (auth/console-session-auth.ts, installed before Hawk).
    if (viaConsoleSession(request)) return;
    const target = fixedHost ?? parseHostHeader(request.headers.host ?? '', 80);
    if (!target) throw apiError('VIGIL_BAD_REQUEST', 'Missing or invalid Host header');
    const authorization = request.headers.authorization;
    if (!authorization) {
      throw new ApiError('VIGIL_UNAUTHORIZED', 'Unauthorized: missing Hawk Authorization header', {
        'www-authenticate': 'Hawk',
      });
    }
    let result;
    try {
      result = await authenticate<LookedUp<P>>(
        {
          method: request.method,
          url: request.raw.url ?? request.url,
          host: target.host,
          port: target.port,
          authorization,
          contentType: request.headers['content-type'],
        },
        {
          async getCredentials(id, ext) {
            const found = await lookup(id, ext);
            if (!found) return undefined;
            return { id, key: found.key, algorithm: 'sha256', principal: found.principal };
          },
          // A non-empty body must carry a matching hash; without one the MAC already covers the header's
          // hash. At onRequest there is no body yet: its hash is checked in preValidation below.
          payload: stage === 'preValidation' ? request.rawBody : undefined,
          requirePayloadHash: true,
          checkNonce: (id, nonce, ts) => nonces.check(noncePrefix + id, nonce, ts),
          timestampSkewSec: skewSec,
        },
      );
      assertBodyHashed(request, result.artifacts);
    } catch (err) {
      if (err instanceof HawkError) throw toApiError(err);
      throw err;
    }
    await onAuthenticated(request, result.credentials.principal, result.artifacts);
    request.hawk = { credentials: result.credentials, artifacts: result.artifacts };
  });

  if (stage === 'onRequest') {
    app.addHook('preValidation', async (request: FastifyRequest) => {
      if (!request.hawk || request.rawBody === undefined) return;
      try {
        authenticatePayload(request.rawBody, request.hawk.credentials, request.hawk.artifacts, request.headers['content-type'], {
          requirePayloadHash: true,
        });
      } catch (err) {
        if (err instanceof HawkError) throw toApiError(err);
        throw err;
      }
    });
  }

  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (!request.hawk || reply.statusCode < 200 || reply.statusCode > 299) return payload;
    if (payload != null && typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload; // streams are not signed
    // Encode once: the hash and the socket then use the same bytes (a string would be encoded twice).
    const body = payload == null ? '' : typeof payload === 'string' ? Buffer.from(payload) : payload;
    const contentType = reply.getHeader('content-type');
    reply.header(
      'server-authorization',
      serverAuthorizationHeader(request.hawk.credentials, request.hawk.artifacts, {
        payload: body,
        contentType: typeof contentType === 'string' ? contentType : undefined,
        // cached responses carry the hash of their bytes (see http/response-cache.ts)
        hash: request.precomputedPayloadHash?.body === body ? request.precomputedPayloadHash.hash : undefined,
      }),
    );
    return payload == null ? payload : body;
  });
}

/**
 * Hawk authentication for REST v2: id = user id, key = the user's API key, ext = the organization id. Sets
 * `request.auth`; refuses users outside the organization and writes by readers.
 * ```ts
 * app.register(async (v2) => { installHawkAuth(v2, { store, nonces, skewSec: 60 }); v2.get(...); });
 * ```
 */
export function installHawkAuth(app: FastifyInstance, options: HawkAuthOptions): void {
  const { store } = options;
  const lastTouched = new Map<string, number>();
  installHawk<Credentials>(app, {
    nonces: options.nonces,
    skewSec: options.skewSec,
    publicUrl: options.publicUrl,
    async lookup(id, ext) {
      const found = await store.apiKeys.credentials(id, ext ?? '');
      if (!found || !found.user.enabled) return undefined;
      return { key: found.key, principal: found };
    },
    async onAuthenticated(request, found, artifacts) {
      const orgId = artifacts.ext ?? '';
      if (!orgId) {
        throw apiError('VIGIL_UNAUTHORIZED', 'Hawk ext must carry the organization id');
      }
      if (!found.role) {
        // Fixed text: the ext is the caller's and is not repeated back.
        throw apiError('VIGIL_UNAUTHORIZED', 'user is not a member of the organization in Hawk ext');
      }
      request.auth = { userId: found.user.id, userEmail: found.user.email, orgId, role: found.role };
      refuseReaderWrite(request, found.role);
      const now = Date.now();
      if ((lastTouched.get(found.user.id) ?? 0) + TOUCH_INTERVAL_MS < now) {
        lastTouched.set(found.user.id, now);
        if (lastTouched.size > 10_000) lastTouched.clear();
        await store.users.touchAuthenticated(found.user.id, now);
      }
    },
  });
}
