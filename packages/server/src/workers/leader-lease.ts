/**
 * One holder at a time among the processes that share a Redis: for work that must not run twice at once
 * and keeps state in memory (the vulnerability matcher's index). The holder renews the lease on every pass;
 * when it dies the lease runs out and another process takes it. Without Redis there is one process (SQLite
 * locks its database to one), which always holds it.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface LeaderLease {
  /** takes or renews the lease; true while this process holds it */
  hold(): Promise<boolean>;
  /** gives it up (at stop), so another process need not wait for it to run out */
  release(): Promise<void>;
}

/** Renews the lease when it is ours, else takes it when free (KEYS[1]: key, ARGV: holder id, ttl ms). */
const HOLD = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * A lease on `key` in Redis for `ttlMs`, or, without Redis, one that is always held.
 *
 * ```ts
 * const lease = leaderLease(redis, 'vigil:vuln-matching', 60_000);
 * if (await lease.hold()) await matchWhatChanged();
 * ```
 */
export function leaderLease(redis: Redis | undefined, key: string, ttlMs: number): LeaderLease {
  if (redis === undefined) return { hold: async () => true, release: async () => {} };
  const holder = randomUUID();
  return {
    async hold() {
      return Number(await redis.eval(HOLD, 1, key, holder, String(ttlMs))) === 1;
    },
    async release() {
      await redis.eval(RELEASE, 1, key, holder);
    },
  };
}
