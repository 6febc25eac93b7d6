/**
 * The Redis connection of `VIGIL_REDIS_URL`: connected before the server listens (an unreachable Redis
 * fails the start with a message, not every request later), and its outages reported as JSON log lines
 * instead of ioredis's own `[ioredis] Unhandled error event` prints.
 * @module
 */
import { Redis } from 'ioredis';
import type { BaseLogger } from 'pino';

/** A Redis URL for messages: without its password. */
export function describeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return 'the Redis of VIGIL_REDIS_URL';
  }
}

/**
 * Connects to Redis or throws a message naming `VIGIL_REDIS_URL`. While Redis is away later, commands
 * fail at once (no offline queue), so requests get a quick 503 instead of waiting on reconnects.
 * ```ts
 * const redis = await connectRedis(config.redisUrl, log);
 * ```
 */
export async function connectRedis(url: string, log: Pick<BaseLogger, 'warn' | 'info'>): Promise<Redis> {
  const where = describeRedisUrl(url);
  const redis = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 5000 });
  let lastError: Error | undefined;
  let connected = false;
  let down = false;
  // The listener also keeps ioredis from printing "[ioredis] Unhandled error event" (not JSON) itself.
  redis.on('error', (err: Error) => {
    lastError = err;
  });
  // One line when the connection is lost and one when it is back, not one per reconnect attempt.
  redis.on('close', () => {
    if (!connected || down || redis.status === 'end') return; // 'end': disconnect() was called
    down = true;
    log.warn({ redis: where }, 'redis unreachable: answering 503 until it is back');
  });
  redis.on('ready', () => {
    if (down) log.info({ redis: where }, 'redis connection restored');
    down = false;
  });
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    const reason = (lastError ?? (err as Error)).message;
    throw new Error(
      `VIGIL_REDIS_URL: cannot reach Redis at ${where} (${reason}). Start Redis there, or unset VIGIL_REDIS_URL to keep rate limits and Hawk nonces in this one process.`,
    );
  }
  connected = true;
  return redis;
}
