/**
 * One table of every error the server answers with: a stable code, the HTTP status and a message.
 * Surfaces render them in their own envelope (`{"errors":[…]}` for REST v2). Modelled on fastify's
 * `lib/errors.js`: the code never changes once shipped, the message may.
 * @module
 */

export const ERRORS = {
  VIGIL_BAD_REQUEST: { status: 400, message: '%s' },
  VIGIL_INVALID_PARAMETER: { status: 400, message: 'Invalid value for %s: %s' },
  VIGIL_MISSING_PARAMETER: { status: 400, message: 'Missing required parameter %s' },
  VIGIL_MALFORMED_JSON: { status: 400, message: 'Request body is not valid JSON: %s' },
  VIGIL_BAD_TOKEN: { status: 400, message: 'Invalid pagination token: %s' },
  VIGIL_BAD_TIME_RANGE: { status: 400, message: 'until must not be before from' },
  VIGIL_UNAUTHORIZED: { status: 401, message: 'Unauthorized: %s' },
  VIGIL_FORBIDDEN: { status: 403, message: 'Forbidden: %s' },
  VIGIL_NOT_FOUND: { status: 404, message: '%s not found' },
  VIGIL_ROUTE_NOT_FOUND: { status: 404, message: 'Route %s %s not found' },
  VIGIL_METHOD_NOT_ALLOWED: { status: 405, message: 'Method %s not allowed on %s; allowed: %s' },
  VIGIL_CONFLICT: { status: 409, message: '%s' },
  VIGIL_BODY_TOO_LARGE: { status: 413, message: 'Request body is larger than %s bytes' },
  VIGIL_UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Unsupported Content-Type %s; send application/json' },
  VIGIL_RATE_LIMITED: { status: 429, message: 'Rate limit hit: %s' },
  VIGIL_INTERNAL: { status: 500, message: 'An internal error has occurred' },
  VIGIL_UNAVAILABLE: { status: 503, message: 'Service unavailable: %s' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** An error with a stable code that the error handler renders as-is (never a stack trace). */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  /** extra response headers, e.g. `WWW-Authenticate` or `Retry-After` */
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.statusCode = ERRORS[code].status;
    this.headers = headers;
  }
}

/**
 * Builds an {@link ApiError} from the table, filling each `%s` in order.
 * ```ts
 * throw apiError('VIGIL_NOT_FOUND', 'Agent');   // 404 "Agent not found"
 * ```
 */
export function apiError(code: ErrorCode, ...args: Array<string | number>): ApiError {
  let i = 0;
  const message = ERRORS[code].message.replace(/%s/g, () => String(args[i++] ?? ''));
  return new ApiError(code, message);
}
