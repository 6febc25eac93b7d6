/**
 * Declares, once at the root, every field our hooks set on requests (`auth`, `hawk`, …). Fastify then
 * creates each request with these fields already present, so all requests share one object shape;
 * fields added later, in different orders on different routes, would give V8 a new shape per
 * combination and make fastify's own hot paths polymorphic (fastify's docs: "Decorators").
 * @module
 */
import type { FastifyInstance } from 'fastify';

// Each is declared on FastifyRequest next to the code that sets it.
const REQUEST_FIELDS = ['auth', 'hawk', 'agent', 'deployOrgId', 'taxii', 'rawBody', 'precomputedPayloadHash', 'consoleSession'] as const;

/**
 * Call on the root instance before any plugin is registered.
 * ```ts
 * declareRequestFields(app);
 * ```
 */
export function declareRequestFields(app: FastifyInstance): void {
  for (const field of REQUEST_FIELDS) app.decorateRequest(field, undefined);
}
