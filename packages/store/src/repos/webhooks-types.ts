/**
 * Domain types of webhooks (endpoints, deliveries, attempts) and their repository (`webhooks.ts`).
 * @module
 */
import type { RuleType, Severity } from '@vigil/rules';
import type { Page, PageRequest } from '../shared-types.js';
import type { WebhookDeliveryStatus, WebhookFormat } from '../vocabulary.js';

export interface WebhookEndpoint {
  id: string;
  orgId: string;
  url: string;
  description: string;
  /** alerts with severity ≤ this are sent (1 = high only, 3 = all) */
  minSeverity: Severity;
  /** ruleset ids, null = every ruleset */
  rulesets: string[] | null;
  /** rule types (Host, File, ThreatIntel) of the alerting rule, null = every source */
  sources: RuleType[] | null;
  format: WebhookFormat;
  enabled: boolean;
  disabledReason: string | null;
  failingSince: number | null;
  createdAt: number;
  updatedAt: number;
  /** the previous secret still signs until this time (after a rotation), else null */
  previousSecretExpiresAt: number | null;
}

/** An endpoint with its secrets in clear, for signing. */
export interface WebhookEndpointWithSecrets extends WebhookEndpoint {
  secret: string;
  /** present while the rotation overlap lasts */
  previousSecret: string | null;
}

export interface NewWebhookEndpoint {
  orgId: string;
  url: string;
  description?: string;
  minSeverity?: Severity;
  rulesets?: string[] | null;
  sources?: RuleType[] | null;
  format?: WebhookFormat;
  enabled?: boolean;
  secret: string;
}

export interface WebhookEndpointPatch {
  url?: string;
  description?: string;
  minSeverity?: Severity;
  rulesets?: string[] | null;
  sources?: RuleType[] | null;
  format?: WebhookFormat;
}

export interface WebhookDelivery {
  id: string;
  orgId: string;
  endpointId: string;
  alertId: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  nextAttemptAt: number | null;
  createdAt: number;
  lastAttemptAt: number | null;
  /** a send by the "test" route: a sample alert, logged but never queued or retried */
  test: boolean;
}

export interface WebhookDeliveryFilter {
  status?: WebhookDeliveryStatus;
}

/** One finished attempt for {@link WebhooksRepo.recordAttempts}. */
export interface WebhookAttemptRecord {
  deliveryId: string;
  attempt: NewWebhookAttempt;
  outcome: WebhookAttemptOutcome;
}

/** A test send, logged as a finished delivery with its one attempt. */
export interface NewWebhookTestDelivery {
  id: string;
  orgId: string;
  endpointId: string;
  alertId: string;
  attempt: NewWebhookAttempt;
  succeeded: boolean;
}

export interface WebhookAttempt {
  id: string;
  deliveryId: string;
  attemptedAt: number;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  responseBody: string | null;
}

export interface NewWebhookAttempt {
  attemptedAt: number;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  responseBody: string | null;
}

/** What the worker decided after an attempt. */
export interface WebhookAttemptOutcome {
  status: WebhookDeliveryStatus;
  /** when `status` is pending: the next try */
  nextAttemptAt: number | null;
}

export interface WebhooksRepo {
  createEndpoint(input: NewWebhookEndpoint): Promise<WebhookEndpoint>;
  listEndpoints(orgId: string): Promise<WebhookEndpoint[]>;
  getEndpoint(orgId: string, id: string): Promise<WebhookEndpoint | undefined>;
  /** for the delivery worker: the endpoint with its secrets opened */
  getEndpointWithSecrets(orgId: string, id: string): Promise<WebhookEndpointWithSecrets | undefined>;
  updateEndpoint(orgId: string, id: string, patch: WebhookEndpointPatch, at: number): Promise<WebhookEndpoint | undefined>;
  /** enabling clears the failure state and the disabled reason */
  setEnabled(orgId: string, id: string, enabled: boolean, at: number, reason?: string): Promise<WebhookEndpoint | undefined>;
  /** the old secret keeps signing until `overlapUntil` */
  rotateSecret(orgId: string, id: string, secret: string, at: number, overlapUntil: number): Promise<WebhookEndpoint | undefined>;
  /** `failingSince` is kept when already set (the first failure of a streak), cleared by `null` */
  setFailingSince(orgId: string, id: string, since: number | null): Promise<void>;
  deleteEndpoint(orgId: string, id: string): Promise<boolean>;
  /** puts a delivery back in the queue (due at `at`, schedule restarted); keeps its id, so its webhook-id */
  redeliver(orgId: string, id: string, at: number): Promise<WebhookDelivery | undefined>;
  /** leases up to `limit` due pending deliveries for `leaseMs`; another worker skips leased ones */
  claimDue(now: number, limit: number, leaseMs: number): Promise<WebhookDelivery[]>;
  recordAttempt(deliveryId: string, attempt: NewWebhookAttempt, outcome: WebhookAttemptOutcome): Promise<WebhookAttempt>;
  /** {@link recordAttempt} for many deliveries in one transaction (the worker's group commit) */
  recordAttempts(records: readonly WebhookAttemptRecord[]): Promise<void>;
  /** logs a test send: a delivery marked `test`, already finished, with its attempt */
  recordTestDelivery(input: NewWebhookTestDelivery): Promise<WebhookDelivery>;
  getDelivery(orgId: string, id: string): Promise<WebhookDelivery | undefined>;
  /** newest first */
  listDeliveries(orgId: string, endpointId: string, limit: number): Promise<WebhookDelivery[]>;
  /** the delivery log, keyset-paged on (createdAt DESC, id DESC) */
  pageDeliveries(orgId: string, endpointId: string, filter: WebhookDeliveryFilter, page: PageRequest): Promise<Page<WebhookDelivery>>;
  /** attempts of several deliveries of this org, each list oldest first */
  listAttemptsOf(orgId: string, deliveryIds: readonly string[]): Promise<Map<string, WebhookAttempt[]>>;
  /**
   * Calls `listener` (in this process) when deliveries are added to the outbox. It fires while the
   * adding transaction may still be open, so a listener must look again shortly if it finds nothing.
   */
  onEnqueued(listener: () => void): () => void;
  /**
   * Tells this process's `onEnqueued` listeners that deliveries were added by code whose signal they cannot
   * hear (the detection worker thread commits alerts with its own copy of the store).
   */
  signalEnqueued(): void;
  /** oldest first */
  listAttempts(orgId: string, deliveryId: string): Promise<WebhookAttempt[]>;
}
