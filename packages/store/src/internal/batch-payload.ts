/**
 * The stored form of an event batch: one JSON array of `[eventType, timestamp, data]` on the batch's row.
 * Event ids are not stored; the i-th event of a batch is `<event_id_prefix><i as 4 hex digits>`, which
 * keeps the ids stable across reads, unique, and sorted by arrival.
 * @module
 */
import { StoreValidationError } from '../errors.js';
import { epochMs } from './epoch-ms.js';
import type { IngestEvent, StoredEvent } from '../repos/ingest-types.js';

const MAX_EVENT_TYPE_LENGTH = 64;

type StoredTuple = [eventType: string, timestamp: number, data: Record<string, unknown>];

/**
 * Validates the events and returns the text stored for them.
 * ```ts
 * const text = encodeBatchEvents([{ eventType: 'audit', timestamp: Date.now(), data: { exe: '/bin/ls' } }]);
 * ```
 */
export function encodeBatchEvents(events: readonly IngestEvent[]): string {
  const tuples = new Array<StoredTuple>(events.length);
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (typeof e.eventType !== 'string' || e.eventType === '' || e.eventType.length > MAX_EVENT_TYPE_LENGTH) {
      throw new StoreValidationError(`event ${i}: eventType must be 1-${MAX_EVENT_TYPE_LENGTH} characters`);
    }
    tuples[i] = [e.eventType, epochMs(e.timestamp, `event ${i} timestamp`), e.data ?? {}];
  }
  return JSON.stringify(tuples);
}

/** The i-th event's id within a batch whose ids start with `prefix`. */
export function batchEventId(prefix: string, position: number): string {
  return prefix + position.toString(16).padStart(4, '0');
}

export interface BatchIdentity {
  orgId: string;
  agentId: string;
  idPrefix: string;
  receivedAt: number;
}

/**
 * The events of a stored batch, in batch order.
 * ```ts
 * const events = decodeBatchEvents(row.events_json, { orgId, agentId, idPrefix: row.event_id_prefix, receivedAt });
 * ```
 */
export function decodeBatchEvents(text: string, batch: BatchIdentity): StoredEvent[] {
  const tuples = JSON.parse(text) as StoredTuple[];
  const events = new Array<StoredEvent>(tuples.length);
  for (let i = 0; i < tuples.length; i++) {
    const [eventType, timestamp, data] = tuples[i]!;
    events[i] = {
      id: batchEventId(batch.idPrefix, i),
      orgId: batch.orgId,
      agentId: batch.agentId,
      eventType,
      timestamp,
      receivedAt: batch.receivedAt,
      data,
    };
  }
  return events;
}
