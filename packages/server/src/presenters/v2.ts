/**
 * Store objects → REST v2 JSON, with Threat Stack's field names (reference §3). Times are ISO-8601
 * strings except `lastAuthenticatedAt`, which Threat Stack served as epoch milliseconds.
 * @module
 */
import type { Agent, Alert, AlertEvent, AuditRecord, Invite, Member, PackageChange, Rule, Ruleset, RuleTags, StoredPackage } from '@vigil/store';
import { formatTime } from '../http/time.js';

/** ```ts presentAgent(agent) // {id, instanceId, status, createdAt, …} ``` */
export function presentAgent(a: Agent) {
  return {
    id: a.id,
    instanceId: a.instanceId,
    status: a.status,
    createdAt: formatTime(a.createdAt),
    lastReportedAt: formatTime(a.lastReportedAt),
    version: a.version,
    name: a.name,
    description: a.description,
    hostname: a.hostname,
    ipAddresses: a.ipAddresses,
    tags: a.tags,
    agentType: a.agentType,
    osVersion: a.osVersion,
    kernel: a.kernel,
    agentModuleHealth: a.agentModuleHealth,
  };
}

/** ```ts presentPackage(p) // {name, version, arch, sourceName, sourceVersion, ecosystem, manager, firstSeenAt} ``` */
export function presentPackage(p: StoredPackage) {
  return { ...p, firstSeenAt: formatTime(p.firstSeenAt) };
}

/** ```ts presentPackageChange(c) // {id, at, kind, name, arch, fromVersion, toVersion, sourceName} ``` */
export function presentPackageChange(c: PackageChange) {
  return { id: c.id, at: formatTime(c.at), kind: c.kind, name: c.name, arch: c.arch, fromVersion: c.fromVersion, toVersion: c.toVersion, sourceName: c.sourceName };
}

/** ```ts presentAlert(alert) // {id, title, dataSource, createdAt, isDismissed, …} ``` */
export function presentAlert(a: Alert) {
  return {
    id: a.id,
    title: a.title,
    dataSource: a.dataSource,
    createdAt: formatTime(a.createdAt),
    isDismissed: a.isDismissed,
    dismissedAt: formatTime(a.dismissedAt),
    dismissReason: a.dismissReason,
    dismissReasonText: a.dismissReasonText,
    dismissedBy: a.dismissedBy,
    severity: a.severity,
    agentId: a.agentId,
    rulesetId: a.rulesetId,
    ruleId: a.ruleId,
    aggregates: a.aggregates,
  };
}

/** An alert's event: the event as the agent sent it, plus its id, alert id and time. */
export function presentEvent(e: AlertEvent) {
  return { ...e.data, id: e.id, alertId: e.alertId, timestamp: formatTime(e.timestamp) };
}

/** ```ts presentMember(member) // {id, displayName, email, role, lastAuthenticatedAt (ms), …} ``` */
export function presentMember(m: Member) {
  return {
    id: m.id,
    displayName: m.displayName,
    email: m.email,
    role: m.role,
    // 0 for never: Threat Stack's clients do arithmetic on it (get_users.py divides by 1000, the Go
    // CLI's int reads null as 0), so null would crash them and a made-up time would be a lie.
    lastAuthenticatedAt: m.lastAuthenticatedAt ?? 0,
    ssoEnabled: m.ssoEnabled,
    mfaEnabled: m.mfaEnabled,
    userEnabled: m.enabled,
  };
}

/** ```ts presentInvite(invite) // {sentToEmail, role, status} ``` */
export function presentInvite(i: Invite) {
  return { sentToEmail: i.email, role: i.role, status: i.status };
}

/** ```ts presentAuditRecord(rec) // {id, userEmail, userId, organizationId, result, crud, …} ``` */
export function presentAuditRecord(r: AuditRecord) {
  return {
    id: r.id,
    userEmail: r.userEmail,
    userId: r.userId,
    organizationId: r.orgId,
    result: r.result,
    crud: r.crud,
    action: r.action,
    source: r.source,
    description: r.description,
    eventTime: formatTime(r.eventTime),
    context: r.context,
  };
}

/**
 * A ruleset with the ids of its rules under `rules` (Threat Stack's read spelling; writes say `ruleIds`).
 * ```ts
 * presentRuleset(ruleset, ['rule-1']) // {id, name, description, createdAt, updatedAt, rules: ['rule-1']}
 * ```
 */
export function presentRuleset(r: Ruleset, ruleIds: readonly string[]) {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    createdAt: formatTime(r.createdAt),
    updatedAt: formatTime(r.updatedAt),
    rules: [...ruleIds],
  };
}

/**
 * A rule; File rules also carry `fileIntegrityPaths`, `ignoreFiles` and `eventsToMonitor`, and a rule that
 * detection disabled by itself carries `disabledReason`. Tags are served separately (`/v2/rules/{id}/tags`),
 * as by Threat Stack.
 * ```ts
 * presentRule(rule) // {id, rulesetId, name, type, createdAt, updatedAt, title, severityOfAlerts, …}
 * ```
 */
export function presentRule(r: Rule) {
  const common = {
    id: r.id,
    rulesetId: r.rulesetId,
    name: r.name,
    type: r.type,
    createdAt: formatTime(r.createdAt),
    updatedAt: formatTime(r.updatedAt),
    title: r.title,
    severityOfAlerts: r.severityOfAlerts,
    alertDescription: r.alertDescription,
    aggregateFields: r.aggregateFields,
    filter: r.filter,
    window: r.window,
    threshold: r.threshold,
    suppressions: r.suppressions,
    enabled: r.enabled,
    // Only on rules detection disabled by itself, so every other rule keeps Threat Stack's exact shape.
    ...(r.disabledReason === undefined ? {} : { disabledReason: r.disabledReason }),
  };
  if (r.type !== 'File') return common;
  return {
    ...common,
    fileIntegrityPaths: r.fileIntegrityPaths ?? [],
    ignoreFiles: r.ignoreFiles ?? [],
    eventsToMonitor: r.eventsToMonitor ?? [],
  };
}

/** ```ts presentRuleTags(rule.tags) // {inclusion: [{source, key, value}], exclusion: []} (both always present) ``` */
export function presentRuleTags(t: RuleTags | undefined) {
  const tags = (list: RuleTags['inclusion'] | undefined) =>
    (list ?? []).map((tag) => ({ source: tag.source, key: tag.key, value: tag.value }));
  return { inclusion: tags(t?.inclusion), exclusion: tags(t?.exclusion) };
}
