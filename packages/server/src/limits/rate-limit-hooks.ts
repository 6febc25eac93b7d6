/**
 * Applies the request budgets to a fastify context: the per-IP budget before authentication (so
 * credential guessing is throttled too), the per-organization budget right after it. Every response
 * carries `x-rate-limit-limit`, `x-rate-limit-remaining` and `x-rate-limit-reset` (ms); a 429 also
 * carries `Retry-After` (s).
 * @module
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.js';
import { consume, type LimitOutcome, type RateLimiters } from './rate-limiters.js';

function setHeaders(reply: FastifyReply, outcome: LimitOutcome): void {
  reply.header('x-rate-limit-limit', String(outcome.limit));
  reply.header('x-rate-limit-remaining', String(Math.max(0, outcome.remaining)));
  reply.header('x-rate-limit-reset', String(Math.max(0, Math.ceil(outcome.resetMs))));
}

function limited(outcome: LimitOutcome, what: string): ApiError {
  return new ApiError('VIGIL_RATE_LIMITED', `Rate limit hit: ${what}`, {
    'retry-after': String(Math.max(1, Math.ceil(outcome.resetMs / 1000))),
  });
}

/**
 * Installs the IP budget (onRequest) and the organization budget (after `preValidation` auth hooks
 * registered before it).
 * ```ts
 * installIpRateLimit(v2, limiters); installHawkAuth(v2, …); installOrgRateLimit(v2, limiters);
 * ```
 */
export function installIpRateLimit(app: FastifyInstance, limiters: RateLimiters): void {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const outcome = await consume(limiters.ip, request.ip, limiters.config.perIp);
    setHeaders(reply, outcome);
    if (!outcome.allowed) {
      throw limited(outcome, `more than ${limiters.config.perIp} requests per minute from ${request.ip}; locked out`);
    }
  });
}

/** See {@link installIpRateLimit}; needs `request.auth` from the Hawk hook. */
export function installOrgRateLimit(app: FastifyInstance, limiters: RateLimiters): void {
  app.addHook('preValidation', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.auth) return;
    const outcome = await consume(limiters.org, request.auth.orgId, limiters.config.perOrg);
    setHeaders(reply, outcome);
    if (!outcome.allowed) {
      throw limited(outcome, `more than ${limiters.config.perOrg} requests per minute for this organization`);
    }
  });
}
