/**
 * Server configuration from the environment (ARCHITECTURE.md › Configuration). `vigil serve` flags
 * override the same keys.
 * @module
 */
import { dirname, join, resolve } from 'node:path';
import { DEFAULT_RULE_BUDGET_MS } from './detection/rule-meter.js';
import { durationFrom, scheduleFrom } from './webhooks/durations.js';

export interface BootstrapConfig {
  userId?: string;
  apiKey?: string;
  orgId?: string;
  orgName: string;
  email: string;
  /** the owner's login password for the ThreatQ-compatible API and the console (VIGIL_BOOTSTRAP_PASSWORD) */
  password?: string;
  /** install the default "Base Rule Set" into the first organization; false skips it (default true) */
  baseRuleSet?: boolean;
}

export interface RateLimitConfig {
  /** requests per minute per organization */
  perOrg: number;
  /** requests per minute per client IP */
  perIp: number;
  /** seconds an IP stays locked out after crossing its limit */
  lockoutSeconds: number;
}

/** Agent protocol limits (`/agent/v1/events`). */
export interface IngestConfig {
  /** most events in one batch */
  maxEvents: number;
  /** largest batch in bytes, as sent and after decompression */
  maxBytes: number;
  /** event batches processed at once; beyond that the server answers 503 with Retry-After */
  maxInFlight: number;
  /**
   * run detection in a worker thread (its own database connection), so rule evaluation uses a second core
   * instead of competing with request handling; off for in-memory SQLite, which a thread cannot share
   */
  detectionThread?: boolean;
  /**
   * ms one organization's rules may take per 1,000 events of a detection pass (1,000 at least); past it the
   * costliest rule is disabled and reported (detection/rule-meter.ts)
   */
  ruleBudgetMs?: number;
}

/** How long history is kept; enforced by the retention worker (workers/retention.ts). 0 keeps forever. */
export interface RetentionConfig {
  /** raw agent events, by the time the server received them */
  eventsHours: number;
  /** alerts (with their events), by creation time */
  alertsDays: number;
  /** seconds between retention passes */
  intervalSeconds: number;
}

/** Outbound webhooks (workers/webhook-delivery.ts, webhooks/url-safety.ts). */
export interface WebhookConfig {
  /** let endpoints use http:// (VIGIL_WEBHOOK_ALLOW_HTTP) */
  allowHttp: boolean;
  /** let endpoints resolve to loopback or private addresses (VIGIL_WEBHOOK_ALLOW_PRIVATE) */
  allowPrivate: boolean;
  /** PEM file of an extra CA trusted for webhook receivers (VIGIL_WEBHOOK_CA_FILE) */
  caFile?: string;
  /** ms between scans for due deliveries (VIGIL_WEBHOOK_POLL_MS) */
  pollMs: number;
  /** delays before each retry (VIGIL_WEBHOOK_RETRY_SCHEDULE); default the documented schedule (workers/webhook-delivery.ts) */
  retryDelaysMs?: number[];
  /** an endpoint failing this long without a success is disabled (VIGIL_WEBHOOK_DISABLE_AFTER; default 3 days) */
  disableAfterMs?: number;
  /** deadline of one send (VIGIL_WEBHOOK_TIMEOUT; default 10 s) */
  timeoutMs?: number;
  /** how long a claimed delivery stays leased to its worker; after a crash it is sent again once this ends (VIGIL_WEBHOOK_LEASE; default 30 s) */
  leaseMs?: number;
}

/** Console sign-in sessions (routes/console, auth/console-session-auth.ts). */
export interface ConsoleConfig {
  /** minutes without a request after which a session ends (VIGIL_SESSION_IDLE_MINUTES; default 30) */
  sessionIdleMinutes: number;
  /** hours after sign-in at which a session ends whatever the activity (VIGIL_SESSION_MAX_HOURS; default 12) */
  sessionMaxHours: number;
}

/** Scheduled advisory import (workers/advisory-import.ts). */
export interface AdvisoryFeedConfig {
  /** folders, files (OSV records, OSV zips, the Debian tracker JSON) or http(s) URLs (VIGIL_ADVISORY_FEEDS) */
  feeds: string[];
  /** hours between imports; the first runs at start; 0 imports only at start (VIGIL_ADVISORY_IMPORT_HOURS) */
  importHours: number;
}

/** The ThreatQ-compatible API under /api (routes/threatq, auth/bearer-auth.ts, auth/oauth-login-limits.ts). */
export interface ThreatqConfig {
  /** access token lifetime in seconds (VIGIL_TOKEN_TTL_SECONDS) */
  accessTokenTtlSec: number;
  /** refresh token lifetime in seconds (VIGIL_REFRESH_TOKEN_TTL_SECONDS) */
  refreshTokenTtlSec: number;
  /** failed logins per account within loginWindowSec before it is locked (VIGIL_LOGIN_FAILURES_ACCOUNT) */
  loginFailuresPerAccount: number;
  /** failed logins per client IP within loginWindowSec before it is locked (VIGIL_LOGIN_FAILURES_IP) */
  loginFailuresPerIp: number;
  /** window and lockout of the failed-login counters, seconds (VIGIL_LOGIN_LOCKOUT_SECONDS) */
  loginWindowSec: number;
  /** most indicators in one POST /api/indicators/consume (VIGIL_CONSUME_MAX_ITEMS) */
  consumeMaxItems: number;
  /** largest attachment upload in bytes, larger is a 413 (VIGIL_ATTACHMENT_MAX_BYTES; default 25 MiB) */
  attachmentMaxBytes?: number;
}

export interface Config {
  host: string;
  port: number;
  databaseUrl: string;
  redisUrl?: string;
  /** prefix of every Redis key, so several deployments (or test runs) can share one Redis */
  redisPrefix: string;
  /** when set, Hawk MACs are checked against this URL's host and port instead of the Host header */
  publicUrl?: string;
  /** folder for the SQLite database and the generated server secret */
  dataDir: string;
  /** server secret; when unset it is read from (or created in) `<dataDir>/secret` */
  secret?: string;
  bootstrap: BootstrapConfig;
  demo: boolean;
  /** the built console (packages/web/dist) served at `/`; unset: found next to this package (VIGIL_CONSOLE_DIR) */
  consoleDir?: string;
  rateLimit: RateLimitConfig;
  logLevel: string;
  /** largest accepted request body in bytes */
  bodyLimit: number;
  /** Hawk timestamp skew in seconds, either way */
  hawkSkewSec: number;
  ingest: IngestConfig;
  /** seconds of silence after which a registered agent is marked offline; 0 never marks them */
  agentOfflineSeconds: number;
  /** what `GET /agent/v1/config` tells agents besides the watched paths (which come from File rules) */
  agents: AgentRunConfig;
  retention: RetentionConfig;
  webhooks: WebhookConfig;
  threatq: ThreatqConfig;
  console: ConsoleConfig;
  advisories: AdvisoryFeedConfig;
}

/**
 * An on/off setting: 1, true, yes, on or 0, false, no, off (any case); unset or empty is `fallback`.
 * Anything else is refused rather than read as off, so a typo does not silently change the setup.
 */
function flagFrom(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (/^\s*(1|true|yes|on)\s*$/i.test(raw)) return true;
  if (/^\s*(0|false|no|off)\s*$/i.test(raw)) return false;
  throw new Error(`${name} must be 1, true, yes, on (enable) or 0, false, no, off (disable), got "${raw}"`);
}

/** The agent sources an agent may be told to run (`VIGIL_AGENT_SOURCES`). */
export const AGENT_SOURCES = ['audit', 'procScanner', 'fim', 'logins', 'inventory'] as const;
export type AgentSource = (typeof AGENT_SOURCES)[number];

export interface AgentRunConfig {
  heartbeatSeconds: number;
  configPollSeconds: number;
  procScanSeconds: number;
  sources: AgentSource[];
}

/** A comma-separated list of agent sources; unset is all of them, an unknown name is refused. */
function sourcesFrom(env: NodeJS.ProcessEnv, name: string): AgentSource[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return [...AGENT_SOURCES];
  const names = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const n of names) {
    if (!(AGENT_SOURCES as readonly string[]).includes(n)) throw new Error(`${name} lists an unknown source "${n}" (known: ${AGENT_SOURCES.join(', ')})`);
  }
  return AGENT_SOURCES.filter((s) => names.includes(s));
}

/**
 * A comma-separated list of advisory feeds: paths, or http(s) URLs. Another scheme is refused (a typo
 * such as `htps://` would otherwise be taken for a relative path that never exists).
 */
export function feedsFrom(raw: string | undefined, name = 'VIGIL_ADVISORY_FEEDS'): string[] {
  const feeds = (raw ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const feed of feeds) {
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(feed)?.[1]?.toLowerCase();
    if (scheme === undefined) continue;
    if (scheme !== 'http' && scheme !== 'https') throw new Error(`${name} takes folders, files and http(s) URLs, got a ${scheme}: URL`);
    if (!URL.canParse(feed)) throw new Error(`${name} has a URL that cannot be read`);
  }
  return feeds;
}

/** pino's levels, which VIGIL_LOG_LEVEL and `--log-level` take. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be ${min === 0 ? 'a non-negative' : `an`} integer${min > 0 ? ` of at least ${min}` : ''}, got "${raw}"`);
  return n;
}

/**
 * Reads the configuration from environment variables, with defaults for a single local process.
 * ```ts
 * const config = loadConfig(process.env, { port: 0 });
 * ```
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  // The data folder holds the secret and, unless VIGIL_DATABASE_URL says otherwise, the SQLite database:
  // moving one without the other would pair a database with a secret that cannot open its keys.
  const dataDirSetting = overrides.dataDir ?? (env.VIGIL_DATA_DIR || undefined);
  const databaseUrl =
    overrides.databaseUrl ??
    (env.VIGIL_DATABASE_URL || (dataDirSetting === undefined ? 'sqlite:./data/vigil.db' : `sqlite:${join(dataDirSetting, 'vigil.db')}`));
  const dataDir = resolve(
    dataDirSetting ??
      (databaseUrl.startsWith('sqlite:') && databaseUrl !== 'sqlite::memory:'
        ? dirname(databaseUrl.slice('sqlite:'.length))
        : './data'),
  );
  const config: Config = {
    host: env.VIGIL_HOST ?? '127.0.0.1',
    port: intFrom(env, 'VIGIL_PORT', 8080),
    databaseUrl,
    redisUrl: env.VIGIL_REDIS_URL || undefined,
    redisPrefix: env.VIGIL_REDIS_PREFIX ?? 'vigil:',
    publicUrl: env.VIGIL_PUBLIC_URL || undefined,
    dataDir,
    secret: env.VIGIL_SECRET || undefined,
    bootstrap: {
      userId: env.VIGIL_BOOTSTRAP_USER_ID || undefined,
      apiKey: env.VIGIL_BOOTSTRAP_API_KEY || undefined,
      orgId: env.VIGIL_BOOTSTRAP_ORG_ID || undefined,
      orgName: env.VIGIL_BOOTSTRAP_ORG_NAME || 'Default Organization',
      email: env.VIGIL_BOOTSTRAP_EMAIL || 'admin@localhost',
      password: env.VIGIL_BOOTSTRAP_PASSWORD || undefined,
      baseRuleSet: flagFrom(env, 'VIGIL_BOOTSTRAP_BASE_RULE_SET', true),
    },
    demo: flagFrom(env, 'VIGIL_DEMO', false),
    consoleDir: env.VIGIL_CONSOLE_DIR || undefined,
    rateLimit: {
      perOrg: intFrom(env, 'VIGIL_RATE_LIMIT_ORG', 200),
      perIp: intFrom(env, 'VIGIL_RATE_LIMIT_IP', 1000),
      lockoutSeconds: intFrom(env, 'VIGIL_RATE_LIMIT_LOCKOUT_SECONDS', 900),
    },
    logLevel: env.VIGIL_LOG_LEVEL ?? 'info',
    bodyLimit: intFrom(env, 'VIGIL_BODY_LIMIT', 1024 * 1024),
    hawkSkewSec: intFrom(env, 'VIGIL_HAWK_SKEW_SECONDS', 60),
    ingest: {
      maxEvents: intFrom(env, 'VIGIL_INGEST_MAX_EVENTS', 10_000),
      maxBytes: intFrom(env, 'VIGIL_INGEST_MAX_BYTES', 8 * 1024 * 1024),
      maxInFlight: intFrom(env, 'VIGIL_INGEST_MAX_IN_FLIGHT', 8),
      detectionThread: flagFrom(env, 'VIGIL_DETECTION_THREAD', true),
      ruleBudgetMs: intFrom(env, 'VIGIL_RULE_BUDGET_MS', DEFAULT_RULE_BUDGET_MS),
    },
    agentOfflineSeconds: intFrom(env, 'VIGIL_AGENT_OFFLINE_SECONDS', 300),
    agents: {
      heartbeatSeconds: intFrom(env, 'VIGIL_AGENT_HEARTBEAT_SECONDS', 60, 1),
      configPollSeconds: intFrom(env, 'VIGIL_AGENT_CONFIG_POLL_SECONDS', 60, 1),
      procScanSeconds: intFrom(env, 'VIGIL_AGENT_PROC_SCAN_SECONDS', 1, 1),
      sources: sourcesFrom(env, 'VIGIL_AGENT_SOURCES'),
    },
    retention: {
      eventsHours: intFrom(env, 'VIGIL_RETENTION_EVENTS_HOURS', 72),
      alertsDays: intFrom(env, 'VIGIL_RETENTION_ALERTS_DAYS', 365),
      intervalSeconds: intFrom(env, 'VIGIL_RETENTION_INTERVAL_SECONDS', 300),
    },
    threatq: {
      accessTokenTtlSec: intFrom(env, 'VIGIL_TOKEN_TTL_SECONDS', 3600),
      refreshTokenTtlSec: intFrom(env, 'VIGIL_REFRESH_TOKEN_TTL_SECONDS', 14 * 86_400),
      loginFailuresPerAccount: intFrom(env, 'VIGIL_LOGIN_FAILURES_ACCOUNT', 10),
      loginFailuresPerIp: intFrom(env, 'VIGIL_LOGIN_FAILURES_IP', 50),
      loginWindowSec: intFrom(env, 'VIGIL_LOGIN_LOCKOUT_SECONDS', 900),
      consumeMaxItems: intFrom(env, 'VIGIL_CONSUME_MAX_ITEMS', 2000),
      attachmentMaxBytes: intFrom(env, 'VIGIL_ATTACHMENT_MAX_BYTES', 25 * 1024 * 1024),
    },
    console: {
      sessionIdleMinutes: intFrom(env, 'VIGIL_SESSION_IDLE_MINUTES', 30, 1),
      sessionMaxHours: intFrom(env, 'VIGIL_SESSION_MAX_HOURS', 12, 1),
    },
    webhooks: {
      allowHttp: flagFrom(env, 'VIGIL_WEBHOOK_ALLOW_HTTP', false),
      allowPrivate: flagFrom(env, 'VIGIL_WEBHOOK_ALLOW_PRIVATE', false),
      caFile: env.VIGIL_WEBHOOK_CA_FILE || undefined,
      pollMs: intFrom(env, 'VIGIL_WEBHOOK_POLL_MS', 1000),
      retryDelaysMs: scheduleFrom(env, 'VIGIL_WEBHOOK_RETRY_SCHEDULE'),
      disableAfterMs: durationFrom(env, 'VIGIL_WEBHOOK_DISABLE_AFTER', 3 * 86_400_000),
      timeoutMs: durationFrom(env, 'VIGIL_WEBHOOK_TIMEOUT', 10_000),
      leaseMs: durationFrom(env, 'VIGIL_WEBHOOK_LEASE', 30_000),
    },
    advisories: {
      feeds: feedsFrom(env.VIGIL_ADVISORY_FEEDS),
      importHours: intFrom(env, 'VIGIL_ADVISORY_IMPORT_HOURS', 24),
    },
    ...overrides,
  };
  if (!(LOG_LEVELS as readonly string[]).includes(config.logLevel)) {
    throw new Error(`VIGIL_LOG_LEVEL (or --log-level) must be one of ${LOG_LEVELS.join(', ')}, got "${config.logLevel}"`);
  }
  return config;
}
