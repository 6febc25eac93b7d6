/**
 * Tells a wrong method (405 with `Allow`) from an unknown route (404). Fastify only knows "not found",
 * so every registered route is mirrored into a second router keyed by method.
 * @module
 */
import findMyWay from 'find-my-way';
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { apiError } from '../errors.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * Must be called before routes are registered (it listens to `onRoute`).
 * ```ts
 * installRouteIndex(app); app.register(v2Routes);
 * ```
 */
export function installRouteIndex(app: FastifyInstance): void {
  const router = findMyWay({ ignoreTrailingSlash: true, ignoreDuplicateSlashes: true });
  app.addHook('onRoute', (route) => {
    const methods = (Array.isArray(route.method) ? route.method : [route.method]) as HTTPMethods[];
    for (const m of methods) {
      if (!METHODS.includes(m as (typeof METHODS)[number])) continue;
      try {
        router.on(m as findMyWay.HTTPMethod, route.url, () => undefined);
      } catch {
        // already mirrored (HEAD/GET twins, trailing-slash duplicates)
      }
    }
  });
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const path = (request.raw.url ?? request.url).split('?')[0] ?? '/';
    const allowed = METHODS.filter((m) => m !== request.method && router.find(m, path));
    if (allowed.length > 0) {
      reply.header('allow', allowed.join(', '));
      throw apiError('VIGIL_METHOD_NOT_ALLOWED', request.method, path.slice(0, 200), allowed.join(', '));
    }
    throw apiError('VIGIL_ROUTE_NOT_FOUND', request.method, path.slice(0, 200));
  });
}
