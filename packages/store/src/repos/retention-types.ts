/**
 * Types of the retention repository (`retention.ts`).
 * @module
 */

/** Limits of one retention pass. */
export interface RetentionOptions {
  /** rows per DELETE statement, or for events the number of batches (default 5000) */
  chunkSize?: number;
  /** stop after this many chunks (the rest waits for the next pass); default no limit */
  maxChunks?: number;
}

/** Global retention (every organization): deletes history older than a cut-off in bounded chunks. */
export interface RetentionRepo {
  /** deletes raw events (and batch-id records) received before `before` (epoch ms); resolves to events deleted */
  deleteEventsBefore(before: number, options?: RetentionOptions): Promise<number>;
  /** deletes alerts created before `before` (epoch ms) with their events; resolves to alerts deleted */
  deleteAlertsBefore(before: number, options?: RetentionOptions): Promise<number>;
}
