/**
 * The authenticated caller of a route registered behind an authentication hook (Hawk, the v1 API key,
 * ThreatQ bearer tokens, TAXII), typed as present: the hook answered 401 before the handler otherwise.
 * @module
 */
import type { FastifyRequest } from 'fastify';
import type { RequestAuth } from '../auth/hawk-auth.js';

/**
 * ```ts
 * const { orgId } = callerOf(request);
 * ```
 */
export function callerOf(request: FastifyRequest): RequestAuth {
  const auth = request.auth;
  // A route mounted outside every authentication hook: a wiring mistake, answered as a 500.
  if (!auth) throw new Error(`${request.method} ${request.routeOptions.url ?? request.url} has no authentication hook`);
  return auth;
}
