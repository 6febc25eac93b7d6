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
import type { RetentionOptions, RetentionRepo } from '../types.js';

const DEFAULT_CHUNK = 5_000;

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
      const events = await drain(size, options.maxChunks, async () => {
        const r = await sql`delete from events where id in (select id from events where received_at < ${before} limit ${size})`.execute(db);
        return Number(r.numAffectedRows ?? 0);
      });
      // Batch ids only deduplicate retries; past retention a replayed batch may be stored again.
      await drain(size, options.maxChunks, async () => {
        const r = await sql`delete from event_batches where (agent_id, batch_id) in (select agent_id, batch_id from event_batches where received_at < ${before} limit ${size})`.execute(db);
        return Number(r.numAffectedRows ?? 0);
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
