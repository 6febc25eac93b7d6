/**
 * Audit log entries that go with the demo data: ruleset creation, the disabled rule, each triage batch
 * and the `demo_loaded` marker.
 * @module
 */

import type { NewAuditRecord } from '../repos/audit-logs-types.js';
import type { Random } from './prng.js';
import type { DemoDataset, DemoDismissal, DemoSummary } from './dataset.js';
import { DAY_MS, HOUR_MS } from './time.js';

type Entry = NewAuditRecord & { id: string; eventTime: number };

export interface AuditInput {
  orgId: string;
  now: number;
  seed: number;
  rulesets: DemoDataset['rulesets'];
  rules: DemoDataset['rules'];
  dismissals: readonly DemoDismissal[];
  summary: DemoSummary;
}

/**
 * The demo's audit trail, ascending by event time and ending with `demo_loaded` at `now`.
 *
 * ```ts
 * for (const entry of generateAuditRecords(rng, input)) await store.auditLogs.record(entry);
 * ```
 */
export function generateAuditRecords(rng: Random, input: AuditInput): Entry[] {
  const { orgId, now } = input;
  const base = { orgId, userId: null, userEmail: null, result: 'success', source: 'system' };
  const entries: Entry[] = [];
  for (const ruleset of input.rulesets) {
    entries.push({
      ...base,
      id: rng.uuid(),
      crud: 'create',
      action: 'create_ruleset',
      description: `Created ruleset "${ruleset.name}"`,
      eventTime: ruleset.createdAt,
      context: { rulesetId: ruleset.id, name: ruleset.name },
    });
  }
  for (const rule of input.rules.filter((r) => !r.enabled)) {
    entries.push({
      ...base,
      id: rng.uuid(),
      crud: 'update',
      action: 'update_rule',
      description: `Disabled rule "${rule.name}"`,
      eventTime: Math.min(now - 40 * DAY_MS, rule.createdAt + rng.int(20, 60) * DAY_MS) + rng.int(0, 8 * HOUR_MS),
      context: { ruleId: rule.id, rulesetId: rule.rulesetId, enabled: false },
    });
  }
  for (const { ids, dismissal } of input.dismissals) {
    entries.push({
      ...base,
      id: rng.uuid(),
      crud: 'update',
      action: 'dismiss_alerts',
      description: `Dismissed ${ids.length} alert${ids.length === 1 ? '' : 's'} (${dismissal.reason})`,
      eventTime: dismissal.at,
      context: { count: ids.length, reason: dismissal.reason, text: dismissal.text },
    });
  }
  entries.push({
    ...base,
    id: rng.uuid(),
    crud: 'create',
    action: 'demo_loaded',
    description: `Loaded the demo dataset (seed ${input.seed}): ${input.summary.agents} agents, ${input.summary.alerts} alerts`,
    eventTime: now,
    context: { seed: input.seed, now, ...input.summary },
  });
  return entries.sort((a, b) => a.eventTime - b.eventTime);
}
