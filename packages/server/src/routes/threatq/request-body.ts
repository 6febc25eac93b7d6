/**
 * Form bodies for the ThreatQ-compatible API. Token requests arrive form-encoded (Demisto), and the curl
 * calls of ThreatQ's own guide post JSON files with `-d @file.json` and no Content-Type, which curl sends as
 * `application/x-www-form-urlencoded`: a form body that looks like JSON (starts with `{` or `[`) is therefore
 * read as JSON, anything else as `a=1&b=2`.
 * @module
 */
import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import { apiError } from '../../errors.js';

/** What a form body that claimed to be JSON but was not parses to; the preValidation hook turns it into a 400. */
const MALFORMED = Symbol('malformed form body');

// Typed as a record for the plugin; a JSON array body is passed through as is.
function parseForm(text: string): Record<string, unknown> {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed) as Record<string, unknown>;
    } catch (err) {
      return { [MALFORMED]: (err as Error).message };
    }
  }
  const out: Record<string, string | string[]> = Object.create(null);
  for (const [key, value] of new URLSearchParams(text)) {
    const seen = out[key];
    out[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return out;
}

/**
 * Registers the form parser on an encapsulated context.
 * ```ts
 * await registerFormBody(api);
 * ```
 */
export async function registerFormBody(app: FastifyInstance): Promise<void> {
  await app.register(formbody, { parser: parseForm });
  app.addHook('preValidation', async (request) => {
    const body = request.body as Record<symbol, unknown> | undefined;
    if (body && typeof body === 'object' && MALFORMED in body) {
      throw apiError('VIGIL_MALFORMED_JSON', String(body[MALFORMED]));
    }
  });
}
