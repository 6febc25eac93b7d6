/**
 * Console sessions as a way in to the same APIs every other client uses: a request with no Authorization
 * header and a `vigil_session` cookie is the signed-in user in the session's organization, with that
 * membership's role. Installed on a context before its credential scheme (Hawk on REST v2, bearer tokens on
 * the ThreatQ API), which then lets the request through (`viaConsoleSession`), so every route of the context
 * accepts sessions without knowing about them. Every session-authenticated request must carry the CSRF token
 * in `X-CSRF-Token` (all methods: reads can leak data too) and a write must not come from another origin;
 * both answer 403 before the route runs, so nothing changes.
 * @module
 */
import type { ConsoleSession, Store } from '@vigil/store';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.js';
import { consoleOrigin, CSRF_HEADER, csrfMatches, SESSION_COOKIE, sessionCookieOptions } from './console-session-cookie.js';
import { isReadMethod, refuseReaderWrite } from './reader-writes.js';

/** What session authentication needs; the app makes one and hands it to every context. */
export interface ConsoleSessionSettings {
  store: Store;
  /** the server secret (CSRF tokens are HMACs under it) */
  secret: string;
  /** a session unused this long has ended */
  idleMs: number;
  /** a session ends this long after sign-in */
  maxAgeMs: number;
  /** `VIGIL_PUBLIC_URL` */
  publicUrl?: string;
  /** the clock (tests move it) */
  now(): number;
}

export interface SessionAuthOptions {
  /** REST v2's rule: readers may not write (the ThreatQ API's routes check roles themselves) */
  refuseReaderWrites: boolean;
  /** the console's own API: a session is the only way in */
  required: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** set when a console session authenticated the request: the session and its cookie value */
    consoleSession?: { session: ConsoleSession; token: string };
  }
  interface FastifyContextConfig {
    /** a session route that needs no CSRF token (reading the session, which is how the console learns it) */
    csrfExempt?: boolean;
  }
}

const CSRF_REFUSED = 'Missing or invalid CSRF token';
const CROSS_ORIGIN = 'Cross-origin requests are refused';

/**
 * Whether a console session (not an API credential) authenticated the request.
 * ```ts
 * if (viaConsoleSession(request)) return; // in another scheme's hook
 * ```
 */
export function viaConsoleSession(request: FastifyRequest): boolean {
  return request.auth?.consoleSessionId !== undefined;
}

/**
 * The session cookie's value, when the request has one (parsed here, not by a global hook: Hawk and agent
 * requests never carry it and should not pay for parsing).
 * ```ts
 * const token = sessionTokenOf(request);
 * ```
 */
export function sessionTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (typeof header !== 'string' || !header.includes(SESSION_COOKIE)) return undefined;
  const value = request.server.parseCookie(header)[SESSION_COOKIE];
  return value ? value : undefined;
}

/**
 * Clears the session cookie on the reply (sign-out, or a cookie whose session has ended).
 * ```ts
 * clearSessionCookie(request, reply, settings.publicUrl);
 * ```
 */
export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply, publicUrl: string | undefined): void {
  setSessionCookie(request, reply, '', publicUrl);
}

/**
 * Sets the session cookie on the reply (an empty value clears it). Written as a header here: the cookie
 * plugin's own setCookie needs its global hooks, which are off (see sessionTokenOf).
 * ```ts
 * setSessionCookie(request, reply, token, settings.publicUrl);
 * ```
 */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, publicUrl: string | undefined): void {
  const options = sessionCookieOptions(request, publicUrl);
  if (token === '') Object.assign(options, { expires: new Date(0), maxAge: 0 });
  reply.header('set-cookie', request.server.serializeCookie(SESSION_COOKIE, token, options));
}

function sameOrigin(request: FastifyRequest, publicUrl: string | undefined): boolean {
  // A cross-site fetch from a browser says so even where it sends no Origin.
  if (request.headers['sec-fetch-site'] === 'cross-site') return false;
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  return typeof origin === 'string' && origin.toLowerCase() === consoleOrigin(request, publicUrl).toLowerCase();
}

/**
 * Installs session authentication on a context, before its credential scheme's hook.
 * ```ts
 * installSessionAuth(v2, sessions, { refuseReaderWrites: true, required: false });
 * installHawkAuth(v2, { store, nonces, skewSec: 60 });
 * ```
 */
export function installSessionAuth(app: FastifyInstance, settings: ConsoleSessionSettings, options: SessionAuthOptions): void {
  const { store, secret, idleMs, publicUrl } = settings;
  app.addHook('preValidation', async (request: FastifyRequest, reply: FastifyReply) => {
    // An API credential wins over a cookie the browser happens to send; its own scheme checks it.
    if (request.headers.authorization !== undefined) {
      if (options.required) throw new ApiError('VIGIL_UNAUTHORIZED', 'Unauthorized: the console API takes the session cookie, not an Authorization header');
      return;
    }
    const token = sessionTokenOf(request);
    if (token === undefined) {
      if (options.required) throw new ApiError('VIGIL_UNAUTHORIZED', 'Unauthorized: not signed in');
      return;
    }
    const config = request.routeOptions.config;
    if (config.csrfExempt !== true && !csrfMatches(secret, token, request.headers[CSRF_HEADER])) {
      throw new ApiError('VIGIL_FORBIDDEN', CSRF_REFUSED);
    }
    if (!isReadMethod(request.method) && !sameOrigin(request, publicUrl)) throw new ApiError('VIGIL_FORBIDDEN', CROSS_ORIGIN);
    const session = await store.consoleSessions.authenticate(token, { idleMs, now: settings.now() });
    if (!session) {
      clearSessionCookie(request, reply, publicUrl);
      throw new ApiError('VIGIL_UNAUTHORIZED', 'Unauthorized: the session has expired or was signed out; sign in again');
    }
    request.auth = { userId: session.userId, userEmail: session.userEmail, orgId: session.orgId, role: session.role, consoleSessionId: session.id };
    request.consoleSession = { session, token };
    if (options.refuseReaderWrites) refuseReaderWrite(request, session.role);
  });
}
