/**
 * Token requests may carry credentials in the query string (`/api/token?…&password=…`, as ThreatQ's
 * guides show), and request log lines include the URL. This request serializer is fastify's default one
 * with those query values replaced by `[REDACTED]`.
 * @module
 */

const SECRET_PARAMS = /([?&](?:password|client_secret|refresh_token|access_token)=)[^&#]*/gi;

/**
 * Replaces the values of credential query parameters in a URL.
 * ```ts
 * redactUrlSecrets('/api/token?email=a&password=x'); // '/api/token?email=a&password=[REDACTED]'
 * ```
 */
export function redactUrlSecrets(url: string | undefined): string | undefined {
  return url?.replace(SECRET_PARAMS, '$1[REDACTED]');
}

interface LoggedRequest {
  method: string;
  url: string;
  headers?: Record<string, unknown>;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/**
 * pino serializer for `req` (fastify's fields, redacted URL).
 * ```ts
 * Fastify({ logger: { serializers: { req: serializeRequest } } });
 * ```
 */
export function serializeRequest(req: LoggedRequest) {
  return {
    method: req.method,
    url: redactUrlSecrets(req.url) ?? '',
    version: req.headers?.['accept-version'] as string | undefined,
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}
