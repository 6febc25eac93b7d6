/**
 * Assembles the HTTP application: parsing, validation, errors, operations endpoints and one
 * encapsulated context per API surface.
 * @module
 */
import cookie from '@fastify/cookie';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Store } from '@vigil/store';
import { createNonceStore } from './auth/nonce-store.js';
import { serializeRequest } from './auth/oauth-log-redaction.js';
import { installApiKeyAuth } from './auth/api-key-auth.js';
import { installHawkAuth } from './auth/hawk-auth.js';
import { installSessionAuth, type ConsoleSessionSettings } from './auth/console-session-auth.js';
import { createLoginLimits } from './auth/oauth-login-limits.js';
import type { Config } from './config.js';
import { createContext } from './context.js';
import { dropEmptyQueryValues } from './http/empty-query-values.js';
import { installErrorHandler } from './http/error-handler.js';
import { installRedisGate } from './http/redis-unavailable.js';
import { registerJsonBody } from './http/json-body.js';
import { declareRequestFields } from './http/request-fields.js';
import { installRouteIndex } from './http/route-index.js';
import { registerValidation } from './http/validation.js';
import { forgetVersionsAfterWrites } from './http/version-memo.js';
import { installIpRateLimit, installOrgRateLimit } from './limits/rate-limit-hooks.js';
import { createRateLimiters } from './limits/rate-limiters.js';
import { installConsole } from './ops/console.js';
import { installHealth } from './ops/health.js';
import { installMetrics } from './ops/metrics.js';
import { installOpenApi } from './ops/openapi.js';
import { agentProtocolRoutes } from './routes/agent/index.js';
import { consoleRoutes } from './routes/console/index.js';
import { hawkSelfTestRoute } from './routes/hawk-self-test.js';
import { v1Routes } from './routes/v1/index.js';
import { v2Routes } from './routes/v2/index.js';
import { threatqRoutes } from './routes/threatq/index.js';
import { taxiiRoutes } from './routes/taxii/index.js';

export interface AppOptions {
  config: Config;
  store: Store;
  secret: string;
  redis?: Redis;
  /** pino options or false (tests); default: JSON logs at config.logLevel */
  logger?: boolean | Record<string, unknown>;
  /** the clock console sessions expire by (tests move it); default Date.now */
  now?: () => number;
}

/** Headers that must never reach a log line. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["server-authorization"]',
  'req.headers["x-api-key"]',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
];

/**
 * Builds (but does not start) the server.
 * ```ts
 * const app = await buildApp({ config, store, secret });
 * await app.listen({ host: '127.0.0.1', port: 0 });
 * ```
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, store, secret, redis } = options;
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: config.logLevel,
            redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
            // /api/token may carry a password in its query string.
            serializers: { req: serializeRequest },
            ...(typeof options.logger === 'object' ? options.logger : {}),
          },
    bodyLimit: config.bodyLimit,
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 256 },
    trustProxy: false,
    // Per-request lines only at debug: at info they would dominate the log and cost throughput.
    logController: new LogController({
      disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace',
    }),
  });
  declareRequestFields(app);
  app.decorate('vigil', createContext(store, config, secret, redis));
  app.addHook('onClose', () => app.vigil.inventoryChanged.close());
  forgetVersionsAfterWrites(app, app.vigil.changeVersions);
  registerValidation(app);
  registerJsonBody(app);
  installErrorHandler(app);
  installRouteIndex(app);
  // Before the probes, so that they are documented (the generator only sees routes added after it).
  await installOpenApi(app);
  installMetrics(app);
  installHealth(app, redis);
  if (redis) installRedisGate(app, redis);

  // Cookies are parsed only where a session is looked for (auth/console-session-auth.ts), not on every request.
  await app.register(cookie, { hook: false });
  const sessions: ConsoleSessionSettings = {
    store,
    secret,
    idleMs: config.console.sessionIdleMinutes * 60_000,
    maxAgeMs: config.console.sessionMaxHours * 3_600_000,
    publicUrl: config.publicUrl,
    now: options.now ?? Date.now,
  };
  const limiters = createRateLimiters(config.rateLimit, redis, config.redisPrefix);
  const nonces = createNonceStore({ windowMs: 2 * config.hawkSkewSec * 1000 + 1000, redis, prefix: config.redisPrefix });
  await app.register(async (hawkApi) => {
    installIpRateLimit(hawkApi, limiters);
    // The console's session cookie, when a request has no Authorization header; Hawk otherwise.
    installSessionAuth(hawkApi, sessions, { refuseReaderWrites: true, required: false });
    installHawkAuth(hawkApi, { store, nonces, skewSec: config.hawkSkewSec, publicUrl: config.publicUrl });
    installOrgRateLimit(hawkApi, limiters);
    dropEmptyQueryValues(hawkApi);
    await hawkApi.register(hawkSelfTestRoute);
    await hawkApi.register(v2Routes, { prefix: '/v2' });
  });
  // REST v1: the same budgets (shared limiters) and envelope, the bare API key instead of Hawk.
  await app.register(async (v1Api) => {
    installIpRateLimit(v1Api, limiters);
    // The console's session cookie when there is no Authorization header, as on /v2 (v1 only reads).
    installSessionAuth(v1Api, sessions, { refuseReaderWrites: true, required: false });
    installApiKeyAuth(v1Api, { store });
    installOrgRateLimit(v1Api, limiters);
    dropEmptyQueryValues(v1Api);
    await v1Api.register(v1Routes, { prefix: '/api/v1' });
  });
  // One set of failed-login budgets for both password surfaces, so switching between them gains nothing.
  const loginLimits = createLoginLimits(config.threatq, redis, config.redisPrefix);
  // ThreatQ-compatible threat library: POST /api/token, then bearer tokens (routes/threatq/index.ts).
  await app.register(threatqRoutes, { prefix: '/api', limiters, loginLimits, sessions });
  await app.register(taxiiRoutes, { prefix: '/taxii2', limiters, loginLimits, sessions });
  await app.register(consoleRoutes, { prefix: '/console/api', limiters, loginLimits, sessions });
  await app.register(agentProtocolRoutes, { prefix: '/agent/v1', nonces, limiters });
  // The web console's pages and files at `/` (its session API is /console/api).
  installConsole(app, config.consoleDir);
  return app;
}
