/**
 * Generates the alerts of the last 30 days: severity mix 10/30/60 %, each tied to a rule of that severity
 * and a host that was reporting at the time, with 1–4 events produced by the rule's scenario.
 * @module
 */

import type { AlertAggregate } from '../repos/alerts-types.js';
import type { Random } from './prng.js';
import type { DemoAlert } from './dataset.js';
import type { DemoHost } from './generate-agents.js';
import type { DemoRule } from './generate-rules.js';
import { SCENARIOS } from './scenarios.js';
import { firstFieldValue, renderTitle } from './template.js';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './time.js';

export const ALERT_COUNT = 2_000;
export const ALERT_DAYS = 30;

const SEVERITY_WEIGHTS = [
  { severity: 1, weight: 10 },
  { severity: 2, weight: 30 },
  { severity: 3, weight: 60 },
] as const;

const EVENT_COUNT_WEIGHTS = [
  { count: 1, weight: 50 },
  { count: 2, weight: 25 },
  { count: 3, weight: 15 },
  { count: 4, weight: 10 },
] as const;

/** US business hours (13:00–23:00 UTC), Monday to Friday. */
function isBusinessHours(t: number): boolean {
  const d = new Date(t);
  const day = d.getUTCDay();
  const hour = d.getUTCHours();
  return day >= 1 && day <= 5 && hour >= 13 && hour < 23;
}

export interface AlertInput {
  orgId: string;
  now: number;
  hosts: readonly DemoHost[];
  rules: readonly DemoRule[];
}

/**
 * Generates {@link ALERT_COUNT} alerts with their events, ascending by creation time.
 *
 * ```ts
 * const alerts = generateAlerts(rng, { orgId, now, hosts, rules });
 * ```
 */
export function generateAlerts(rng: Random, input: AlertInput): DemoAlert[] {
  const { orgId, now, hosts, rules } = input;
  const firing = rules.filter((r) => r.definition.enabled && r.definition.scenario !== null && r.definition.weight > 0);
  const bySeverity = new Map(
    SEVERITY_WEIGHTS.map(({ severity }) => [severity, firing.filter((r) => r.rule.severityOfAlerts === severity)]),
  );
  for (const [severity, list] of bySeverity) {
    if (list.length === 0) throw new Error(`demo rule table has no enabled rule of severity ${severity}`);
  }
  // alerts (and their events, at most ~31 min earlier) stay inside the last ALERT_DAYS days
  const earliest = now - ALERT_DAYS * DAY_MS + 45 * MINUTE_MS;
  const latest = now - 30_000;

  const alerts: DemoAlert[] = [];
  for (let i = 0; i < ALERT_COUNT; i++) {
    const { severity } = rng.weighted(SEVERITY_WEIGHTS, (s) => s.weight);
    const { rule, definition } = rng.weighted(bySeverity.get(severity)!, (r) => r.definition.weight);

    let createdAt = earliest + Math.floor(rng.next() * (latest - earliest));
    for (let tries = 0; definition.human && !isBusinessHours(createdAt) && tries < 8; tries++) {
      if (rng.chance(0.15)) break; // some people do work at night
      createdAt = earliest + Math.floor(rng.next() * (latest - earliest));
    }

    const count = rng.weighted(EVENT_COUNT_WEIGHTS, (e) => e.weight).count;
    const timestamps: number[] = [createdAt - rng.int(1_000, 45_000)];
    while (timestamps.length < count) timestamps.unshift(timestamps[0]! - rng.int(20_000, 10 * MINUTE_MS));

    const host = pickHost(rng, hosts, definition.roles, timestamps[0]!, createdAt);
    const scenario = SCENARIOS[definition.scenario!];
    const data = scenario(
      rng,
      { agentId: host.agent.id, hostname: host.agent.hostname, ip: host.ip, role: host.role, platform: host.platform },
      timestamps,
    );
    const aggregates: AlertAggregate[] = rule.aggregateFields.map((fieldName) => ({
      fieldName,
      fieldValue: firstFieldValue(data, fieldName) ?? null,
    }));

    alerts.push({
      alert: {
        id: rng.uuid(),
        orgId,
        title: renderTitle(rule.title, data),
        dataSource: 'agent',
        createdAt,
        severity: rule.severityOfAlerts,
        agentId: host.agent.id,
        ruleId: rule.id,
        rulesetId: rule.rulesetId,
        aggregates,
      },
      events: data.map((event, k) => ({ id: rng.uuid(), timestamp: timestamps[k]!, data: event })),
    });
  }
  alerts.sort((a, b) => a.alert.createdAt - b.alert.createdAt || (a.alert.id < b.alert.id ? -1 : 1));
  return alerts;
}

/** A host that was registered before `from` and still reporting at `until`, preferring `roles`. */
function pickHost(
  rng: Random,
  hosts: readonly DemoHost[],
  roles: readonly string[] | undefined,
  from: number,
  until: number,
): DemoHost {
  const alive = hosts.filter(
    (h) =>
      h.agent.createdAt <= from - HOUR_MS &&
      (h.agent.status === 'online' || (h.agent.lastReportedAt ?? 0) >= until),
  );
  if (alive.length === 0) throw new Error('demo host table has no host reporting during the alert window');
  const preferred = roles ? alive.filter((h) => roles.includes(h.role)) : [];
  const pool = preferred.length > 0 && rng.chance(0.7) ? preferred : alive;
  return rng.weighted(pool, (h) => h.noise);
}
