/**
 * Where Hawk nonces are remembered so a replayed Authorization header is refused. One process keeps them
 * in memory; several processes share them through Redis (`SET … NX PX`), so a header replayed against
 * another API process is refused too.
 * @module
 */
import { MemoryNonceCache } from '@vigil/hawk';
import type { Redis } from 'ioredis';

export interface NonceStore {
  /** true the first time (id, nonce, ts) is seen inside the window, false on a replay */
  check(id: string, nonce: string, ts: number): Promise<boolean> | boolean;
}

/**
 * Creates the nonce store for the configured backend; `windowMs` must cover both sides of the skew.
 * ```ts
 * const nonces = createNonceStore({ windowMs: 120_000 });
 * ```
 */
export function createNonceStore(options: { windowMs: number; redis?: Redis; prefix?: string }): NonceStore {
  const { redis, windowMs } = options;
  if (!redis) {
    // About 8,000 requests/s fit in the window; past the cap the cache forgets its oldest nonces early but
    // keeps refusing their replays (see MemoryNonceCache). At about 115 bytes an entry, at most ~115 MB.
    const cache = new MemoryNonceCache({ ttlMs: windowMs, maxEntries: 1_000_000 });
    return { check: (id, nonce, ts) => cache.check(id, nonce, ts) };
  }
  const prefix = `${options.prefix ?? 'vigil:'}hawk-nonce:`;
  return {
    async check(id, nonce, ts) {
      const set = await redis.set(`${prefix}${id}:${ts}:${nonce}`, '1', 'PX', windowMs, 'NX');
      return set === 'OK';
    },
  };
}
