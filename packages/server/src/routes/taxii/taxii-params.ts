/**
 * Path parameters of the TAXII routes, as schemas: fastify validates them, the OpenAPI document shows
 * them, and the type provider gives handlers their types (no generics declared per route).
 * @module
 */
import { Type, type Static, type TSchema } from 'typebox';
import type { TaxiiPrincipal } from './taxii-auth.js';

const Root = Type.String({ maxLength: 64 });

export const RootParams = Type.Object({ root: Root });
export const CollectionParams = Type.Object({ root: Root, id: Type.String({ maxLength: 64 }) });
export const ObjectParams = Type.Object({ ...CollectionParams.properties, objectId: Type.String({ maxLength: 200 }) });
export const StatusParams = Type.Object({ root: Root, statusId: Type.String({ maxLength: 64 }) });

/** What the shared lookups read of a request: the path parameters of `P` and the TAXII principal. */
export interface TaxiiRequest<P extends TSchema> {
  params: Static<P>;
  taxii?: TaxiiPrincipal;
}
