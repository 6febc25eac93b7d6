/**
 * `POST /agent/v1/events`: one batch of host events. The route is its own context because its body is not
 * a user-API JSON body: it may be NDJSON and gzip'd, is larger (`VIGIL_INGEST_MAX_BYTES`), and is kept
 * as raw bytes until the admission gate, the Hawk body hash and the limits have been checked.
 * @module
 */
import { Ajv } from 'ajv';
import { Type } from 'typebox';
import { mediaType } from '@vigil/hawk';
import { agentOf } from '../../http/caller.js';
import type { TypeBoxTypeProvider } from '../../http/type-provider.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { batchEventId, type IngestEvent, type PendingBatch, type StoredEvent } from '@vigil/store';
import type { IngestConfig } from '../../config.js';
import { apiError } from '../../errors.js';
import { MAX_JSON_DEPTH } from '../../http/json-depth.js';
import { errorResponses } from '../../http/schemas.js';
import { BATCH_MEDIA_TYPES, decodeContent, parseBatch } from '../../ingest/decode-batch.js';
import { normalizeEvents } from '../../ingest/normalize-events.js';
import { admissionHook, createAdmissionGate } from '../../limits/admission-gate.js';

const BATCH_ID_PATTERN = '^[A-Za-z0-9._:-]{1,128}$';

const BatchHeaders = Type.Object({
  'vigil-batch-id': Type.String({
    pattern: BATCH_ID_PATTERN,
    description:
      'Chosen by the agent, unique per batch (e.g. a UUID or a spool sequence number); a retry with the same id is stored once',
  }),
});

const Event = Type.Object(
  {
    event_type: Type.String({ minLength: 1, maxLength: 64, description: 'e.g. audit, file, connect, host' }),
    timestamp: Type.Union([Type.Integer({ description: 'epoch milliseconds' }), Type.String({ format: 'date-time' })]),
  },
  {
    additionalProperties: true,
    description: 'A host event in Threat Stack vocabulary; agentId, hostname and organizationId are set by the server',
  },
);

/** The batch's events as detection reads them back from the store (same ids), without reading them back. */
function asStoredEvents(events: IngestEvent[], batch: PendingBatch, idPrefix: string): StoredEvent[] {
  const out = new Array<StoredEvent>(events.length);
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    out[i] = {
      id: batchEventId(idPrefix, i),
      orgId: batch.orgId,
      agentId: batch.agentId,
      eventType: e.eventType,
      timestamp: e.timestamp,
      receivedAt: batch.receivedAt,
      data: e.data,
    };
  }
  return out;
}

/** Registers the route (and its body handling) on the agent-authenticated context. */
export async function eventsRoute(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const { store, config, recentBatches } = app.vigil;
  const limits: IngestConfig = config.ingest;
  const gate = createAdmissionGate(limits.maxInFlight);

  // The body stays raw bytes here: it is decoded in the handler, after the gate and the Hawk hash check.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    Object.keys(BATCH_MEDIA_TYPES),
    { parseAs: 'buffer' },
    (request: FastifyRequest, body: Buffer | string, done: (err: Error | null, body?: unknown) => void) => {
      request.rawBody = typeof body === 'string' ? Buffer.from(body) : body;
      done(null, request.rawBody);
    },
  );
  // The body schema below documents the batch in OpenAPI; it is checked by decode-batch.ts and
  // normalize-events.ts instead, because gzip, NDJSON and errors naming `events[i]` are beyond JSON Schema.
  const ajv = new Ajv({ coerceTypes: false, allErrors: false, strict: false });
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? () => true : ajv.compile(schema as object)));

  app.post(
    '/events',
    {
      bodyLimit: limits.maxBytes,
      onRequest: admissionHook(gate, 1),
      schema: {
        tags: ['Agent protocol'],
        summary: 'Send a batch of events',
        description: [
          'Hawk-signed by the agent (the payload hash covers the body exactly as sent, compressed or not).',
          'Body: a JSON array of events (`application/json`) or one event per line (`application/x-ndjson`), optionally with `Content-Encoding: gzip`.',
          `At most ${limits.maxEvents} events and ${limits.maxBytes} bytes (sent and decompressed) per batch, else 413; nesting deeper than ${MAX_JSON_DEPTH} levels of arrays and objects → 400.`,
          'Every event needs `event_type` and `timestamp` (epoch ms or ISO-8601); the first bad event refuses the batch with a 400 naming it (`events[3].timestamp`).',
          'A 200 means the batch is committed to the database. Retrying a `Vigil-Batch-Id` that was stored answers 200 with `duplicate: true` and stores nothing.',
          'When the server is saturated it answers 503 with `Retry-After`; keep the batch and retry.',
        ].join('\n\n'),
        security: [{ agentHawk: [] }],
        consumes: Object.keys(BATCH_MEDIA_TYPES),
        headers: BatchHeaders,
        body: Type.Array(Event, { maxItems: limits.maxEvents }),
        response: {
          200: Type.Object({
            accepted: Type.Integer({ description: 'events stored by this request (0 for a duplicate)' }),
            duplicate: Type.Boolean({ description: 'true when this batch id was already stored' }),
          }),
          ...errorResponses(400, 401, 413, 415, 503),
        },
      },
    },
    async (request) => {
      const agent = agentOf(request);
      const raw = request.rawBody;
      if (raw === undefined || raw.length === 0) {
        throw apiError('VIGIL_BAD_REQUEST', 'Request body is empty; send a JSON array of events or NDJSON');
      }
      const format = BATCH_MEDIA_TYPES[mediaType(request.headers['content-type'])]!;
      const body = await decodeContent(raw, request.headers['content-encoding'], limits.maxBytes);
      const events = normalizeEvents(parseBatch(body, format, limits.maxEvents), agent);
      const batchId = request.headers['vigil-batch-id'];
      const result = await store.ingest.storeBatch(agent.orgId, agent.agentId, batchId, events);
      if (!result.duplicate) {
        const pending = { orgId: agent.orgId, agentId: agent.agentId, batchId, receivedAt: result.receivedAt };
        recentBatches.remember(pending, asStoredEvents(events, pending, result.eventIdPrefix));
      }
      return { accepted: result.stored, duplicate: result.duplicate };
    },
  );
}
