/**
 * `AgentClient`: the agent side of the agent protocol (`/agent/v1`) over the SDK's request core —
 * registration with the organization's deploy key, then heartbeats and event batches Hawk-signed with the
 * agent's own id and secret, every answer's `Server-Authorization` checked, 429/503 (and, for the
 * idempotent calls, 5xx and lost connections) retried with backoff and `Retry-After`, typed errors.
 * @module
 */
import { inspect } from 'node:util';
import { BearerAuth, fixedToken } from '../auth/bearer-auth.js';
import { HawkAuth } from '../auth/hawk-auth.js';
import { DEFAULT_USER_AGENT, normalizeBaseUrl, senderTiming, type TimingOptions } from '../config/client-options.js';
import { DEFAULT_BASE_URL } from '../config/env.js';
import { ApiError, ConfigError } from '../errors.js';
import type { AuthStrategy } from '../auth/auth-strategy.js';
import { RequestSender, type ApiResponse, type RequestSpec } from '../http/request-sender.js';
import type { CallOptions } from '../types.js';
import type { AgentConfig, AgentConfigAnswer, AgentCredentials, AgentEvent, AgentRegistration, BatchResult, HeartbeatAnswer, HeartbeatReport, InventoryChanges, InventoryResult, InventorySnapshot } from './agent-types.js';
import { encodeBatch, encodeJsonBody, type BatchEncoding, type EncodedBatch } from './encode-batch.js';

/** Where and how an agent talks to the server. */
export interface AgentConnectionOptions extends TimingOptions {
  /** the server (default `http://127.0.0.1:8080`; a trailing `/agent/v1` is ignored) */
  baseUrl?: string;
  /** check `Server-Authorization` on every 2xx answer to a signed call (default true) */
  verifyServerAuthorization?: boolean;
  fetch?: typeof fetch;
  /** the User-Agent header (default `vigil-sdk/<version>`) */
  userAgent?: string;
}

/** Options for {@link AgentClient}: the connection and the credentials from {@link AgentClient.register}. */
export interface AgentClientOptions extends AgentConnectionOptions {
  agentId: string;
  secret: string;
}

/** Options for {@link AgentClient.register}. */
export interface AgentRegisterOptions extends AgentConnectionOptions, CallOptions {
  /** the organization's deploy key (`vigil admin deploy-key`); never logged, never put in errors */
  deployKey: string;
  host: AgentRegistration;
}

/** Options of one batch: its encoding, and a callback per retry. */
export interface SendEventsOptions extends BatchEncoding, CallOptions {
  onRetry?: () => void;
}

/** `Vigil-Batch-Id`: chosen by the agent, unique per batch; a retry with the same id is stored once. */
const BATCH_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function senderFor(options: AgentConnectionOptions, auth: AuthStrategy): RequestSender {
  return new RequestSender({
    baseUrl: normalizeBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL, '/agent/v1'),
    ...senderTiming(options),
    transport: { fetch: options.fetch ?? globalThis.fetch, userAgent: options.userAgent ?? DEFAULT_USER_AGENT },
    auth,
  });
}

function required(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new ConfigError(`AgentClient option ${name} is required`);
  return value;
}

/**
 * The agent protocol client.
 *
 * ```ts
 * const credentials = await AgentClient.register({ baseUrl, deployKey, host: { hostname: 'web-1' } });
 * const agent = new AgentClient({ baseUrl, ...credentials }); // keep credentials.secret for the next start
 * await agent.heartbeat({ agentModuleHealth: { isHealthy: true } });
 * const { accepted, duplicate } = await agent.sendEvents('spool-42', [{ event_type: 'audit', timestamp: Date.now() }]);
 * ```
 */
export class AgentClient {
  readonly agentId: string;
  /** the normalized server URL (no credentials in it) */
  readonly baseUrl: string;
  readonly #sender: RequestSender;

  /**
   * Registers a new agent with the deploy key and returns its credentials (the secret is shown once).
   * Registering again creates another agent, so a lost answer is not retried unless the request certainly
   * did not arrive.
   *
   * @throws {AuthenticationError} for an unknown or revoked deploy key; {@link RateLimitError} when
   * registrations from this address are throttled after the retries.
   *
   * ```ts
   * const { agentId, secret, organizationId } = await AgentClient.register({ baseUrl, deployKey, host: { hostname: 'web-1' } });
   * ```
   */
  static async register(options: AgentRegisterOptions): Promise<AgentCredentials> {
    const deployKey = required(options?.deployKey, 'deployKey');
    if (typeof options.host?.hostname !== 'string') throw new ConfigError('AgentClient.register option host.hostname is required');
    const sender = senderFor(options, new BearerAuth(fixedToken(deployKey)));
    const { body } = await sender.send<AgentCredentials>({ method: 'POST', path: '/agent/v1/register', body: options.host, signal: options.signal });
    return { agentId: body.agentId, secret: body.secret, organizationId: body.organizationId };
  }

  /**
   * A client for a registered agent; nothing is sent until the first call.
   *
   * @throws {ConfigError} when the id or secret is missing or the base URL is not http(s).
   */
  constructor(options: AgentClientOptions) {
    this.agentId = required(options?.agentId, 'agentId');
    const secret = required(options.secret, 'secret');
    this.#sender = senderFor(options, new HawkAuth({ id: this.agentId, key: secret, verifyServerAuthorization: options.verifyServerAuthorization ?? true }));
    this.baseUrl = normalizeBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL, '/agent/v1').href;
  }

  /**
   * Reports that the agent is alive, optionally with fresh facts about its host.
   *
   * ```ts
   * const { serverTime } = await agent.heartbeat({ version: '3.3.0' });
   * ```
   */
  async heartbeat(report: HeartbeatReport = {}, options: CallOptions = {}): Promise<HeartbeatAnswer> {
    const { body } = await this.#sender.send<HeartbeatAnswer>({ method: 'POST', path: '/agent/v1/heartbeat', body: report, idempotent: true, signal: options.signal });
    return body;
  }

  /**
   * Sends one batch of events (or a batch already encoded with {@link encodeBatch}). The batch id makes the
   * call idempotent, so it is retried after a 5xx or a lost connection too; a batch that did arrive answers
   * `duplicate: true` and is stored once.
   *
   * @throws {TypeError} for a batch id the server would refuse; {@link BadRequestError} naming the first
   * bad event; {@link PayloadTooLargeError} past the server's limits.
   *
   * ```ts
   * await agent.sendEvents(`spool-${seq}`, events, { format: 'ndjson', gzip: true });
   * ```
   */
  async sendEvents(batchId: string, events: readonly AgentEvent[] | readonly object[] | EncodedBatch, options: SendEventsOptions = {}): Promise<BatchResult> {
    if (typeof batchId !== 'string' || !BATCH_ID.test(batchId)) throw new TypeError(`batchId must match ${BATCH_ID.source}`);
    const { bytes, contentType, headers } = Array.isArray(events) ? encodeBatch(events, options) : (events as EncodedBatch);
    const { body } = await this.#sender.send<BatchResult>({
      method: 'POST',
      path: '/agent/v1/events',
      payload: { bytes, contentType },
      headers: { ...headers, 'vigil-batch-id': batchId },
      idempotent: true,
      onRetry: options.onRetry,
      signal: options.signal,
    });
    return { accepted: Number(body.accepted), duplicate: body.duplicate === true };
  }

  /**
   * Reads the configuration the agent runs with (watched paths, intervals, sources). Give the ETag of the
   * configuration held and an unchanged one answers `notModified` without a body.
   *
   * ```ts
   * let held = await agent.config();
   * const next = await agent.config({ etag: held.etag });
   * if (!next.notModified) held = next;
   * ```
   */
  async config(options: CallOptions & { etag?: string } = {}): Promise<AgentConfigAnswer> {
    const headers = options.etag === undefined ? undefined : { 'if-none-match': options.etag };
    try {
      const { body, headers: answer } = await this.#sender.send<AgentConfig>({ method: 'GET', path: '/agent/v1/config', headers, signal: options.signal });
      return { notModified: false, etag: answer.get('etag') ?? undefined, config: body };
    } catch (err) {
      // A 304 is not an error but the request core only hands back 2xx answers.
      if (err instanceof ApiError && err.status === 304 && options.etag !== undefined) return { notModified: true, etag: options.etag };
      throw err;
    }
  }

  /**
   * Sends the host's full package list; the server keeps it (recording what changed since the last) and
   * answers its digest, the base of the next {@link sendInventoryChanges}. Sending the same list again changes nothing.
   *
   * @throws {BadRequestError} naming the first bad field; {@link PayloadTooLargeError} past the server's limits.
   *
   * ```ts
   * const { digest } = await agent.sendInventory({ ecosystem: 'Debian:12', manager: 'dpkg', packages }, { gzip: true });
   * ```
   */
  async sendInventory(snapshot: InventorySnapshot, options: CallOptions & { gzip?: boolean } = {}): Promise<InventoryResult> {
    const { bytes, contentType, headers } = encodeJsonBody(snapshot, options);
    const { body } = await this.#sender.send<InventoryResult>({ method: 'PUT', path: '/agent/v1/inventory', payload: { bytes, contentType }, headers, signal: options.signal });
    return body;
  }

  /**
   * Sends what changed since the inventory whose digest is `changes.baseDigest`. Safe to retry: a diff that
   * did arrive no longer fits, and the server answers 409 like for any other base it does not hold.
   *
   * @throws {ConflictError} when the server holds another inventory (or none): send the full list with
   * {@link sendInventory}.
   *
   * ```ts
   * try { ({ digest } = await agent.sendInventoryChanges({ baseDigest: digest, added, removed })); }
   * catch (err) { if (err instanceof ConflictError) ({ digest } = await agent.sendInventory(snapshot)); else throw err; }
   * ```
   */
  async sendInventoryChanges(changes: InventoryChanges, options: CallOptions & { gzip?: boolean } = {}): Promise<InventoryResult> {
    const { bytes, contentType, headers } = encodeJsonBody(changes, options);
    const { body } = await this.#sender.send<InventoryResult>({
      method: 'POST',
      path: '/agent/v1/inventory/changes',
      payload: { bytes, contentType },
      headers,
      idempotent: true,
      signal: options.signal,
    });
    return body;
  }

  /**
   * Any signed call below `/agent/v1`, retried and verified like the others; for what the client does
   * not wrap (or deliberately odd bodies in tests).
   *
   * @throws {ApiError} (a subclass by status) on a non-2xx answer.
   *
   * ```ts
   * await agent.request({ method: 'POST', path: '/agent/v1/heartbeat', payload: { bytes, contentType: 'application/json' } });
   * ```
   */
  request<T = any>(spec: RequestSpec): Promise<ApiResponse<T>> {
    return this.#sender.send<T>(spec);
  }

  /** Shows which agent and server, never the secret. */
  [inspect.custom](): string {
    return `AgentClient { baseUrl: '${this.baseUrl}', agentId: '${this.agentId}' }`;
  }

  /** The same safe view for JSON.stringify. */
  toJSON(): Record<string, string> {
    return { baseUrl: this.baseUrl, agentId: this.agentId };
  }
}
