/**
 * `ThreatLibraryClient`: the ThreatQ-compatible threat library API (`/api/...`) with bearer tokens
 * obtained and renewed by the client itself.
 * @module
 */
import { inspect } from 'node:util';
import { DEFAULT_USER_AGENT, normalizeBaseUrl, senderTiming } from './config/client-options.js';
import { DEFAULT_BASE_URL } from './config/env.js';
import { ConfigError } from './errors.js';
import type { BackoffOptions } from './http/backoff.js';
import type { QueryValue } from './http/query.js';
import { anonymous } from './auth/auth-strategy.js';
import { BearerAuth } from './auth/bearer-auth.js';
import { RequestSender, type ApiResponse } from './http/request-sender.js';
import { AdversariesResource } from './resources/threatq/adversaries.js';
import { AttachmentsResource } from './resources/threatq/attachments.js';
import { ContextResource } from './resources/threatq/context.js';
import { EventsResource } from './resources/threatq/events.js';
import { ExportsResource } from './resources/threatq/exports.js';
import { ImportsResource } from './resources/threatq/imports.js';
import { IndicatorsResource } from './resources/threatq/indicators.js';
import { OAuthClientsResource } from './resources/threatq/oauth-clients.js';
import { RelationsResource } from './resources/threatq/relations.js';
import { TaxiiCollectionsResource } from './resources/threatq/taxii-collections.js';
import { WhitelistResource } from './resources/threatq/whitelist.js';
import { credentialsFrom, TqSession } from './threatq-session.js';

/** Options for {@link ThreatLibraryClient}: email + password + clientId, or clientId + clientSecret. */
export interface ThreatLibraryOptions {
  /** the server (default `http://127.0.0.1:8080`; a trailing `/api` is ignored) */
  baseUrl?: string;
  /** the password grant: a console user's email … */
  email?: string;
  /** … and password (never logged, never put in errors) */
  password?: string;
  /** the OAuth client (Settings › OAuth Management, or `vigil admin oauth-clients create`) */
  clientId?: string;
  /** client credentials grant instead of a user's password (never logged, never put in errors) */
  clientSecret?: string;
  /** renew the access token this long before it expires, in s (default min(60, a tenth of its lifetime)) */
  refreshMarginSec?: number;
  /** per attempt, in ms (default 30 000) */
  timeoutMs?: number;
  /** retries after the first attempt (default 3) */
  maxRetries?: number;
  /** total time for a call including retries and waits, in ms (default 120 000) */
  deadlineMs?: number;
  fetch?: typeof fetch;
  /** the User-Agent header (default `vigil-sdk/<version>`) */
  userAgent?: string;
  backoff?: BackoffOptions;
}

/** The environment variables {@link ThreatLibraryClient.fromEnv} reads. */
export const THREAT_LIBRARY_ENV = {
  baseUrl: 'VIGIL_INTEL_URL',
  email: 'VIGIL_INTEL_EMAIL',
  password: 'VIGIL_INTEL_PASSWORD',
  clientId: 'VIGIL_INTEL_CLIENT_ID',
  clientSecret: 'VIGIL_INTEL_CLIENT_SECRET',
} as const;

/**
 * The ThreatQ-compatible threat library client. Logs in on the first call (`POST /api/token`), renews
 * the access token with the refresh token shortly before it expires and once after a 401, retries
 * transient failures like {@link VigilClient}, and throws the same typed errors (refused credentials are
 * an {@link AuthenticationError}).
 *
 * ```ts
 * const tq = new ThreatLibraryClient({ baseUrl, email: 'analyst@example.com', password, clientId });
 * for await (const indicator of tq.indicators.list({ status: 'Active' })) console.log(indicator.value);
 * await tq.indicators.consume(feed); // 2,000 per request
 * ```
 */
export class ThreatLibraryClient {
  /** Indicators: `list`, `query` (cursorMark), `retrieve`, `create`, `consume`, `update`, `delete`, `types`, `statuses`, `importText`, `exportStix`, `exportCsv`. */
  readonly indicators: IndicatorsResource;
  /** OAuth clients of the organization (owners): `list`, `create`, `revoke`. */
  readonly oauthClients: OAuthClientsResource;
  /** Events: `list`, `retrieve`, `create`, `update`, `delete`, `types`, `createType`. */
  readonly events: EventsResource;
  /** Adversaries: `list`, `retrieve`, `create` (upsert by name), `update`, `delete`. */
  readonly adversaries: AdversariesResource;
  /** Attachments (files): `list`, `retrieve`, `upload`, `uploadInChunks`, `update`, `download`, `downloadTo`, `delete`, `types`. */
  readonly attachments: AttachmentsResource;
  /** Relations between indicators, events, adversaries and attachments: `list`, `link`, `unlink`, `unlinkPivots`. */
  readonly relations: RelationsResource;
  /** Sources, attributes, tags and comments of any object: `list`, `add`, `remove`, `updateAttribute`. */
  readonly context: ContextResource;
  /** Imports: `text` (free text), `stix` (a STIX 2.1 bundle); staged: `stage`, `job`, `configure`, `pending`, `commit`, `discard`. */
  readonly imports: ImportsResource;
  /** Exports: `stix` (a STIX 2.1 bundle), `csv`. */
  readonly exports: ExportsResource;
  /** TAXII collections (saved searches served under /taxii2/): `list`, `create`, `update` (can_write), `delete`. */
  readonly taxiiCollections: TaxiiCollectionsResource;
  /** The whitelist of values and CIDR blocks: `list`, `add`, `check`, `remove`. */
  readonly whitelist: WhitelistResource;
  /** the normalized server URL (no credentials in it) */
  readonly baseUrl: string;
  /** which grant the client logs in with */
  readonly grant: 'password' | 'client_credentials';
  readonly #sender: RequestSender;
  readonly #session: TqSession;

  /**
   * Builds a client; nothing is sent until the first call.
   *
   * @throws {ConfigError} when credentials are missing or the base URL is not http(s).
   *
   * ```ts
   * const tq = new ThreatLibraryClient({ baseUrl: 'https://vigil.example', clientId, clientSecret });
   * ```
   */
  constructor(options: ThreatLibraryOptions) {
    const credentials = credentialsFrom(options ?? {});
    const baseUrl = normalizeBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL, '/api');
    this.baseUrl = baseUrl.href;
    this.grant = credentials.grant;
    const timing = {
      baseUrl,
      ...senderTiming(options),
      transport: { fetch: options.fetch ?? globalThis.fetch, userAgent: options.userAgent ?? DEFAULT_USER_AGENT },
    };
    if (options.refreshMarginSec !== undefined && !(options.refreshMarginSec >= 0 && Number.isFinite(options.refreshMarginSec))) {
      throw new ConfigError('refreshMarginSec must be a number ≥ 0');
    }
    this.#session = new TqSession({
      credentials,
      tokenSender: new RequestSender({ ...timing, auth: anonymous }),
      ...(options.refreshMarginSec === undefined ? {} : { refreshMarginSec: options.refreshMarginSec }),
    });
    this.#sender = new RequestSender({ ...timing, auth: new BearerAuth(this.#session) });
    this.indicators = new IndicatorsResource(this.#sender);
    this.oauthClients = new OAuthClientsResource(this.#sender);
    this.events = new EventsResource(this.#sender);
    this.adversaries = new AdversariesResource(this.#sender);
    this.attachments = new AttachmentsResource(this.#sender);
    this.relations = new RelationsResource(this.#sender);
    this.context = new ContextResource(this.#sender);
    this.imports = new ImportsResource(this.#sender);
    this.exports = new ExportsResource(this.#sender);
    this.taxiiCollections = new TaxiiCollectionsResource(this.#sender);
    this.whitelist = new WhitelistResource(this.#sender);
  }

  /**
   * A client from `VIGIL_INTEL_URL`, `VIGIL_INTEL_EMAIL`, `VIGIL_INTEL_PASSWORD`, `VIGIL_INTEL_CLIENT_ID`
   * and `VIGIL_INTEL_CLIENT_SECRET`; `overrides` win.
   *
   * ```ts
   * const tq = ThreatLibraryClient.fromEnv();
   * ```
   */
  static fromEnv(env: Record<string, string | undefined> = process.env, overrides: ThreatLibraryOptions = {}): ThreatLibraryClient {
    const fromEnv: ThreatLibraryOptions = {};
    for (const [option, name] of Object.entries(THREAT_LIBRARY_ENV)) {
      const value = env[name]?.trim();
      if (value) (fromEnv as Record<string, string>)[option] = value;
    }
    const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
    return new ThreatLibraryClient({ ...fromEnv, ...defined });
  }

  /** How many times the client asked `POST /api/token` for tokens (logins and refreshes). */
  get tokenRequests(): number {
    return this.#session.tokenRequests;
  }

  /**
   * Any `/api` call with the client's token, retries and errors; for routes the SDK does not wrap yet.
   *
   * ```ts
   * const { body } = await tq.request({ method: 'GET', path: '/api/indicators', query: { limit: 1 } });
   * ```
   */
  request<T = any>(request: { method: string; path: string; query?: Record<string, QueryValue>; body?: unknown; signal?: AbortSignal }): Promise<ApiResponse<T>> {
    return this.#sender.send<T>(request);
  }

  /** Shows where the client points, never its secrets. */
  [inspect.custom](): string {
    return `ThreatLibraryClient { baseUrl: '${this.baseUrl}', grant: '${this.grant}' }`;
  }

  /** The same safe view for JSON.stringify. */
  toJSON(): Record<string, string> {
    return { baseUrl: this.baseUrl, grant: this.grant };
  }
}
