/**
 * Failed-login budgets of `POST /api/token` and TAXII's HTTP Basic, one set for both surfaces (the app makes
 * one and hands it to each, so a guesser cannot double the attempts by switching): per account (the
 * normalized email, or the client id of a client-credentials attempt; {@link loginAccount}) and per client IP. Only failures count; a success clears the account's
 * counter. Past a budget the key is locked until its window ends and every attempt (even a correct one)
 * answers 429 with `Retry-After`, so guessing cannot continue in the background. Memory counters for one
 * process, Redis for many (like limits/rate-limiters.ts).
 * @module
 */
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import type { ThreatqConfig } from '../config.js';

export interface LoginLimits {
  /** ms until `account` or `ip` may try again, or 0 when neither is locked */
  lockedForMs(account: string, ip: string): Promise<number>;
  /** counts one failed attempt against both keys */
  recordFailure(account: string, ip: string): Promise<void>;
  /** forgets the account's failures after a successful login */
  recordSuccess(account: string): Promise<void>;
}

/**
 * The account key of a login attempt, the same on every surface: a user by the normalized email, an OAuth
 * client by its id.
 * ```ts
 * limits.lockedForMs(loginAccount.user(' Ann@Example.com'), request.ip); // key 'user:ann@example.com'
 * ```
 */
export const loginAccount = {
  user: (email: string): string => `user:${email.trim().toLowerCase().slice(0, 320)}`,
  client: (clientId: string): string => `client:${clientId.slice(0, 64)}`,
};

/**
 * Builds the failed-login counters; make one per process and share it between the surfaces.
 * ```ts
 * const limits = createLoginLimits(config.threatq, redis, 'vigil:');
 * if (await limits.lockedForMs(email, request.ip)) reply.code(429);
 * ```
 */
export function createLoginLimits(config: ThreatqConfig, redis?: Redis, prefix = 'vigil:'): LoginLimits {
  const make = (points: number, keyPrefix: string): RateLimiterAbstract => {
    const options = { points: Math.max(1, points), duration: config.loginWindowSec, keyPrefix };
    return redis ? new RateLimiterRedis({ ...options, storeClient: redis }) : new RateLimiterMemory(options);
  };
  const account = make(config.loginFailuresPerAccount, `${prefix}login-account`);
  const ip = make(config.loginFailuresPerIp, `${prefix}login-ip`);
  const limits = [
    { limiter: account, points: Math.max(1, config.loginFailuresPerAccount) },
    { limiter: ip, points: Math.max(1, config.loginFailuresPerIp) },
  ];

  return {
    async lockedForMs(accountKey, ipKey) {
      const [a, i] = await Promise.all([account.get(accountKey), ip.get(ipKey)]);
      let wait = 0;
      for (const [res, { points }] of [[a, limits[0]!], [i, limits[1]!]] as const) {
        if (res && res.consumedPoints >= points) wait = Math.max(wait, res.msBeforeNext);
      }
      return wait;
    },
    async recordFailure(accountKey, ipKey) {
      const swallowLimit = (err: unknown) => {
        if (!(err instanceof RateLimiterRes)) throw err;
      };
      await Promise.all([account.consume(accountKey).catch(swallowLimit), ip.consume(ipKey).catch(swallowLimit)]);
    },
    async recordSuccess(accountKey) {
      await account.delete(accountKey);
    },
  };
}
