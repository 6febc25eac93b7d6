/**
 * The authenticated caller of a route registered behind an authentication hook (Hawk, the v1 API key,
 * ThreatQ bearer tokens, TAXII; an agent's Hawk credentials on /agent/v1), typed as present: the hook
 * answered 401 before the handler otherwise.
 * @module
 */
import type { FastifyRequest } from 'fastify';
import type { AgentAuth } from '../auth/agent-auth.js';
import type { RequestAuth } from '../auth/hawk-auth.js';

/** A route mounted outside every authentication hook: a wiring mistake, answered as a 500. */
function unauthenticatedRoute(request: FastifyRequest): Error {
  return new Error(`${request.method} ${request.routeOptions.url ?? request.url} has no authentication hook`);
}

/**
 * ```ts
 * const { orgId } = callerOf(request);
 * ```
 */
export function callerOf(request: FastifyRequest): RequestAuth {
  const auth = request.auth;
  if (!auth) throw unauthenticatedRoute(request);
  return auth;
}

/**
 * The agent of a route registered behind agent authentication (`installAgentAuth`).
 * ```ts
 * const { orgId, agentId } = agentOf(request);
 * ```
 */
export function agentOf(request: FastifyRequest): AgentAuth {
  const agent = request.agent;
  if (!agent) throw unauthenticatedRoute(request);
  return agent;
}
