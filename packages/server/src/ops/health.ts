/**
 * `/healthz` (the process is up) and `/readyz` (its database and Redis answer).
 * @module
 */
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { apiError } from '../errors.js';
import { redisUnavailable } from '../http/redis-unavailable.js';

/**
 * Registers both probes.
 * ```ts
 * installHealth(app, redis);
 * ```
 */
export function installHealth(app: FastifyInstance, redis?: Redis): void {
  app.get('/healthz', { schema: { tags: ['Operations'], summary: 'Liveness', security: [] } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { tags: ['Operations'], summary: 'Readiness: database and Redis reachable', security: [] } }, async () => {
    // Not connected: say so now rather than wait on a command that cannot be sent.
    if (redis && redis.status !== 'ready') throw redisUnavailable();
    try {
      await app.vigil.store.ping();
      if (redis) await redis.ping();
    } catch (err) {
      app.log.warn({ err }, 'readiness check failed');
      throw apiError('VIGIL_UNAVAILABLE', 'database or redis unreachable');
    }
    return { status: 'ready' };
  });
}
