/**
 * Batches just stored by this process, handed to its detection worker in memory so it need not read and
 * parse them back from the database. Only a shortcut: the database stays the record (a batch missing here —
 * evicted, stored by another process, or from before a restart — is read from the store), and the worker
 * is told a batch arrived so it runs now instead of at its next poll.
 * @module
 */
import type { PendingBatch, StoredEvent } from '@vigil/store';

export interface RecentBatches {
  /** keeps a stored batch's events for detection and wakes the worker */
  remember(batch: PendingBatch, events: StoredEvent[]): void;
  /** the events of `batch` if still held (and forgets them) */
  take(batch: PendingBatch): StoredEvent[] | undefined;
  /** called on every `remember` (the detection worker's nudge) */
  onArrival(listener: () => void): void;
  /** from now on only signals arrivals and holds no events (detection reads them from the store itself) */
  disable(): void;
  /** events currently held */
  readonly size: number;
}

/** Bound on held events: about 50 MB of event objects, seconds of ingest at full speed. */
const DEFAULT_MAX_EVENTS = 200_000;

const keyOf = (b: PendingBatch) => `${b.agentId}\n${b.batchId}`;

/**
 * ```ts
 * const recent = createRecentBatches();
 * recent.remember(batch, events);
 * const events = recent.take(batch) ?? (await store.detection.batchEvents(batch));
 * ```
 */
export function createRecentBatches(maxEvents = DEFAULT_MAX_EVENTS): RecentBatches {
  // Insertion-ordered: the first key is the oldest batch, evicted first.
  const held = new Map<string, StoredEvent[]>();
  const listeners: Array<() => void> = [];
  let size = 0;
  let enabled = true;
  const signal = () => {
    for (const listener of listeners) listener();
  };
  return {
    remember(batch, events) {
      if (!enabled || events.length > maxEvents) return signal();
      const key = keyOf(batch);
      if (held.has(key)) return;
      while (size + events.length > maxEvents) {
        const [oldest, dropped] = held.entries().next().value as [string, StoredEvent[]];
        held.delete(oldest);
        size -= dropped.length;
      }
      held.set(key, events);
      size += events.length;
      signal();
    },
    take(batch) {
      const key = keyOf(batch);
      const events = held.get(key);
      if (events === undefined) return undefined;
      held.delete(key);
      size -= events.length;
      return events;
    },
    onArrival(listener) {
      listeners.push(listener);
    },
    disable() {
      enabled = false;
      held.clear();
      size = 0;
    },
    get size() {
      return size;
    },
  };
}
