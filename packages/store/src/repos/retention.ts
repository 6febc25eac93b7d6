/**
 * Retention: deletes raw events and alerts older than a cut-off, for every organization at once, in
 * bounded chunks. Each chunk is its own short statement, so a backlog of millions of rows never holds the
 * database (SQLite's single writer, Postgres row locks) for longer than one chunk.
 * @module
 */
import { sql, type Kysely } from 'kysely';
import { StoreValidationError } from '../errors.js';
import { epochMs } from '../internal/epoch-ms.js';
import type { Database } from '../schema.js';
import type { RetentionOptions, RetentionRepo } from './retention-types.js';

const DEFAULT_CHUNK = 5_000;
/** (agent_id, batch_id) pairs per DELETE: well inside both dialects' bind-parameter limits. */
const KEYS_PER_DELETE = 500;

function chunkSize(options: RetentionOptions): number {
  const n = options.chunkSize ?? DEFAULT_CHUNK;
  if (!Number.isSafeInteger(n) || n < 1) throw new StoreValidationError('chunkSize must be a positive integer');
  return n;
}

/** Runs `deleteChunk` until it deletes fewer than `size` rows (or `maxChunks` ran); returns the total. */
async function drain(size: number, maxChunks: number | undefined, deleteChunk: () => Promise<number>): Promise<number> {
  let total = 0;
  for (let i = 0; maxChunks === undefined || i < maxChunks; i++) {
    const n = await deleteChunk();
    total += n;
    if (n < size) break;
    // Let queued requests run between chunks (better-sqlite3 is synchronous).
    await new Promise((resolve) => setImmediate(resolve));
  }
  return total;
}

/**
 * ```ts
 * const retention = createRetentionRepo(db);
 * await retention.deleteEventsBefore(Date.now() - 72 * 3600_000);
 * ```
 */
export function createRetentionRepo(db: Kysely<Database>): RetentionRepo {
  return {
    async deleteEventsBefore(before, options = {}) {
      epochMs(before, 'before');
      const size = chunkSize(options);
      // By received_at (server clock, indexed), not the agent's timestamp: a skewed agent clock must not
      // make fresh events expire at once or keep old ones forever.
      const legacy = await drain(size, options.maxChunks, async () => {
        const r = await sql`delete from events where id in (select id from events where received_at < ${before} limit ${size})`.execute(db);
        return Number(r.numAffectedRows ?? 0);
      });
      // A batch row holds its events (migration 0009), so deleting it deletes them. Batch ids also
      // deduplicate retries; past retention a replayed batch may be stored again.
      let events = legacy;
      await drain(size, options.maxChunks, async () => {
        const doomed = await db
          .selectFrom('event_batches')
          .select(['agent_id', 'batch_id', 'event_count'])
          .select(sql<number>`case when events_json is null then 0 else 1 end`.as('holds_events'))
          .where('received_at', '<', before)
          .orderBy('received_at')
          .limit(size)
          .execute();
        if (doomed.length === 0) return 0;
        for (let i = 0; i < doomed.length; i += KEYS_PER_DELETE) {
          const keys = doomed.slice(i, i + KEYS_PER_DELETE).map((b) => sql`(${b.agent_id}, ${b.batch_id})`);
          await sql`delete from event_batches where (agent_id, batch_id) in (values ${sql.join(keys)})`.execute(db);
        }
        for (const b of doomed) if (Number(b.holds_events) === 1) events += Number(b.event_count);
        return doomed.length;
      });
      return events;
    },

    async deleteAlertsBefore(before, options = {}) {
      epochMs(before, 'before');
      const size = chunkSize(options);
      // alert_events go with their alert (ON DELETE CASCADE); the change-counter triggers see the deletes.
      return drain(size, options.maxChunks, async () => {
        const r = await sql`delete from alerts where id in (select id from alerts where created_at < ${before} limit ${size})`.execute(db);
        return Number(r.numAffectedRows ?? 0);
      });
    },
  };
}
