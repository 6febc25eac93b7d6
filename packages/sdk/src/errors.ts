/**
 * Typed errors. Every one is built from safe parts only (method, path, status, the server's error
 * strings), so no API key, `Authorization` header or Hawk MAC can reach a message, `toJSON()` or
 * `util.inspect` output (octokit redacts after the fact; here the secret is never stored at all).
 * @module
 */

/**
 * The base of every error the SDK throws, so one `instanceof` catches them all.
 *
 * ```ts
 * try { await client.agents.retrieve(id); }
 * catch (err) { if (err instanceof VigilError) console.error(err.message); }
 * ```
 */
export class VigilError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }

  /**
   * A plain, secret-free object for logs.
   *
   * ```ts
   * logger.error(JSON.stringify(err)); // calls toJSON()
   * ```
   */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message };
  }
}

/**
 * A configuration problem found before any request: a missing environment variable, config file,
 * section or key. The message names what is missing.
 *
 * ```ts
 * try { VigilClient.fromEnv(); } catch (err) { if (err instanceof ConfigError) process.exitCode = 2; }
 * ```
 */
export class ConfigError extends VigilError {}

/** What an {@link ApiError} is built from. */
export interface ApiErrorInit {
  status: number;
  method: string;
  /** the request path without its query string */
  path: string;
  /** the strings of the server's `{"errors":[…]}` body (empty when the body had none) */
  errors: string[];
  /** how long a 429 or 503 asked the client to wait (from `Retry-After`, or a 429's `x-rate-limit-reset`) */
  retryAfterMs?: number;
  /** the response headers, minus any Hawk header */
  headers?: Record<string, string>;
}

/**
 * A non-2xx answer from the server. Subclasses by status: {@link BadRequestError} (400, 405, 415, 422),
 * {@link AuthenticationError} (401), {@link PermissionDeniedError} (403), {@link NotFoundError} (404),
 * {@link ConflictError} (409), {@link PayloadTooLargeError} (413), {@link RateLimitError} (429) and
 * {@link InternalServerError} (5xx). The message reads `GET /v2/agents/abc: 404 Not Found: Agent not found`.
 *
 * ```ts
 * try { await client.agents.retrieve('abc'); }
 * catch (err) { if (err instanceof ApiError && err.status === 404) console.log(err.errors[0]); }
 * ```
 */
export class ApiError extends VigilError {
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly errors: string[];
  readonly retryAfterMs?: number;
  readonly headers: Record<string, string>;

  constructor(init: ApiErrorInit) {
    super(apiErrorMessage(init));
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.errors = init.errors;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    this.headers = init.headers ?? {};
  }

  /**
   * The status, request line and server errors, for logs.
   *
   * ```ts
   * JSON.stringify(err); // {"name":"NotFoundError","status":404,"method":"GET","path":"/v2/agents/abc",…}
   * ```
   */
  override toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      method: this.method,
      path: this.path,
      errors: this.errors,
      ...(this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs }),
    };
  }
}

/**
 * 400 (and 405, 415, 422): the request was malformed. `err.errors` says which field.
 *
 * ```ts
 * catch (err) { if (err instanceof BadRequestError) console.error(err.errors.join('; ')); }
 * ```
 */
export class BadRequestError extends ApiError {}
/**
 * 401: unknown user id, wrong API key, wrong organization id or a stale clock.
 *
 * ```ts
 * catch (err) { if (err instanceof AuthenticationError) console.error('check TS_USER_ID / TS_API_KEY / TS_ORGANIZATION_ID'); }
 * ```
 */
export class AuthenticationError extends ApiError {}
/**
 * 403: the user's role does not allow this (e.g. a reader writing).
 *
 * ```ts
 * catch (err) { if (err instanceof PermissionDeniedError) console.error('ask an owner'); }
 * ```
 */
export class PermissionDeniedError extends ApiError {}
/**
 * 404: no such resource in this organization (another organization's ids are 404 too).
 *
 * ```ts
 * const agent = await client.agents.retrieve(id).catch((err) => (err instanceof NotFoundError ? null : Promise.reject(err)));
 * ```
 */
export class NotFoundError extends ApiError {}
/**
 * 409: the change conflicts with the current state (e.g. a duplicate ruleset name, removing the last owner).
 *
 * ```ts
 * catch (err) { if (err instanceof ConflictError) console.error(err.errors[0]); }
 * ```
 */
export class ConflictError extends ApiError {}
/**
 * 413: the request body is larger than the server accepts.
 *
 * ```ts
 * catch (err) { if (err instanceof PayloadTooLargeError) splitAndRetry(); }
 * ```
 */
export class PayloadTooLargeError extends ApiError {}
/**
 * 429: rate limited; `retryAfterMs` says when to try again. Retried automatically first.
 *
 * ```ts
 * catch (err) { if (err instanceof RateLimitError) await sleep(err.retryAfterMs ?? 1000); }
 * ```
 */
export class RateLimitError extends ApiError {}
/**
 * 5xx: the server failed. Retried automatically first (except most POSTs; see the README).
 *
 * ```ts
 * catch (err) { if (err instanceof InternalServerError) console.error(err.status, err.message); }
 * ```
 */
export class InternalServerError extends ApiError {}

const STATUS_CLASSES: Record<number, typeof ApiError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  405: BadRequestError,
  409: ConflictError,
  413: PayloadTooLargeError,
  415: BadRequestError,
  422: BadRequestError,
  429: RateLimitError,
};

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function apiErrorMessage(init: ApiErrorInit): string {
  const reason = REASONS[init.status];
  const statusText = reason ? `${init.status} ${reason}` : String(init.status);
  const first = init.errors[0];
  return `${init.method} ${init.path}: ${statusText}${first ? `: ${first}` : ''}`;
}

/**
 * Builds the {@link ApiError} subclass for a status.
 *
 * ```ts
 * throw apiErrorFor({ status: 404, method: 'GET', path: '/v2/agents/x', errors: ['Agent not found'] });
 * ```
 */
export function apiErrorFor(init: ApiErrorInit): ApiError {
  const ErrorClass = STATUS_CLASSES[init.status] ?? (init.status >= 500 ? InternalServerError : ApiError);
  return new ErrorClass(init);
}

/**
 * No answer arrived: connection refused or reset, DNS failure, TLS failure. `cause` holds the
 * underlying socket error (which never carries request headers).
 *
 * ```ts
 * catch (err) { if (err instanceof ConnectionError) console.error('is the server up?', err.message); }
 * ```
 */
export class ConnectionError extends VigilError {
  readonly method: string;
  readonly path: string;
  /** the socket error code when there is one, e.g. `ECONNREFUSED` */
  readonly code?: string;

  constructor(method: string, path: string, detail: string, options: { code?: string; cause?: unknown } = {}) {
    super(`${method} ${path}: ${detail}`, { cause: options.cause });
    this.method = method;
    this.path = path;
    if (options.code !== undefined) this.code = options.code;
  }

  /**
   * Name, message, request line and code, for logs.
   *
   * ```ts
   * JSON.stringify(err); // {"name":"ConnectionError","message":"GET /v2/agents: connection failed (ECONNREFUSED)",…}
   * ```
   */
  override toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, method: this.method, path: this.path, code: this.code };
  }
}

/**
 * One attempt took longer than `timeoutMs`, or retries ran past `deadlineMs`.
 *
 * ```ts
 * catch (err) { if (err instanceof TimeoutError) console.error('server too slow'); }
 * ```
 */
export class TimeoutError extends ConnectionError {}

/**
 * The response's `Server-Authorization` header was missing or did not match the key and the body:
 * something between the client and the server changed the answer, or the server does not know the key.
 * Never retried.
 *
 * ```ts
 * catch (err) { if (err instanceof ServerAuthorizationError) console.error('response not trusted'); }
 * ```
 */
export class ServerAuthorizationError extends VigilError {
  readonly method: string;
  readonly path: string;
  readonly status: number;

  constructor(method: string, path: string, status: number, detail: string, options: { cause?: unknown } = {}) {
    super(`${method} ${path}: ${status} response failed Server-Authorization check: ${detail}`, options);
    this.method = method;
    this.path = path;
    this.status = status;
  }

  /**
   * Name, message and request line, for logs.
   *
   * ```ts
   * JSON.stringify(err); // {"name":"ServerAuthorizationError","status":200,"method":"GET",…}
   * ```
   */
  override toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, method: this.method, path: this.path, status: this.status };
  }
}
