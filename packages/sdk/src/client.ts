/**
 * `VigilClient`: credentials, transport settings and one resource object per REST v2 area.
 * @module
 */
import { inspect } from 'node:util';
import { configFromEnv, DEFAULT_BASE_URL } from './config/env.js';
import { loadThreatStackConfig } from './config/threatstack-cfg.js';
import { DEFAULT_USER_AGENT, normalizeBaseUrl, senderTiming } from './config/client-options.js';
import { ConfigError } from './errors.js';
import type { BackoffOptions } from './http/backoff.js';
import type { QueryValue } from './http/query.js';
import { HawkAuth } from './auth/hawk-auth.js';
import { RequestSender, type ApiResponse } from './http/request-sender.js';
import { AgentsResource } from './resources/agents.js';
import { AlertsResource } from './resources/alerts.js';
import { AuditLogsResource } from './resources/audit-logs.js';
import { MembersResource } from './resources/members.js';
import { RulesResource } from './resources/rules.js';
import { RulesetsResource } from './resources/rulesets.js';
import { ServersResource } from './resources/servers.js';
import { VulnerabilitiesResource } from './resources/vulnerabilities.js';
import { WebhooksResource } from './resources/webhooks.js';

/** Options for {@link VigilClient}. */
export interface ClientOptions {
  /** the Hawk id: your user id */
  userId: string;
  /** the Hawk key: your API key (never logged, never put in errors) */
  apiKey: string;
  /** sent as Hawk `ext`; selects the organization */
  organizationId: string;
  /** the server (default `http://127.0.0.1:8080`; a trailing `/v2` is ignored) */
  baseUrl?: string;
  /** per attempt, in ms (default 30 000) */
  timeoutMs?: number;
  /** retries after the first attempt (default 3) */
  maxRetries?: number;
  /** total time for a call including retries and waits, in ms (default 120 000) */
  deadlineMs?: number;
  /** check `Server-Authorization` on every 2xx answer (default true) */
  verifyServerAuthorization?: boolean;
  /** a fetch implementation (default the global one) */
  fetch?: typeof fetch;
  /** the User-Agent header (default `vigil-sdk/<version>`) */
  userAgent?: string;
  /** backoff bounds for retries without a server hint (default 500 ms doubling to 8 s, full jitter) */
  backoff?: BackoffOptions;
}

/** A raw call for {@link VigilClient.request}. */
export interface RawRequest {
  method: string;
  /** e.g. `/v2/agents/abc`; encode ids yourself */
  path: string;
  query?: Record<string, QueryValue>;
  /** sent as JSON */
  body?: unknown;
  signal?: AbortSignal;
}

/**
 * The Vigil (Threat Stack-compatible) REST v2 client. Signs every request with Hawk, verifies
 * `Server-Authorization` on answers, retries transient failures, and throws typed errors.
 *
 * ```ts
 * const client = new VigilClient({ userId, apiKey, organizationId, baseUrl: 'http://127.0.0.1:8080' });
 * for await (const agent of client.agents.list({ status: 'online' })) console.log(agent.hostname);
 * ```
 */
export class VigilClient {
  /** Host agents: `list`, `retrieve`. */
  readonly agents: AgentsResource;
  /** Alerts: `list`, `retrieve`, `events`, `severityCounts`, `dismiss`. */
  readonly alerts: AlertsResource;
  /** Rulesets: `list`, `retrieve`, `create`, `update`, `delete`. */
  readonly rulesets: RulesetsResource;
  /** Rules of a ruleset and their tags: `list`, `retrieve`, `create`, `update`, `delete`, `tags`, `setTags`. */
  readonly rules: RulesResource;
  /** Organization members and invites: `list`, `add`, `remove`, `invite`. */
  readonly members: MembersResource;
  /** Audit log: `list`. */
  readonly auditLogs: AuditLogsResource;
  /** Webhook endpoints and deliveries. */
  readonly webhooks: WebhooksResource;
  /** Cloud instances (EC2 servers): `list`, `import`. */
  readonly servers: ServersResource;
  /** Vulnerabilities: `list`, `retrieve`, `servers`, `package`, and `suppressions`. */
  readonly vulnerabilities: VulnerabilitiesResource;
  /** the normalized server URL (no credentials in it) */
  readonly baseUrl: string;
  readonly organizationId: string;
  readonly #sender: RequestSender;

  /**
   * Builds a client; nothing is sent until the first call.
   *
   * @throws {ConfigError} when a credential is missing or the base URL is not http(s).
   *
   * `baseUrl` must be a string URL when given; an empty string is refused.
   *
   * ```ts
   * const client = new VigilClient({ userId, apiKey, organizationId, baseUrl, timeoutMs: 10_000, maxRetries: 5 });
   * ```
   */
  constructor(options: ClientOptions) {
    for (const name of ['userId', 'apiKey', 'organizationId'] as const) {
      if (typeof options?.[name] !== 'string' || options[name].trim() === '') {
        throw new ConfigError(`VigilClient option ${name} is required`);
      }
    }
    const baseUrl = normalizeBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL, '/v2');
    this.baseUrl = baseUrl.href;
    this.organizationId = options.organizationId;
    this.#sender = new RequestSender({
      baseUrl,
      ...senderTiming(options),
      transport: { fetch: options.fetch ?? globalThis.fetch, userAgent: options.userAgent ?? DEFAULT_USER_AGENT },
      auth: new HawkAuth({
        id: options.userId,
        key: options.apiKey,
        ext: options.organizationId,
        verifyServerAuthorization: options.verifyServerAuthorization ?? true,
      }),
    });
    this.agents = new AgentsResource(this.#sender);
    this.alerts = new AlertsResource(this.#sender);
    this.rulesets = new RulesetsResource(this.#sender);
    this.rules = new RulesResource(this.#sender);
    this.members = new MembersResource(this.#sender);
    this.auditLogs = new AuditLogsResource(this.#sender);
    this.webhooks = new WebhooksResource(this.#sender);
    this.servers = new ServersResource(this.#sender);
    this.vulnerabilities = new VulnerabilitiesResource(this.#sender);
  }

  /**
   * A client from `TS_USER_ID`, `TS_API_KEY`, `TS_ORGANIZATION_ID` and `TS_API_ENDPOINT` (default
   * `http://127.0.0.1:8080`).
   *
   * @throws {ConfigError} naming each missing variable.
   *
   * ```ts
   * const client = VigilClient.fromEnv();
   * ```
   */
  static fromEnv(
    env: NodeJS.ProcessEnv | Record<string, string | undefined> = process.env,
    overrides: Partial<ClientOptions> = {},
  ): VigilClient {
    return new VigilClient({ ...configFromEnv(env), ...overrides });
  }

  /**
   * A client from a `threatstack.cfg` section (see {@link loadThreatStackConfig}); the base URL is the
   * file's `TS_API_ENDPOINT`, else `TS_API_ENDPOINT` from the environment, else `http://127.0.0.1:8080`.
   *
   * @throws {ConfigError} naming the file, section and key that is missing.
   *
   * ```ts
   * const client = VigilClient.fromConfigFile('threatstack.cfg', 'STAGING', { timeoutMs: 5_000 });
   * ```
   */
  static fromConfigFile(path = 'threatstack.cfg', section = 'DEFAULT', overrides: Partial<ClientOptions> = {}): VigilClient {
    const config = loadThreatStackConfig(path, section);
    const baseUrl = config.baseUrl ?? (process.env.TS_API_ENDPOINT?.trim() || DEFAULT_BASE_URL);
    return new VigilClient({
      userId: config.userId,
      apiKey: config.apiKey,
      organizationId: config.organizationId,
      baseUrl,
      ...overrides,
    });
  }

  /**
   * Any call, signed, verified and retried like the resource methods; for endpoints the SDK does not
   * wrap yet. Returns the parsed body (JSON, text, or null when empty).
   *
   * @throws {ApiError} (a subclass by status) on a non-2xx answer.
   *
   * ```ts
   * const { status, body } = await client.request({ method: 'GET', path: '/v2/agents', query: { status: 'online' } });
   * ```
   */
  request<T = any>(request: RawRequest): Promise<ApiResponse<T>> {
    return this.#sender.send<T>(request);
  }

  /**
   * Shows where the client points, never its key.
   *
   * ```ts
   * console.log(client); // VigilClient { baseUrl: 'http://127.0.0.1:8080/', organizationId: 'org1' }
   * ```
   */
  [inspect.custom](): string {
    return `VigilClient { baseUrl: '${this.baseUrl}', organizationId: '${this.organizationId}' }`;
  }

  /**
   * The same safe view for JSON.stringify.
   *
   * ```ts
   * JSON.stringify(client); // {"baseUrl":"http://127.0.0.1:8080/","organizationId":"org1"}
   * ```
   */
  toJSON(): Record<string, string> {
    return { baseUrl: this.baseUrl, organizationId: this.organizationId };
  }
}
