/**
 * The console's session cookie and the CSRF token that goes with it. The cookie (`vigil_session`) holds 256
 * random bits and is HttpOnly, SameSite=Strict, Path=/ and Secure whenever the console is reached over TLS
 * (the socket itself, or a `VIGIL_PUBLIC_URL` of https: the server trusts no X-Forwarded-* header, so behind
 * a TLS proxy the public URL is what says so). The CSRF token is an HMAC of the cookie value under the server
 * secret: the server can check it without storing it, and a page of another origin cannot compute it.
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Attributes of a Set-Cookie header, as the cookie plugin's serializer takes them. */
export type CookieAttributes = NonNullable<Parameters<FastifyInstance['serializeCookie']>[2]>;

/** Name of the session cookie. */
export const SESSION_COOKIE = 'vigil_session';
/** Header that carries the CSRF token on every session-authenticated request. */
export const CSRF_HEADER = 'x-csrf-token';

/**
 * The CSRF token of a session cookie value.
 * ```ts
 * csrfTokenOf(secret, cookieValue); // 43 base64url characters
 * ```
 */
export function csrfTokenOf(secret: string, sessionToken: string): string {
  return createHmac('sha256', secret).update(`vigil-console-csrf\0${sessionToken}`).digest('base64url');
}

/**
 * Whether `given` (the header) is the CSRF token of `sessionToken`, compared in constant time.
 * ```ts
 * csrfMatches(secret, cookieValue, request.headers['x-csrf-token']); // true or false
 * ```
 */
export function csrfMatches(secret: string, sessionToken: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const expected = Buffer.from(csrfTokenOf(secret, sessionToken));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Whether the browser reached the console over TLS (see the module comment for proxies). */
function overTls(request: FastifyRequest, publicUrl: string | undefined): boolean {
  return request.protocol === 'https' || (publicUrl !== undefined && /^https:/i.test(publicUrl));
}

/**
 * Attributes of the session cookie for this request (no Max-Age: the browser forgets it when closed, and
 * the server ends it after the idle or absolute limit anyway).
 * ```ts
 * reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(request, config.publicUrl));
 * ```
 */
export function sessionCookieOptions(request: FastifyRequest, publicUrl: string | undefined): CookieAttributes {
  return { httpOnly: true, sameSite: 'strict', path: '/', secure: overTls(request, publicUrl) };
}

/**
 * The origin pages of this console are served from: `VIGIL_PUBLIC_URL`'s, else the request's own scheme
 * and Host header.
 * ```ts
 * consoleOrigin(request, 'https://vigil.example.com/'); // 'https://vigil.example.com'
 * ```
 */
export function consoleOrigin(request: FastifyRequest, publicUrl: string | undefined): string {
  if (publicUrl) return new URL(publicUrl).origin;
  return `${request.protocol}://${String(request.headers.host ?? '').toLowerCase()}`;
}
