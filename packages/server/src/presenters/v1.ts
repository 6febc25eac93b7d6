/**
 * Store objects → REST v1 JSON (snake_case), served from the same data as v2.
 *
 * Sources for the v1 field names (reference: /work/shared/reference/threatstack-api.md §2.1, §7):
 * - purecloudlabs/threatstack-python-client tests/v1/*.py fixtures (agents: `id, organization_id, name,
 *   description, hostname, ip_address, version, status, online, enabled, pause, created_at, updated_at,
 *   activated_at, last_reported_at`; alerts: `id, title, severity, type, active, dismissed, agent_id, rule_id,
 *   alert_policy_id, count, created_at` (epoch ms), `expires_at, last_updated_at`; policies: `id, name,
 *   description, organization_id, enabled, read_only, created_at, updated_at, alert_rule_count,
 *   file_integrity_rules`; organizations: `id, name, role`; users: `id, display_name, name{first,last}, email,
 *   role, organization_id`; logs: `timestamp` (epoch ms), `user, user_id, organization_id, type, action,
 *   source, description, context`) and its threatstack/resources.py (lists are JSON arrays).
 * - WebService::ThreatStack POD (metacpan) and the threatstack Ruby gem's Alert entity: every alert has
 *   `latest_events` and `rule`.
 * Everything else (the embedded `rule`, events, dismissal and v2-only fields) is v2's field name in
 * snake_case; the OpenAPI descriptions say which fields are derived that way.
 * @module
 */
import type { Agent, Alert, AlertEvent, AuditRecord, Member, Organization, Role, Rule, Ruleset } from '@vigil/store';
import { formatTime } from '../http/time.js';

/** How many of an alert's newest events `latest_events` carries. */
export const LATEST_EVENTS = 5;

/** The first address without its prefix length (v1 had one `ip_address`; v2 lists CIDR strings). */
function firstAddress(a: Agent): string | null {
  const cidr = a.ipAddresses.private[0] ?? a.ipAddresses.public[0] ?? a.ipAddresses.link_local[0];
  return cidr === undefined ? null : cidr.replace(/\/\d+$/, '');
}

/** ```ts presentAgentV1(agent) // {id, organization_id, hostname, ip_address, online, …} ``` */
export function presentAgentV1(a: Agent) {
  return {
    id: a.id,
    organization_id: a.orgId,
    name: a.name,
    description: a.description,
    hostname: a.hostname,
    ip_address: firstAddress(a),
    version: a.version,
    status: 'active',
    online: a.status === 'online',
    enabled: true,
    pause: false,
    created_at: formatTime(a.createdAt),
    activated_at: formatTime(a.createdAt),
    updated_at: formatTime(a.lastReportedAt ?? a.createdAt),
    last_reported_at: formatTime(a.lastReportedAt),
    instance_id: a.instanceId,
    agent_type: a.agentType,
    os_version: a.osVersion,
    kernel: a.kernel,
    ip_addresses: a.ipAddresses,
    tags: a.tags,
  };
}

/** ```ts presentRuleV1(rule) // {id, policy_id, name, type, title, severity, filter, window, …} ``` */
export function presentRuleV1(r: Rule) {
  const rule = {
    id: r.id,
    policy_id: r.rulesetId,
    ruleset_id: r.rulesetId,
    organization_id: r.orgId,
    name: r.name,
    type: r.type,
    title: r.title,
    severity: r.severityOfAlerts,
    alert_description: r.alertDescription,
    aggregate_fields: r.aggregateFields,
    filter: r.filter,
    window: r.window,
    threshold: r.threshold,
    suppressions: r.suppressions,
    enabled: r.enabled,
    created_at: formatTime(r.createdAt),
    updated_at: formatTime(r.updatedAt),
  };
  if (r.type !== 'File') return rule;
  return {
    ...rule,
    file_integrity_paths: r.fileIntegrityPaths ?? [],
    ignore_files: r.ignoreFiles ?? [],
    events_to_monitor: r.eventsToMonitor ?? [],
  };
}

/** An event as the agent sent it, plus its id, alert id and time (epoch ms, like v1's alert times). */
export function presentEventV1(e: AlertEvent) {
  return { ...e.data, id: e.id, alert_id: e.alertId, timestamp: e.timestamp };
}

/**
 * An alert with its newest events and its rule embedded (`rule` null once the rule was deleted).
 * ```ts
 * presentAlertV1(alert, { events, total }, rule) // {id, title, severity, active, latest_events, rule, …}
 * ```
 */
export function presentAlertV1(
  a: Alert,
  events: { events: AlertEvent[]; total: number } | undefined,
  rule: Rule | undefined,
) {
  const latest = events?.events ?? [];
  return {
    id: a.id,
    organization_id: a.orgId,
    title: a.title,
    type: 'rule',
    data_source: a.dataSource,
    severity: a.severity,
    active: !a.isDismissed,
    dismissed: a.isDismissed,
    dismissed_at: a.dismissedAt,
    dismiss_reason: a.dismissReason,
    dismiss_reason_text: a.dismissReasonText,
    dismissed_by: a.dismissedBy,
    agent_id: a.agentId,
    rule_id: a.ruleId,
    alert_policy_id: a.rulesetId,
    count: events?.total ?? 0,
    created_at: a.createdAt,
    expires_at: rule ? a.createdAt + rule.window * 1000 : null,
    last_updated_at: formatTime(latest[0]?.timestamp ?? a.createdAt),
    aggregates: a.aggregates,
    latest_events: latest.map(presentEventV1),
    rule: rule ? presentRuleV1(rule) : null,
  };
}

/** ```ts presentPolicyV1(ruleset, rules) // {id, name, organization_id, alert_rule_count, rules: [...], …} ``` */
export function presentPolicyV1(r: Ruleset, rules: readonly Rule[]) {
  const presented = rules.map(presentRuleV1);
  return {
    id: r.id,
    organization_id: r.orgId,
    name: r.name,
    description: r.description,
    enabled: true,
    read_only: false,
    created_at: formatTime(r.createdAt),
    updated_at: formatTime(r.updatedAt),
    alert_rule_count: rules.length,
    rules: presented,
    file_integrity_rules: presented.filter((rule) => rule.type === 'File'),
  };
}

/** ```ts presentOrganizationV1(org, 'owner') // {id, name, role} ``` */
export function presentOrganizationV1(o: Organization, role: Role) {
  return { id: o.id, name: o.name, role };
}

/** Splits a display name at its last space (v1 users had `name: {first, last}`). */
function nameParts(displayName: string): { first: string; last: string } {
  const trimmed = displayName.trim();
  const at = trimmed.lastIndexOf(' ');
  return at < 0 ? { first: trimmed, last: '' } : { first: trimmed.slice(0, at), last: trimmed.slice(at + 1) };
}

/** ```ts presentUserV1(member, orgId) // {id, display_name, name: {first, last}, email, role, organization_id, …} ``` */
export function presentUserV1(m: Member, orgId: string) {
  return {
    id: m.id,
    display_name: m.displayName,
    name: nameParts(m.displayName),
    email: m.email,
    role: m.role,
    organization_id: orgId,
    created_at: formatTime(m.createdAt),
    last_authenticated_at: m.lastAuthenticatedAt,
    enabled: m.enabled,
  };
}

/** ```ts presentLogV1(record) // {id, timestamp (ms), user, user_id, organization_id, type, action, …} ``` */
export function presentLogV1(r: AuditRecord) {
  return {
    id: r.id,
    timestamp: r.eventTime,
    user: r.userEmail,
    user_id: r.userId,
    user_email: r.userEmail,
    organization_id: r.orgId,
    type: r.crud,
    action: r.action,
    source: r.source,
    result: r.result,
    description: r.description,
    context: r.context,
  };
}
