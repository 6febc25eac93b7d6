/**
 * The one HTTP client of the console: openapi-fetch typed by the server's own OpenAPI document
 * (schema.gen.ts), sending the session cookie and, on every request, the session's CSRF token. Every
 * non-2xx answer becomes an ApiError carrying the API's `{"errors":[…]}` so the page that asked can show
 * them where they happened; a request that never reached the server is `offline` (the shell's banner).
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema.gen.js';

/** An answer outside 2xx, or no answer at all (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errors: string[],
  ) {
    super(errors.join('; ') || `HTTP ${status}`);
    this.name = 'ApiError';
  }

  /** The server could not be reached (or answered 502/503/504 through a proxy). */
  get offline(): boolean {
    return this.status === 0 || this.status === 502 || this.status === 503 || this.status === 504;
  }
}

let csrfToken: string | undefined;

/** Set by the session on sign-in and on load; sent as X-CSRF-Token with every request. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** Listeners told whether the last request reached the server (the shell's server-down banner). */
const reachability = new Set<(up: boolean) => void>();

/**
 * Subscribes to reachability changes; returns the unsubscribe function.
 * ```ts
 * useEffect(() => onReachability(setUp), []);
 * ```
 */
export function onReachability(listener: (up: boolean) => void): () => void {
  reachability.add(listener);
  return () => reachability.delete(listener);
}

function report(up: boolean): void {
  for (const listener of reachability) listener(up);
}

/** Reads `{"errors":[…]}` (or ThreatQ's shapes) from a failed answer, falling back to the status line. */
export async function errorsOf(response: Response): Promise<string[]> {
  try {
    const body: unknown = await response.clone().json();
    if (body && typeof body === 'object') {
      const errors = (body as { errors?: unknown }).errors;
      if (Array.isArray(errors)) return errors.map((e) => (typeof e === 'string' ? e : JSON.stringify(e)));
      if (errors && typeof errors === 'object') return Object.values(errors).flat().map(String);
      const message = (body as { message?: unknown; error_description?: unknown }).message ?? (body as { error_description?: unknown }).error_description;
      if (typeof message === 'string') return [message];
    }
  } catch {
    // not JSON
  }
  return [`${response.status} ${response.statusText}`.trim()];
}

const throwOnError: Middleware = {
  async onRequest({ request: req }) {
    if (csrfToken) req.headers.set('x-csrf-token', csrfToken);
    return req;
  },
  async onResponse({ response }) {
    const error = new ApiError(response.status, response.ok ? [] : await errorsOf(response));
    report(!error.offline);
    if (!response.ok) throw error;
    return response;
  },
  async onError() {
    report(false);
    return new ApiError(0, ['The Vigil server cannot be reached. The console retries on its own.']);
  },
};

/**
 * The typed client for every REST route.
 * ```ts
 * const { data } = await api.GET('/v2/alerts', { params: { query: { status: 'active' } } });
 * ```
 */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(throwOnError);

/**
 * Unwraps an openapi-fetch result (the middleware already threw on errors).
 * ```ts
 * const page = must(await api.GET('/v2/agents', { params: { query: { status: 'online' } } }));
 * ```
 */
export function must<T>(result: { data?: T; error?: unknown }): T {
  if (result.error !== undefined) throw result.error instanceof ApiError ? result.error : new ApiError(500, [String(result.error)]);
  return result.data as T;
}
