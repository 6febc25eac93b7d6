/**
 * Tells the vulnerability matcher that an agent's inventory changed, so that it matches the host at once
 * instead of at its next poll. The process that stored the inventory may not be the one that matches (with
 * several processes one holds the matcher's lease), so with Redis the signal goes out on a pub/sub channel
 * that every process listens on; without Redis there is one process and the signal stays in it. A signal
 * lost to a Redis outage costs only the wait for the poll, which still finds every change by its digest.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';

export interface InventorySignal {
  /** an inventory was stored: every process's listeners hear it (this one's at once) */
  notify(): void;
  /** `listener` runs on every signal from any process; returns the unsubscribe */
  onChange(listener: () => void): () => void;
  /** stops listening on Redis */
  close(): Promise<void>;
}

/**
 * A signal on `channel` of `redis`, or in this process only without Redis.
 *
 * ```ts
 * const signal = inventorySignal(redis, 'vigil:inventory-changed');
 * signal.onChange(() => void worker.tick());
 * signal.notify(); // after store.inventory.replace(…)
 * ```
 */
export function inventorySignal(redis: Redis | undefined, channel: string, onError: (err: unknown) => void = () => {}): InventorySignal {
  const local = new EventEmitter().setMaxListeners(0);
  // This process hears its own signals at once; its own messages coming back through Redis are skipped.
  const self = randomUUID();
  let subscriber: Redis | undefined;

  /** A connection of its own: a subscribed Redis connection can do nothing else. */
  function subscribe(): void {
    if (redis === undefined || subscriber !== undefined) return;
    const sub = (subscriber = redis.duplicate({ lazyConnect: true, autoResubscribe: false }));
    sub.on('error', () => {}); // reported by the main connection; ioredis reconnects and resubscribes
    sub.on('message', (from: string, message: string) => {
      if (from === channel && message !== self) local.emit('changed');
    });
    // On every connection, the first included: one that failed had subscribed to nothing to renew.
    sub.on('ready', () => void sub.subscribe(channel).catch(onError));
    sub.connect().catch(onError);
  }

  return {
    notify() {
      local.emit('changed');
      // Not reported: the main connection logs an outage once, and the poll finds the change anyway.
      redis?.publish(channel, self).catch(() => {});
    },
    onChange(listener) {
      local.on('changed', listener);
      subscribe();
      return () => void local.off('changed', listener);
    },
    async close() {
      local.removeAllListeners();
      subscriber?.disconnect();
      subscriber = undefined;
    },
  };
}
