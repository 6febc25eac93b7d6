/**
 * Row shapes of the webhook tables (see `schema.ts` for the conventions).
 * @module
 */

export interface WebhookEndpointsTable {
  id: string;
  org_id: string;
  url: string;
  description: string;
  min_severity: number;
  /** JSON array of ruleset ids, null = all */
  rulesets: string | null;
  /** JSON array of rule types (Host, File, ThreatIntel), null = all */
  sources: string | null;
  format: string;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_expires_at: number | null;
  enabled: number;
  disabled_reason: string | null;
  failing_since: number | null;
  created_at: number;
  updated_at: number;
}

export interface WebhookDeliveriesTable {
  id: string;
  org_id: string;
  endpoint_id: string;
  alert_id: string;
  status: string;
  attempts: number;
  next_attempt_at: number | null;
  locked_until: number | null;
  created_at: number;
  last_attempt_at: number | null;
  /** 1 for a logged test send (0008), never queued */
  is_test: number;
}

export interface WebhookAttemptsTable {
  id: string;
  delivery_id: string;
  attempted_at: number;
  status_code: number | null;
  latency_ms: number;
  error: string | null;
  response_body: string | null;
}
