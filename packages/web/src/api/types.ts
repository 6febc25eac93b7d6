/**
 * Names for the wire shapes the pages use, all taken from the generated OpenAPI types (schema.gen.ts),
 * never restated.
 */
import type { paths } from './schema.gen.js';

export type Json<P extends keyof paths, M extends 'get' | 'post'> = paths[P][M] extends { responses: { 200: { content: { 'application/json': infer B } } } } ? B : never;

export type AlertPage = Json<'/v2/alerts', 'get'>;
export type Alert = AlertPage['alerts'][number];
export type AlertQuery = NonNullable<paths['/v2/alerts']['get']['parameters']['query']>;
export type AlertEvent = Json<'/v2/alerts/{alertId}/events', 'get'>['events'][number];
export type DismissBody = paths['/v2/alerts/dismiss']['post']['requestBody']['content']['application/json'];
export type AgentPage = Json<'/v2/agents', 'get'>;
export type Agent = AgentPage['agents'][number];
export type Ruleset = Json<'/v2/rulesets', 'get'>['rulesets'][number];
export type Rule = Json<'/v2/rulesets/{rulesetId}/rules', 'get'>['rules'][number];

/** The reasons POST /v2/alerts/dismiss takes, as Threat Stack's UI offered them. */
export const DISMISS_REASONS = [
  { value: 'BUSINESS_OP', label: 'Business operation' },
  { value: 'COMPANY_POLICY', label: 'Company policy' },
  { value: 'MAINTENANCE', label: 'Maintenance' },
  { value: 'OTHER', label: 'Other' },
] as const;

export type Webhook = Json<'/v2/integrations/webhooks', 'get'>['webhooks'][number];
export type NewWebhook = paths['/v2/integrations/webhooks']['post']['requestBody']['content']['application/json'];
export type Delivery = Json<'/v2/integrations/webhooks/{id}/deliveries', 'get'>['deliveries'][number];
export type TestOutcome = Json<'/v2/integrations/webhooks/{id}/test', 'post'>;

export type VulnerabilityQuery = NonNullable<paths['/v2/vulnerabilities']['get']['parameters']['query']>;
export type Vulnerability = Json<'/v2/vulnerabilities', 'get'>['cves'][number];

export type Member = Json<'/v2/organizations/members', 'get'>['members'][number];
export type NewInvite = paths['/v2/organizations/invites']['post']['requestBody']['content']['application/json'];
export type PendingInvite = Json<'/console/api/invites', 'get'>['invites'][number];
export type OAuthClient = Json<'/api/oauth/clients', 'get'>['data'][number];
export type AuditQuery = NonNullable<paths['/v2/auditlogs']['get']['parameters']['query']>;
export type AuditRecord = Json<'/v2/auditlogs', 'get'>['recs'][number];

export type InstalledPackage = Json<'/v2/agents/{agentId}/packages', 'get'>['packages'][number];
export type VulnerabilityDetail = Json<'/v2/vulnerabilities/{cve}', 'get'>;
export type VulnSuppression = Json<'/v2/vulnerabilities/suppressions', 'get'>['suppressions'][number];
export type VulnSuppressionBody = paths['/v2/vulnerabilities/suppressions']['post']['requestBody']['content']['application/json'];
