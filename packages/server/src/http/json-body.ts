/**
 * JSON bodies are parsed from the raw bytes, which are kept on the request: Hawk's payload hash is
 * computed over exactly what the client sent, not over a re-serialisation. Bodies nested deeper than
 * `MAX_JSON_DEPTH` are refused with 400 before they are parsed.
 * @module
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { apiError } from '../errors.js';
import { assertJsonDepth } from './json-depth.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** the request body as received (undefined when there was none) */
    rawBody?: Buffer;
  }
}

/**
 * Registers the `application/json` parser (any charset or `+json` suffix is fine).
 * ```ts
 * registerJsonBody(app);
 * ```
 */
export function registerJsonBody(app: FastifyInstance): void {
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(
    /^application\/([\w.+-]+\+)?json(\s*;.*)?$/i,
    { parseAs: 'buffer' },
    (request: FastifyRequest, body: Buffer | string, done: (err: Error | null, body?: unknown) => void) => {
      const raw = typeof body === 'string' ? Buffer.from(body) : body;
      request.rawBody = raw;
      if (raw.length === 0) return done(null, undefined);
      try {
        assertJsonDepth(raw, 'Request body');
      } catch (err) {
        return done(err as Error);
      }
      try {
        done(null, JSON.parse(raw.toString('utf8')));
      } catch (err) {
        done(apiError('VIGIL_MALFORMED_JSON', (err as Error).message));
      }
    },
  );
}
