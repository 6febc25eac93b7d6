/**
 * TAXII 2.1 error messages (§3.6.1): `{title, description, http_status}` with the TAXII media type, from a
 * TaxiiError, an ApiError of the shared table or a fastify validation error (worded by {@link taxiiSchemaErrors}).
 * @module
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { ApiError } from '../../errors.js';
import { describeValidationError, schemaErrorFormatter, type Failure } from '../../http/validation.js';

export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';
export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';

export class TaxiiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly title: string,
    readonly description: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(title);
    this.name = 'TaxiiError';
  }
}

/**
 * A body refused by its schema's stated reason reads `The body must be a TAXII envelope: {"objects": [...]}`
 * (a missing field by the reason that field's schema states); path and query parameters keep the default
 * wording, which names the parameter.
 */
function describe(f: Failure): string {
  if (f.part === 'body field') {
    const reason = f.keyword === 'required' ? f.requiredReason : f.stated ? f.reason : undefined;
    if (reason !== undefined) return `The body ${reason}`;
  }
  return describeValidationError(f);
}

/** Set on the TAXII context with `app.setSchemaErrorFormatter(taxiiSchemaErrors)`. */
export const taxiiSchemaErrors = schemaErrorFormatter(describe);

/** Titles of fastify's own refusals (body over bodyLimit, a content type with no parser). */
const FASTIFY_TITLES: Record<number, string> = { 413: 'Payload too large', 415: 'Unsupported media type' };

/** Renders every error of the TAXII context as a TAXII error message. */
export function installTaxiiErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | TaxiiError | ApiError, request, reply) => {
    let status: number;
    let title: string;
    let description: string;
    if (err instanceof TaxiiError) {
      for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
      [status, title, description] = [err.statusCode, err.title, err.description];
    } else if ((err as FastifyError).validation) {
      // worded by the schema error formatter (http/validation.ts)
      [status, title, description] = [400, 'Bad request', err.message];
    } else if (err instanceof ApiError) {
      for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
      [status, title, description] = [err.statusCode, err.code, err.message];
    } else if ((err as FastifyError).statusCode !== undefined && (err as FastifyError).statusCode! < 500) {
      status = (err as FastifyError).statusCode!;
      [title, description] = [FASTIFY_TITLES[status] ?? 'Bad request', err.message];
    } else {
      request.log.error({ err }, 'request failed');
      [status, title, description] = [500, 'Internal error', 'An internal error has occurred'];
    }
    return reply.code(status).header('content-type', TAXII_MEDIA_TYPE).send(Buffer.from(JSON.stringify({ title, description, http_status: String(status) })));
  });
}
