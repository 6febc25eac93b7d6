/**
 * Threat Stack's wording of a refused body field, `Validation failed: body has invalid name value. Must
 * be between 1 and 200 characters long.`, for the REST v2 routes that Threat Stack clients write to
 * (rulesets, rules, rule tags). Schema failures get it from the schema error formatter; checks made
 * after the schema (the rule language's) get it from {@link invalidBodyField}.
 * @module
 */
import { apiError, type ApiError } from '../errors.js';
import { describeValidationError, schemaErrorFormatter, type Failure } from './validation.js';

/**
 * The 400 for a body field refused after schema validation.
 * ```ts
 * throw invalidBodyField('type', 'Must be one of Host, File, ThreatIntel.');
 * ```
 */
export function invalidBodyField(field: string, reason: string): ApiError {
  return apiError('VIGIL_BAD_REQUEST', `Validation failed: body has invalid ${field} value. ${reason}`);
}

/** The 400 for a body field that is missing (or null). */
export function missingBodyField(field: string): ApiError {
  return apiError('VIGIL_BAD_REQUEST', `Missing required body field ${field}`);
}

function describe(f: Failure): string {
  if (f.part === 'body field' && f.stated && f.field) return invalidBodyField(f.field, f.reason).message;
  return describeValidationError(f);
}

/** Set on a route group with `app.setSchemaErrorFormatter(threatStackErrors)`. */
export const threatStackErrors = schemaErrorFormatter(describe);
