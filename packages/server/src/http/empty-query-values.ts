/**
 * Scripts often build query strings with every parameter present, empty when unused
 * (`?status=active&severity=&from=`). An empty value is treated as an absent parameter, so it neither
 * fails validation nor filters on ''. The Hawk MAC is unaffected: it covers the raw request target.
 * @module
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Installs the hook on a context (before validation runs).
 * ```ts
 * dropEmptyQueryValues(v2);
 * ```
 */
export function dropEmptyQueryValues(app: FastifyInstance): void {
  app.addHook('preValidation', (request: FastifyRequest, _reply, done) => {
    const query = request.query as Record<string, unknown> | undefined;
    if (query) {
      for (const key in query) {
        if (query[key] === '') delete query[key];
      }
    }
    done();
  });
}
