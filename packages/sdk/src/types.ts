/**
 * The shapes the REST v2 API answers with (Threat Stack's field names). Times are ISO-8601 strings.
 * Objects are open (`[key: string]: unknown`) so fields a newer server adds are kept, not lost.
 * @module
 */

/** A tag as agents report it (e.g. EC2 tags). */
export interface Tag {
  source: string;
  key: string;
  value: string;
}

/** A host agent. */
export interface Agent {
  id: string;
  /** the cloud instance id, null when the agent reported none */
  instanceId: string | null;
  status: 'online' | 'offline';
  createdAt: string;
  lastReportedAt: string | null;
  version: string;
  name: string;
  description: string;
  hostname: string;
  ipAddresses: { private: string[]; link_local: string[]; public: string[] };
  tags: Tag[];
  /** `monitor` or `investigate` */
  agentType: string;
  osVersion: string;
  kernel: string;
  agentModuleHealth: unknown;
  [key: string]: unknown;
}

/** A package installed on an agent's host (`client.agents.packages`). */
export interface AgentPackage {
  name: string;
  version: string;
  arch: string;
  sourceName: string;
  sourceVersion: string;
  /** OSV ecosystem, e.g. `Debian:12` */
  ecosystem: string;
  manager: 'dpkg' | 'rpm' | 'apk';
  firstSeenAt: string;
}

/** A change of an agent's package inventory (`client.agents.packageChanges`). */
export interface AgentPackageChange {
  id: string;
  at: string;
  /** `changed`: another version of the same name and arch */
  kind: 'added' | 'removed' | 'changed';
  name: string;
  arch: string;
  fromVersion: string | null;
  toVersion: string | null;
  sourceName: string;
}

/** An alert raised by a rule. Severity 1 is high, 3 is low. */
export interface Alert {
  id: string;
  title: string;
  dataSource: string;
  createdAt: string;
  isDismissed: boolean;
  dismissedAt: string | null;
  dismissReason: string | null;
  dismissReasonText: string | null;
  dismissedBy: string | null;
  severity: 1 | 2 | 3;
  agentId: string | null;
  rulesetId: string | null;
  ruleId: string | null;
  aggregates: Array<{ fieldName: string; fieldValue: string }>;
  [key: string]: unknown;
}

/** One event behind an alert: the agent's event fields plus `id`, `alertId` and `timestamp`. */
export interface AlertEvent {
  id: string;
  alertId: string;
  timestamp: string;
  [key: string]: unknown;
}

/** Active alerts of one severity. */
export interface SeverityCount {
  severity: number;
  count: number;
}

/** A member of the organization. `lastAuthenticatedAt` is epoch ms, as Threat Stack served it; 0 = never signed in. */
export interface Member {
  id: string;
  displayName: string;
  email: string;
  /** `owner`, `user` or `reader` */
  role: string;
  lastAuthenticatedAt: number;
  ssoEnabled: boolean;
  mfaEnabled: boolean;
  userEnabled: boolean;
  [key: string]: unknown;
}

/** An invitation sent to an email address. */
/** What adding a user of another organization answers: they are invited, and nothing about them is shown. */
export interface PendingMember {
  id: string;
  role: string;
  status: 'pending';
}

export interface Invite {
  sentToEmail: string;
  role: string;
  status: string;
  [key: string]: unknown;
}

/** An audit log record. */
export interface AuditRecord {
  id: string;
  userEmail: string | null;
  userId: string | null;
  organizationId: string;
  result: string;
  crud: string;
  action: string;
  source: string;
  description: string;
  eventTime: string;
  context: unknown;
  [key: string]: unknown;
}

/** A ruleset; `rules` holds the ids of its rules. */
export interface Ruleset {
  id: string;
  name: string;
  description: string;
  createdAt: string;
  updatedAt: string;
  rules: string[];
  [key: string]: unknown;
}

/** A path a File rule watches. */
export interface FileIntegrityPath {
  path: string;
  recursive: boolean;
}

/** A detection rule. File rules also carry `fileIntegrityPaths`, `ignoreFiles` and `eventsToMonitor`. */
export interface Rule {
  id: string;
  rulesetId: string;
  name: string;
  type: string;
  createdAt: string;
  updatedAt: string;
  title: string;
  severityOfAlerts: 1 | 2 | 3;
  alertDescription: string;
  aggregateFields: string[];
  filter: string;
  window: number;
  threshold: number;
  suppressions: string[];
  enabled: boolean;
  /** set only when detection disabled the rule by itself (its filter no longer compiles, or it overran the budget) */
  disabledReason?: string;
  /** File rules only */
  fileIntegrityPaths?: FileIntegrityPath[];
  /** File rules only */
  ignoreFiles?: string[];
  /** File rules only */
  eventsToMonitor?: string[];
  [key: string]: unknown;
}

/** A rule's agent-tag scoping. */
export interface RuleTags {
  inclusion: Tag[];
  exclusion: Tag[];
}

/** A date as a Date or an ISO-8601 string (a string without an offset is read as UTC by the server). */
export type DateInput = Date | string;

/** Every method takes an optional `signal` to abort the call, its retries and waits. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** A webhook endpoint. The signing `secret` is only returned by create and rotateSecret. */
export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string;
  minSeverity: number;
  rulesets: string[] | null;
  sources: string[] | null;
  format: string;
  enabled: boolean;
  disabledReason: string | null;
  failingSince: string | null;
  previousSecretExpiresAt: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  [key: string]: unknown;
}

/** A webhook endpoint with its `whsec_…` signing secret (create and rotateSecret only). */
export interface WebhookEndpointWithSecret extends WebhookEndpoint {
  secret: string;
}

/** One attempt to deliver a webhook. */
export interface WebhookAttempt {
  attemptedAt: string | null;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  responseBody: string | null;
}

/** One alert's delivery to one endpoint, with every attempt. */
export interface WebhookDelivery {
  id: string;
  alertId: string;
  test: boolean;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  createdAt: string | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  log: WebhookAttempt[];
  [key: string]: unknown;
}

/** The outcome of a test send. */
export interface WebhookTestOutcome {
  success: boolean;
  deliveryId: string;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  responseBody: string | null;
}
