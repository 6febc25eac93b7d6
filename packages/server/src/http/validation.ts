/**
 * The one validation path: route schemas are compiled by two Ajv instances (query strings and path
 * parameters are coerced from text, as they can only be text; JSON bodies are not, so a string where a
 * number belongs is a 400), and fastify's schema error formatter turns the first failure into the
 * sentence the surface answers with. A schema states what it refuses in its own words with the
 * `x-invalid` annotation (see {@link invalidAs}); the wording around it is chosen per route group.
 * @module
 */
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance, FastifySchemaValidationError } from 'fastify';
import type { SchemaErrorDataVar, SchemaErrorFormatter } from 'fastify/types/schema.js';
import { apiError, type ApiError } from '../errors.js';

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** The schema annotation holding the reason given when a value fails that schema. */
export const INVALID = 'x-invalid';

/**
 * Schema options that give the reason a failing value is refused, e.g.
 * `Type.String({ maxLength: 200, ...invalidAs('Must be between 1 and 200 characters long.') })`.
 */
export function invalidAs(reason: string): { [INVALID]: string } {
  return { [INVALID]: reason };
}

/** The schema annotation holding the reason given when a required property holding that schema is missing. */
export const MISSING = 'x-missing';

/**
 * Schema options that give the reason a missing required property is refused, where it differs from the
 * reason a present but bad value is (see {@link invalidAs}), e.g.
 * `{ ...invalidAs('must be a number from 0 to 10, or null'), ...missingAs('is required (a number from 0 to 10, or null)') }`.
 */
export function missingAs(reason: string): { [MISSING]: string } {
  return { [MISSING]: reason };
}

function makeAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({
    coerceTypes: coerce ? 'array' : false,
    useDefaults: true,
    removeAdditional: false,
    allErrors: false,
    // errors carry the schema they failed (parentSchema), where the x-invalid reason is found
    verbose: true,
    strict: false,
  });
  addFormats(ajv);
  return ajv;
}

/**
 * Installs the validator compiler and the default error wording on the app.
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
  app.setSchemaErrorFormatter(schemaErrorFormatter(describeValidationError));
}

const PART_NAMES: Record<string, string> = {
  querystring: 'query parameter',
  params: 'path parameter',
  body: 'body field',
  headers: 'header',
};

type ValidationError = FastifySchemaValidationError | ErrorObject;

/** What a failure is about: the field as clients write it (`[3].sources[0].name`) and why. */
export interface Failure {
  /** query parameter, body field, … */
  part: string;
  /** the field path, empty for the whole body or query */
  field: string;
  keyword: string;
  /** the schema's x-invalid reason, else ajv's message */
  reason: string;
  /** the reason came from the schema */
  stated: boolean;
  /** for a missing field, the reason its own schema states (x-missing, else x-invalid) */
  requiredReason: string | undefined;
  params: Record<string, unknown>;
}

/** `/3/sources/0/name` → `[3].sources[0].name`. */
function fieldPath(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((seg) => seg.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, seg) => (/^\d+$/.test(seg) ? `${path}[${seg}]` : path ? `${path}.${seg}` : seg), '');
}

const reasonOf = (error: ValidationError): string | undefined =>
  ((error as ErrorObject).parentSchema as Record<string, unknown> | undefined)?.[INVALID] as string | undefined;

/**
 * The failure to report: the most specific one (deepest path; a union's branches fail together and
 * the `null` branch of an optional field says nothing useful), preferring the outermost schema there
 * that states a reason.
 */
export function pickFailure(errors: readonly ValidationError[], context: string): Failure {
  const useful = errors.filter((e) => !(e.keyword === 'type' && (e.params as { type?: unknown }).type === 'null'));
  const pool = useful.length > 0 ? useful : errors;
  // A missing or unknown property is about that property, one level below the object reporting it.
  const depth = (e: ValidationError) =>
    (e.instancePath ?? '').split('/').length + (e.keyword === 'required' || e.keyword === 'additionalProperties' ? 1 : 0);
  const deepest = Math.max(...pool.map(depth));
  const candidates = pool.filter((e) => depth(e) === deepest);
  // The last stated reason is the outermost: a union's own comes after its branches'.
  const error = candidates.find((e) => e.keyword === 'required') ?? candidates.findLast((e) => reasonOf(e) !== undefined) ?? candidates.find((e) => e.keyword !== 'anyOf') ?? candidates[0]!;
  const params = (error.params ?? {}) as Record<string, unknown>;
  let field = fieldPath(error.instancePath ?? '');
  if (error.keyword === 'required' || error.keyword === 'additionalProperties') {
    const name = String(params.missingProperty ?? params.additionalProperty);
    field = field ? `${field}.${name}` : name;
  }
  const stated = error.keyword === 'required' ? undefined : reasonOf(error);
  const properties = ((error as ErrorObject).parentSchema as { properties?: Record<string, Record<string, unknown>> } | undefined)?.properties;
  const missing = error.keyword === 'required' ? properties?.[String(params.missingProperty)] : undefined;
  const requiredReason = (missing?.[MISSING] ?? missing?.[INVALID]) as string | undefined;
  return {
    requiredReason,
    part: PART_NAMES[context] ?? context,
    field,
    keyword: error.keyword,
    reason: stated ?? error.message ?? 'invalid',
    stated: stated !== undefined,
    params,
  };
}

/**
 * The default wording, e.g. `Invalid value for query parameter status: must be one of online, offline`
 * or ThreatQ's `Invalid value for body field [3].value: must be at most 8192 characters`.
 */
export function describeValidationError(f: Failure): string {
  if (f.keyword === 'required') return `Missing required ${f.part} ${f.field}`;
  if (f.keyword === 'additionalProperties') return `Unknown ${f.part} ${f.field}`;
  if (!f.field && f.part === 'body field' && f.keyword === 'type') return `Request body must be ${String(f.params.type)}`;
  const name = f.field || '(root)';
  if (f.keyword === 'enum' && !f.stated) {
    return `Invalid value for ${f.part} ${name}: must be one of ${(f.params.allowedValues as unknown[]).join(', ')}`;
  }
  return `Invalid value for ${f.part} ${name}: ${f.reason}`;
}

/**
 * A fastify schema error formatter answering with one 400 in the given wording.
 * ```ts
 * app.setSchemaErrorFormatter(schemaErrorFormatter(threatStackWording));
 * ```
 */
export function schemaErrorFormatter(describe: (failure: Failure) => string): SchemaErrorFormatter {
  return (errors, context: SchemaErrorDataVar): ApiError =>
    apiError('VIGIL_BAD_REQUEST', describe(pickFailure(errors, context)));
}

const checkers = makeAjv(false);

/**
 * Checks a value that did not come through a route (an import's candidates) against a body schema,
 * answering the failure a route would have reported, or undefined.
 * ```ts
 * const check = schemaChecker(IndicatorBodyItem);
 * const failure = check(candidate);
 * ```
 */
export function schemaChecker(schema: object): (value: unknown) => Failure | undefined {
  const validate = checkers.compile(schema);
  return (value) => (validate(value) ? undefined : pickFailure(validate.errors ?? [], 'body'));
}
