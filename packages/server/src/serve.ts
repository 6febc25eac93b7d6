/**
 * `vigil serve`: open the store, bootstrap an empty database, optionally load the demo dataset, listen.
 * @module
 */
import { loadDemoDataset, parseStoreUrl, type Store } from '@vigil/store';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { buildApp } from './app.js';
import { bootstrap, checkBootstrapConfig, type BootstrapResult } from './bootstrap.js';
import type { Config } from './config.js';
import { openConfiguredStore, type ConfiguredStore } from './open-configured-store.js';
import { lockSqliteDatabase } from './sqlite-lock.js';
import { connectRedis } from './redis-connection.js';
import { startLogger } from './start-logger.js';
import { startDetection } from './detection/detection-runner.js';
import { startAgentStatusWorker, type AgentStatusWorker } from './workers/agent-status.js';
import { startRetentionWorker } from './workers/retention.js';
import { expiryIntervalMs, startIndicatorExpiryWorker } from './workers/indicator-expiry.js';
import { leaderLease } from './workers/leader-lease.js';
import { matchingIntervalMs, matchOnInventory, startVulnerabilityMatchingWorker, type VulnerabilityMatchingWorker } from './workers/vulnerability-matching.js';
import { startWebhookWorker } from './workers/webhook-delivery.js';
import { startAdvisoryImportWorker } from './workers/advisory-import.js';
import { deliverOptionsFrom } from './webhooks/deliver.js';

export interface RunningServer {
  app: FastifyInstance;
  store: Store;
  /** e.g. http://127.0.0.1:8080 */
  url: string;
  /** set on the first start of an empty database */
  firstStart?: BootstrapResult;
  /** the vulnerability matcher (unset when VIGIL_VULN_MATCH_SECONDS=0); `tick()` runs a pass now */
  vulnMatching?: VulnerabilityMatchingWorker;
  close(): Promise<void>;
}

export interface StartOptions {
  /** where the first-start banner goes (never the logger: it contains the API key) */
  print?: (line: string) => void;
  logger?: boolean | Record<string, unknown>;
  /** the clock console sessions expire by (tests move it); default Date.now */
  now?: () => number;
}

/** Loads the demo dataset into the first organization unless it already has agents. */
async function loadDemo(store: Store, print: (line: string) => void): Promise<void> {
  const [org] = await store.organizations.list();
  if (!org || (await store.agents.count(org.id)) > 0) return;
  // The demo's rules join the default Base Rule Set (loadDemoDataset merges rulesets by name).
  const summary = await loadDemoDataset(store, { orgId: org.id });
  print(`Loaded the demo dataset into ${org.name}: ${summary.agents} agents, ${summary.alerts} alerts, ${summary.rules} rules, ${summary.inventories} package lists, ${summary.unmonitoredServers} unmonitored servers and the sample advisory feed.`);
}

/**
 * Starts a server from a configuration.
 * ```ts
 * const server = await startServer(loadConfig());
 * ```
 */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const log = startLogger(config, options.logger);
  try {
    return await start(config, options, log);
  } catch (err) {
    // A JSON line for log collectors; `vigil serve` also prints the message and exits 1.
    log.fatal({ err: { message: (err as Error).message } }, 'start failed');
    throw err;
  }
}

async function start(config: Config, options: StartOptions, log: Logger): Promise<RunningServer> {
  const print = options.print ?? ((line: string) => process.stdout.write(line + '\n'));
  const { dialect, target } = parseStoreUrl(config.databaseUrl);
  const lock = dialect === 'sqlite' && target !== ':memory:' ? lockSqliteDatabase(target) : undefined;
  let opened: ConfiguredStore;
  try {
    opened = await openConfiguredStore(config);
  } catch (err) {
    lock?.release();
    throw err;
  }
  const { store, secret } = opened;
  let redis: Redis | undefined;
  try {
    redis = config.redisUrl ? await connectRedis(config.redisUrl, log) : undefined;
    checkBootstrapConfig(config.bootstrap);
    // Before listening: an unreadable VIGIL_WEBHOOK_CA_FILE fails the start, not the first delivery.
    const webhookDeliverOptions = deliverOptionsFrom(config.webhooks);
    const app = await buildApp({ config, store, secret, redis, logger: options.logger, now: options.now });
    // Processes stored event batches into alerts; resumes where the last run committed (see the module).
    const detection = await startDetection({
      store,
      databaseUrl: config.databaseUrl,
      secret,
      thread: config.ingest.detectionThread !== false,
      recent: app.vigil.recentBatches,
      onError: (err) => app.log.error({ err }, 'detection pass failed'),
      ruleBudgetMs: config.ingest.ruleBudgetMs,
      onRuleDisabled: ({ orgId, ruleId, name, reason }) => app.log.warn({ orgId, ruleId, rule: name, reason }, 'detection disabled a rule'),
      // A thread's commits wake this process's webhook worker (it cannot hear the thread's outbox signal).
      onCommitted: () => store.webhooks.signalEnqueued(),
    });
    let firstStart: BootstrapResult | undefined;
    try {
      await app.listen({ host: config.host, port: config.port });
      // Only once listening succeeded: a start that fails (port taken) must not create the one-time key
      // and lose it; the next start that succeeds creates and prints it.
      firstStart = await bootstrap(store, config.bootstrap);
      if (config.demo) await loadDemo(store, print);
    } catch (err) {
      await detection.stop();
      await app.close();
      throw err;
    }
    const agentStatus: AgentStatusWorker | undefined =
      config.agentOfflineSeconds > 0
        ? startAgentStatusWorker({
            store,
            offlineAfterMs: config.agentOfflineSeconds * 1000,
            onError: (err) => app.log.error({ err }, 'agent offline sweep failed'),
          })
        : undefined;
    const retention = startRetentionWorker({
      store,
      eventsMaxAgeMs: config.retention.eventsHours * 3_600_000,
      alertsMaxAgeMs: config.retention.alertsDays * 86_400_000,
      intervalMs: Math.max(1, config.retention.intervalSeconds) * 1000,
      onError: (err) => app.log.error({ err }, 'retention pass failed'),
    });
    const expiryEvery = expiryIntervalMs(process.env);
    const indicatorExpiry = expiryEvery > 0
      ? startIndicatorExpiryWorker({ store, intervalMs: expiryEvery, onError: (err) => app.log.error({ err }, 'indicator expiry pass failed') })
      : undefined;
    // Re-matches what new inventories and advisories touch; one process of several holds the lease.
    const matchEvery = matchingIntervalMs(process.env);
    const vulnMatching = matchEvery > 0
      ? startVulnerabilityMatchingWorker({
          store,
          lease: leaderLease(redis, `${config.redisPrefix}vuln-matching`, 60_000),
          intervalMs: matchEvery,
          inventoryChanges: matchOnInventory(process.env) ? app.vigil.inventoryChanged : undefined,
          onError: (err) => app.log.error({ err }, 'vulnerability matching pass failed'),
        })
      : undefined;
    const advisoryImport = config.advisories.feeds.length
      ? startAdvisoryImportWorker({
          store,
          feeds: config.advisories.feeds,
          intervalMs: config.advisories.importHours * 3_600_000,
          // With several processes on one Redis, one imports; SQLite (one process) needs no lease.
          lease: redis ? leaderLease(redis, `${config.redisPrefix}advisory-import`, 60_000) : undefined,
          onFeed: (o) =>
            o.ok
              ? app.log.info({ feed: o.feed, ...o.result, errors: o.result.errors.slice(0, 5) }, 'advisory feed imported')
              : app.log.error({ feed: o.feed, err: o.error }, 'advisory feed import failed'),
        })
      : undefined;
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    const url = `http://${host}:${port}`;
    // Sends the webhook outbox that alert transactions fill (see the module).
    const webhooks = startWebhookWorker({
      store,
      deliverOptions: webhookDeliverOptions,
      consoleUrl: (config.publicUrl ?? url).replace(/\/$/, ''),
      intervalMs: Math.max(10, config.webhooks.pollMs),
      ...(config.webhooks.retryDelaysMs ? { retryDelaysMs: config.webhooks.retryDelaysMs } : {}),
      disableAfterMs: config.webhooks.disableAfterMs,
      leaseMs: config.webhooks.leaseMs,
      onError: (err) => app.log.error({ err }, 'webhook delivery failed'),
    });
    print(`Vigil is listening on ${url}  (API docs: ${url}/docs)`);
    if (firstStart) {
      print('');
      print('First start: created an organization and its owner. Use these with any Threat Stack v2 client:');
      print(`  TS_ORGANIZATION_ID=${firstStart.orgId}`);
      print(`  TS_USER_ID=${firstStart.userId}`);
      if (firstStart.generatedApiKey) print(`  TS_API_KEY=${firstStart.generatedApiKey}`);
      print(`  TS_API_ENDPOINT=${url}`);
      if (firstStart.generatedApiKey) print(`The API key is shown only this once; \`npx vigil admin keys rotate --user ${firstStart.userId}\` issues a new one.`);
      print('');
      print(`Console: ${url}/  (sign in as ${firstStart.email}${firstStart.generatedPassword ? ` with the password ${firstStart.generatedPassword}` : ''})`);
      if (firstStart.generatedPassword) print(`The password is shown only this once; \`npx vigil admin users set-password ${firstStart.userId}\` sets another.`);
      print('');
    }
    return {
      app,
      store,
      url,
      firstStart,
      vulnMatching,
      async close() {
        await agentStatus?.stop();
        await detection.stop();
        await webhooks.stop();
        await retention.stop();
        await indicatorExpiry?.stop();
        await vulnMatching?.stop();
        await advisoryImport?.stop();
        await app.close();
        redis?.disconnect();
        await store.close();
        lock?.release();
      },
    };
  } catch (err) {
    redis?.disconnect();
    await store.close();
    lock?.release();
    throw err;
  }
}
