/**
 * Row shapes of the tables as Kysely sees them (snake_case, JSON as TEXT, booleans as 0/1 integers,
 * times as BIGINT epoch ms). Booleans are integers on PostgreSQL too so both dialects share one mapping.
 * Repositories convert these rows to the domain types of `types.ts`.
 * @module
 */
import type { Generated } from 'kysely';
import type { WebhookAttemptsTable, WebhookDeliveriesTable, WebhookEndpointsTable } from './webhook-schema.js';

export type { WebhookAttemptsTable, WebhookDeliveriesTable, WebhookEndpointsTable };

export interface OrganizationsTable {
  id: string;
  name: string;
  created_at: number;
}

export interface UsersTable {
  id: string;
  email: string;
  /** trimmed, lowercased email; carries the unique index so emails are unique case-insensitively */
  email_norm: string;
  display_name: string;
  enabled: number;
  sso_enabled: number;
  mfa_enabled: number;
  created_at: number;
  last_authenticated_at: number | null;
}

export interface MembershipsTable {
  org_id: string;
  user_id: string;
  role: string;
  created_at: number;
}

export interface ApiKeysTable {
  id: string;
  user_id: string;
  prefix: string;
  key_ciphertext: string;
  created_at: number;
  revoked_at: number | null;
  /** HMAC-SHA256 of the key (0007); NULL only until the store backfills rows written before it */
  key_digest: string | null;
}

export interface InvitesTable {
  id: string;
  org_id: string;
  email: string;
  role: string;
  status: string;
  invited_by: string | null;
  created_at: number;
}

export interface AgentsTable {
  id: string;
  org_id: string;
  instance_id: string | null;
  status: string;
  created_at: number;
  last_reported_at: number | null;
  version: string;
  name: string;
  description: string;
  hostname: string;
  ip_addresses: string;
  tags: string;
  agent_type: string;
  os_version: string;
  kernel: string;
  agent_module_health: string;
  /** JSON of the cloud instance metadata (migration 0022); null when the agent reported none */
  cloud: string | null;
}

export interface RulesetsTable {
  id: string;
  org_id: string;
  name: string;
  description: string;
  created_at: number;
  updated_at: number;
}

export interface RulesTable {
  id: string;
  org_id: string;
  ruleset_id: string;
  name: string;
  type: string;
  title: string;
  severity_of_alerts: number;
  alert_description: string;
  aggregate_fields: string;
  filter: string;
  /** `window` is a reserved word in PostgreSQL */
  time_window: number;
  threshold: number;
  suppressions: string;
  enabled: number;
  created_at: number;
  updated_at: number;
}

export interface AlertsTable {
  id: string;
  org_id: string;
  title: string;
  data_source: string;
  created_at: number;
  severity: number;
  agent_id: string | null;
  rule_id: string | null;
  ruleset_id: string | null;
  is_dismissed: number;
  dismissed_at: number | null;
  dismiss_reason: string | null;
  dismiss_reason_text: string | null;
  dismissed_by: string | null;
  aggregates: string;
}

export interface AlertEventsTable {
  id: string;
  alert_id: string;
  org_id: string;
  timestamp: number;
  data: string;
}

export interface AuditLogsTable {
  id: string;
  org_id: string;
  user_id: string | null;
  user_email: string | null;
  result: string;
  crud: string;
  action: string;
  source: string;
  description: string;
  event_time: number;
  context: string;
}

export interface DeployKeysTable {
  id: string;
  org_id: string;
  prefix: string;
  key_ciphertext: string;
  /** sha256 hex of the key (unique), what registration looks the key up by */
  key_hash: string;
  created_at: number;
  revoked_at: number | null;
}

export interface AgentSecretsTable {
  agent_id: string;
  org_id: string;
  secret_ciphertext: string;
  created_at: number;
}

export interface EventBatchesTable {
  org_id: string;
  agent_id: string;
  batch_id: string;
  event_count: number;
  received_at: number;
  /** the id prefix every event of the batch shares (see repos/ingest.ts); null on batches before 0005 */
  event_id_prefix: string | null;
  /** when the detection worker processed the batch; null while pending */
  detected_at: number | null;
  /**
   * The batch's events as a JSON array of `[eventType, timestamp, data]` (migration 0009); null on batches
   * stored before it, whose events are rows of `events`
   */
  events_json: string | null;
}

export interface EventsTable {
  id: string;
  org_id: string;
  agent_id: string;
  event_type: string;
  timestamp: number;
  received_at: number;
  /** the event object as JSON, with agentId, hostname and organizationId set by the server */
  data: string;
}

/** One per agent that reported packages (migration 0022). */
export interface AgentInventoriesTable {
  agent_id: string;
  org_id: string;
  ecosystem: string;
  manager: string;
  /** sha256 of the current package set (see repos/inventory.ts) */
  digest: string;
  package_count: number;
  updated_at: number;
}

export interface AgentPackagesTable {
  agent_id: string;
  org_id: string;
  name: string;
  arch: string;
  version: string;
  source_name: string;
  source_version: string;
  first_seen_at: number;
}

export interface AgentPackageChangesTable {
  id: string;
  agent_id: string;
  org_id: string;
  at: number;
  /** added, removed or changed */
  kind: string;
  name: string;
  arch: string;
  from_version: string | null;
  to_version: string | null;
  source_name: string;
}

/** Imported advisories, global (migration 0023). */
export interface AdvisoriesTable {
  id: string;
  source: string;
  /** JSON array of CVE ids */
  cves: string;
  severity: string;
  cvss_vector: string | null;
  cvss_score: number | null;
  summary: string;
  published: string | null;
  modified: string;
  withdrawn: string | null;
  /** JSON array of security notice ids */
  security_notices: string;
  /** sha256 (hex) of the record's canonical JSON */
  digest: string;
  /** JSON of the normalized `Advisory` */
  record: string;
  created_at: number;
  updated_at: number;
}

export interface AdvisoryPackagesTable {
  advisory_id: string;
  ecosystem: string;
  name: string;
}

export interface VulnFindingsTable {
  org_id: string;
  agent_id: string;
  advisory_id: string;
  cve: string;
  package_name: string;
  arch: string;
  installed_version: string;
  source_name: string;
  ecosystem: string;
  status: string;
  fixed_version: string | null;
  reason: string | null;
  severity: string;
  severity_rank: number;
  /** 1 when the advisory names security notices (DSA, USN, …) */
  has_notices: number;
  /** the group's (cve, agent, package, arch, version) max(severity_rank) and max(has_notices) over its rows not `invalid` (0031) */
  group_rank: Generated<number>;
  group_notices: Generated<number>;
  first_seen_at: number;
  updated_at: number;
}

/** One per (agent, installed package) with findings: what they were last written from (0030). */
export interface VulnFindingDigestsTable {
  agent_id: string;
  package_name: string;
  arch: string;
  installed_version: string;
  /** '' when unknown: the package's findings are diffed in full at the next write */
  digest: string;
}

export interface VulnSuppressionsTable {
  id: string;
  org_id: string;
  cve: string | null;
  package: string | null;
  agent_id: string | null;
  tag_source: string | null;
  tag_key: string | null;
  tag_value: string | null;
  reason: string;
  expires_at: number | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

/** An instance imported from a cloud account export (migration 0026). */
export interface ImportedServersTable {
  org_id: string;
  instance_id: string;
  /** JSON of the instance's fields (`Ec2Instance`) */
  data: string;
  imported_at: number;
}

/** Active and dismissed alerts per organization, UTC hour and severity (migration 0028, kept by triggers). */
export interface AlertCountsHourlyTable {
  org_id: string;
  is_dismissed: number;
  hour: number;
  severity: number;
  n: number;
}

/** Alerts per organization, UTC day and rule or agent (`dim`; `key` '' when the alert has none). */
export interface AlertCountsDailyTable {
  org_id: string;
  is_dismissed: number;
  dim: 'rule' | 'agent';
  day: number;
  key: string;
  n: number;
}

/** The Kysely database type of the store. */
export interface ChangeCountersTable {
  org_id: string;
  scope: string;
  version: number;
}

export interface Database {
  organizations: OrganizationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  api_keys: ApiKeysTable;
  invites: InvitesTable;
  agents: AgentsTable;
  rulesets: RulesetsTable;
  rules: RulesTable;
  alerts: AlertsTable;
  alert_events: AlertEventsTable;
  alert_counts_hourly: AlertCountsHourlyTable;
  alert_counts_daily: AlertCountsDailyTable;
  audit_logs: AuditLogsTable;
  change_counters: ChangeCountersTable;
  deploy_keys: DeployKeysTable;
  agent_secrets: AgentSecretsTable;
  agent_inventories: AgentInventoriesTable;
  agent_packages: AgentPackagesTable;
  agent_package_changes: AgentPackageChangesTable;
  advisories: AdvisoriesTable;
  advisory_packages: AdvisoryPackagesTable;
  vuln_findings: VulnFindingsTable;
  vuln_finding_digests: VulnFindingDigestsTable;
  vuln_suppressions: VulnSuppressionsTable;
  imported_servers: ImportedServersTable;
  event_batches: EventBatchesTable;
  events: EventsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  oauth_clients: OAuthClientsTable;
  oauth_tokens: OAuthTokensTable;
  console_sessions: ConsoleSessionsTable;
  intel_sources: IntelSourcesTable;
  intel_tags: IntelNamedTable;
  intel_attributes: IntelNamedTable;
  indicators: IndicatorsTable;
  indicator_sources: IndicatorSourcesTable;
  indicator_tags: IndicatorTagsTable;
  indicator_attributes: IndicatorAttributesTable;
  indicator_attribute_sources: IndicatorAttributeSourcesTable;
}

// Threat library (0010). Integer ids are generated by the database.

/** `users.password_hash` (0010) is read and written only by repos/passwords.ts, through this view of the table. */
export interface UserPasswordsTable extends UsersTable {
  password_hash: string | null;
}

export interface OAuthClientsTable {
  id: string;
  secret_digest: string;
  name: string;
  org_id: string;
  user_id: string;
  created_at: number;
  revoked_at: number | null;
}

export interface OAuthTokensTable {
  id: string;
  access_digest: string;
  refresh_digest: string | null;
  client_id: string;
  user_id: string;
  org_id: string;
  grant_type: string;
  /** one login and its refreshes (0020); a replayed spent refresh token revokes the family */
  family_id: string;
  access_expires_at: number;
  refresh_expires_at: number | null;
  created_at: number;
  revoked_at: number | null;
}

/** Console sign-ins (0027); `token_digest` is the SHA-256 of the cookie value. */
export interface ConsoleSessionsTable {
  id: string;
  token_digest: string;
  user_id: string;
  org_id: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
}

export interface IntelSourcesTable {
  id: Generated<number>;
  org_id: string;
  name: string;
  name_norm: string;
  tlp_id: number | null;
  created_at: number;
  updated_at: number;
}

/** intel_tags and intel_attributes: per-organization names. */
export interface IntelNamedTable {
  id: Generated<number>;
  org_id: string;
  name: string;
  name_norm: string;
  created_at: number;
}

export interface IndicatorsTable {
  id: Generated<number>;
  org_id: string;
  type_id: number;
  status_id: number;
  class: string;
  value: string;
  hash: string;
  description: string | null;
  generated_score: number;
  manual_score: number | null;
  created_at: number;
  updated_at: number;
  touched_at: number;
  published_at: number | null;
  last_detected_at: number | null;
  expires_at: number | null;
  expired_at: number | null;
  deleted_at: number | null;
}

export interface IndicatorSourcesTable {
  id: Generated<number>;
  indicator_id: number;
  source_id: number;
  tlp_id: number | null;
  published_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface IndicatorTagsTable {
  id: Generated<number>;
  indicator_id: number;
  tag_id: number;
  created_at: number;
}

export interface IndicatorAttributesTable {
  id: Generated<number>;
  indicator_id: number;
  attribute_id: number;
  value: string;
  created_at: number;
  updated_at: number;
  touched_at: number;
}

export interface IndicatorAttributeSourcesTable {
  id: Generated<number>;
  indicator_attribute_id: number;
  source_id: number;
  created_at: number;
}
