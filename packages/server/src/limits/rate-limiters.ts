/**
 * Request budgets: 200/min per organization and 1,000/min per client IP by default; an IP that crosses
 * its budget is locked out for 15 minutes. Memory counters for one process, Redis for many.
 * @module
 */
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import type { RateLimitConfig } from '../config.js';

export interface RateLimiters {
  ip: RateLimiterAbstract;
  org: RateLimiterAbstract;
  config: RateLimitConfig;
}

/**
 * Builds both limiters for the configured store.
 * ```ts
 * const limiters = createRateLimiters(config.rateLimit, redis, 'vigil:');
 * ```
 */
export function createRateLimiters(config: RateLimitConfig, redis?: Redis, prefix = 'vigil:'): RateLimiters {
  const ipOptions = {
    points: config.perIp,
    duration: 60,
    blockDuration: config.lockoutSeconds,
    keyPrefix: `${prefix}rl-ip`,
  };
  const orgOptions = { points: config.perOrg, duration: 60, keyPrefix: `${prefix}rl-org` };
  if (redis) {
    return {
      ip: new RateLimiterRedis({ ...ipOptions, storeClient: redis }),
      org: new RateLimiterRedis({ ...orgOptions, storeClient: redis }),
      config,
    };
  }
  return { ip: new RateLimiterMemory(ipOptions), org: new RateLimiterMemory(orgOptions), config };
}

export interface LimitOutcome {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** ms until the budget resets (or the lockout ends) */
  resetMs: number;
}

/**
 * Spends one point for `key`; never throws for an exhausted budget (that is `allowed: false`).
 * ```ts
 * const outcome = await consume(limiters.org, orgId, 200);
 * ```
 */
export async function consume(limiter: RateLimiterAbstract, key: string, limit: number): Promise<LimitOutcome> {
  try {
    const res = await limiter.consume(key, 1);
    return { allowed: true, limit, remaining: res.remainingPoints, resetMs: res.msBeforeNext };
  } catch (err) {
    if (err instanceof RateLimiterRes) {
      return { allowed: false, limit, remaining: 0, resetMs: err.msBeforeNext };
    }
    throw err;
  }
}
