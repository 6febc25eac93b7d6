/**
 * While the configured Redis is away (it holds the rate limits and Hawk nonces every process shares),
 * requests get a quick 503 with Retry-After instead of a 500 from the first command that fails.
 * @module
 */
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { ApiError, apiError } from '../errors.js';

/** Operations endpoints answer on their own: /readyz reports the outage, /healthz the live process. */
const EXEMPT = new Set(['/healthz', '/readyz', '/metrics']);
const RETRY_AFTER_SECONDS = '5';

/** The 503 an outage answers with. */
export function redisUnavailable(): ApiError {
  const err = apiError('VIGIL_UNAVAILABLE', 'redis unreachable, retry shortly');
  return new ApiError(err.code, err.message, { 'Retry-After': RETRY_AFTER_SECONDS });
}

/**
 * Adds the root `onRequest` hook (before every surface's own hooks, so before rate limits and auth).
 * ```ts
 * installRedisGate(app, redis);
 * ```
 */
export function installRedisGate(app: FastifyInstance, redis: Redis): void {
  app.addHook('onRequest', async (request) => {
    if (redis.status !== 'ready' && !EXEMPT.has(request.routeOptions.url ?? '')) throw redisUnavailable();
  });
}
