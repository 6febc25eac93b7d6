/**
 * The one place errors become responses. Everything is rendered in REST v2's envelope
 * `{"errors":["…"]}`; 5xx answers never carry the underlying message or a stack trace.
 * @module
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, ERRORS } from '../errors.js';

/** Maps fastify's own error codes onto our table. */
const FASTIFY_CODES: Record<string, (err: FastifyError, app: FastifyInstance, request: FastifyRequest) => string> = {
  // Routes may set their own limit (agent event batches), so the route's wins over the app's.
  FST_ERR_CTP_BODY_TOO_LARGE: (_e, app, request) =>
    `Request body is larger than ${request.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit} bytes`,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (e) => e.message.replace(/^Unsupported Media Type:?\s*/i, 'Unsupported Content-Type ') + '; send application/json',
  FST_ERR_CTP_EMPTY_JSON_BODY: () => 'Request body is empty but Content-Type is application/json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => 'Content-Length does not match the body',
};

/**
 * Installs the error handler on the app.
 * ```ts
 * installErrorHandler(app);
 * ```
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | ApiError, request: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof ApiError) {
      for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
      if (err.statusCode >= 500) request.log.error({ err }, 'request failed');
      return reply.code(err.statusCode).send({ errors: [err.message] });
    }
    // Schema failures arrive here as ApiErrors already worded by the schema error formatter (validation.ts).
    const fe = err as FastifyError;
    const status = fe.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const describe = fe.code ? FASTIFY_CODES[fe.code] : undefined;
      return reply.code(status).send({ errors: [describe ? describe(fe, app, request) : fe.message] });
    }
    request.log.error({ err }, 'request failed');
    return reply.code(500).send({ errors: [ERRORS.VIGIL_INTERNAL.message] });
  });
}
