/**
 * Route schemas are validated with two Ajv instances: query strings and path parameters are coerced
 * from text (they can only be text), JSON bodies are not (a string where a number belongs is a 400).
 * Validation errors are rewritten into messages that name the parameter.
 * @module
 */
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance, FastifySchemaValidationError } from 'fastify';

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function makeAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({
    coerceTypes: coerce ? 'array' : false,
    useDefaults: true,
    removeAdditional: false,
    allErrors: false,
    strict: false,
  });
  addFormats(ajv);
  return ajv;
}

/**
 * Installs the validator compiler on the app.
 * ```ts
 * registerValidation(app);
 * ```
 */
export function registerValidation(app: FastifyInstance): void {
  const loose = makeAjv(true);
  const strict = makeAjv(false);
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? strict : loose).compile(schema as object),
  );
}

const PART_NAMES: Record<string, string> = {
  querystring: 'query parameter',
  params: 'path parameter',
  body: 'body field',
  headers: 'header',
};

/**
 * Turns one Ajv error into a sentence such as `Invalid value for query parameter status: must be one of
 * online, offline`.
 */
export function describeValidationError(
  error: FastifySchemaValidationError | ErrorObject,
  context: string,
): string {
  const part = PART_NAMES[context] ?? context;
  const path = (error.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  const params = (error.params ?? {}) as Record<string, unknown>;
  if (error.keyword === 'required') {
    const field = path ? `${path}.${String(params.missingProperty)}` : String(params.missingProperty);
    return `Missing required ${part} ${field}`;
  }
  if (!path && context === 'body' && error.keyword === 'type') {
    return `Request body must be ${String(params.type)}`;
  }
  if (error.keyword === 'additionalProperties') {
    const field = path ? `${path}.${String(params.additionalProperty)}` : String(params.additionalProperty);
    return `Unknown ${part} ${field}`;
  }
  const name = path || '(root)';
  if (error.keyword === 'enum') {
    return `Invalid value for ${part} ${name}: must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
  }
  return `Invalid value for ${part} ${name}: ${error.message ?? 'invalid'}`;
}
