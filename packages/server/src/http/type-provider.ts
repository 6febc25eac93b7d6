/**
 * Fastify type providers over the TypeBox schemas. Routes take `request.body`, `query` and `params`
 * types from their schemas with `app.withTypeProvider<TypeBoxTypeProvider>()` (@fastify/type-provider-typebox),
 * which also checks what handlers return against the response schemas. The ThreatQ presenters build
 * open records (`with=` adds keys), so those routes type their requests only.
 * @module
 */
import type { FastifyTypeProvider } from 'fastify';
import type { Static, TSchema } from 'typebox';

export type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';

/** Request types from the schemas; replies are checked at run time by their response schema only. */
export interface TypeBoxRequestProvider extends FastifyTypeProvider {
  validator: this['schema'] extends TSchema ? Static<this['schema']> : unknown;
  serializer: unknown;
}
