/**
 * The detection worker's side of the store: pending event batches, their events, and the one transaction
 * that records what detection decided for them. Marking a batch processed in the same transaction as its
 * alerts is what makes detection exactly-once across crashes: either both are written or neither is.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import { StoreValidationError } from '../errors.js';
import { decodeBatchEvents } from '../internal/batch-payload.js';
import { chunks } from '../internal/chunks.js';
import { epochMs } from '../internal/epoch-ms.js';
import { enqueueWebhookDeliveries } from '../internal/webhook-outbox.js';
import { toAlertRow } from './alerts.js';
import type { AlertEventsTable, Database } from '../schema.js';
import type { NewAlertEvent } from './alerts-types.js';
import type { DetectionRepo } from './detection-types.js';
import type { StoredEvent } from './ingest-types.js';
import type { DialectName } from '../shared-types.js';

const ALERT_COLUMN_COUNT = 15;
const EVENT_COLUMN_COUNT = 5;
/** Sorts after every hex digit: `[prefix, prefix + END)` is exactly the ids starting with prefix. */
const END = '~';

/** Thrown inside the transaction to roll it back when a batch was processed by someone else. */
class AlreadyProcessed extends Error {}

function eventRows(orgId: string, alertId: string, events: NewAlertEvent[]): Insertable<AlertEventsTable>[] {
  return events.map((e) => ({
    id: e.id ?? randomUUID(),
    alert_id: alertId,
    org_id: orgId,
    timestamp: epochMs(e.timestamp, 'event timestamp'),
    data: JSON.stringify(e.data ?? {}),
  }));
}

/**
 * Creates the detection repository.
 *
 * ```ts
 * const detection = createDetectionRepo(db, 'sqlite');
 * for (const batch of await detection.pendingBatches(50)) console.log(await detection.batchEvents(batch));
 * ```
 */
export function createDetectionRepo(db: Kysely<Database>, dialect: DialectName): DetectionRepo {
  return {
    async pendingBatches(limit) {
      if (!Number.isSafeInteger(limit) || limit < 1) throw new StoreValidationError('limit must be a positive integer');
      const rows = await db
        .selectFrom('event_batches')
        .select(['org_id', 'agent_id', 'batch_id', 'received_at'])
        .where('detected_at', 'is', null)
        .orderBy('received_at')
        .orderBy('agent_id')
        .orderBy('batch_id')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ orgId: r.org_id, agentId: r.agent_id, batchId: r.batch_id, receivedAt: Number(r.received_at) }));
    },

    async batchEvents(batch) {
      const row = await db
        .selectFrom('event_batches')
        .select(['event_id_prefix', 'events_json', 'received_at'])
        .where('agent_id', '=', batch.agentId)
        .where('batch_id', '=', batch.batchId)
        .where('org_id', '=', batch.orgId)
        .executeTakeFirst();
      const prefix = row?.event_id_prefix;
      if (!prefix) return [];
      if (row.events_json !== null) {
        return decodeBatchEvents(row.events_json, { orgId: batch.orgId, agentId: batch.agentId, idPrefix: prefix, receivedAt: Number(row.received_at) });
      }
      // Stored before migration 0009: one row per event.
      const rows = await db
        .selectFrom('events')
        .selectAll()
        .where('id', '>=', prefix)
        .where('id', '<', prefix + END)
        .where('org_id', '=', batch.orgId)
        .where('agent_id', '=', batch.agentId)
        .orderBy('id')
        .execute();
      return rows.map(
        (r): StoredEvent => ({
          id: r.id,
          orgId: r.org_id,
          agentId: r.agent_id,
          eventType: r.event_type,
          timestamp: Number(r.timestamp),
          receivedAt: Number(r.received_at),
          data: JSON.parse(r.data) as Record<string, unknown>,
        }),
      );
    },

    async rulesFingerprint(orgId) {
      const row = await db
        .selectFrom('rules')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('updated_at').as('newest')])
        .where('org_id', '=', orgId)
        .executeTakeFirst();
      return `${Number(row?.n ?? 0)}:${Number(row?.newest ?? 0)}`;
    },

    async commit(decisions, at = Date.now()) {
      epochMs(at, 'detection time');
      const alertRows = decisions.newAlerts.map(({ alert }) => toAlertRow(alert));
      const newEventRows = decisions.newAlerts.flatMap(({ alert, events }) => eventRows(alert.orgId, alert.id, events));
      try {
        await db.transaction().execute(async (trx) => {
          // First, so a second worker racing for the same batch waits here (PostgreSQL row lock, SQLite
          // writer lock) and then sees it processed.
          for (const b of decisions.batches) {
            const marked = await trx
              .updateTable('event_batches')
              .set({ detected_at: at })
              .where('agent_id', '=', b.agentId)
              .where('batch_id', '=', b.batchId)
              .where('detected_at', 'is', null)
              .executeTakeFirst();
            if (Number(marked.numUpdatedRows) === 0) throw new AlreadyProcessed();
          }
          for (const part of chunks(alertRows, ALERT_COLUMN_COUNT, dialect)) {
            await trx.insertInto('alerts').values(part).execute();
          }
          await enqueueWebhookDeliveries(trx, alertRows, dialect, at);
          const attachIds = [...new Set(decisions.attach.map((a) => a.alertId))];
          const existing = new Set<string>();
          for (const ids of chunks(attachIds, 1, dialect)) {
            const rows = await trx.selectFrom('alerts').select(['id', 'org_id']).where('id', 'in', ids).execute();
            for (const r of rows) existing.add(`${r.org_id}\0${r.id}`);
          }
          // An alert deleted meanwhile (retention, an admin) simply gets no more events.
          const attachRows = decisions.attach
            .filter((a) => existing.has(`${a.orgId}\0${a.alertId}`))
            .flatMap((a) => eventRows(a.orgId, a.alertId, a.events));
          for (const part of chunks([...newEventRows, ...attachRows], EVENT_COLUMN_COUNT, dialect)) {
            await trx.insertInto('alert_events').values(part).execute();
          }
        });
      } catch (err) {
        if (err instanceof AlreadyProcessed) return false;
        throw err;
      }
      return true;
    },
  };
}
