/**
 * Writes the demo dataset into an organization through the `Store` contract.
 * @module
 */

import type { Store } from '../store-types.js';
import type { DemoOptions, DemoSummary } from './dataset.js';
import { generateDemoDataset, summarizeDemoDataset } from './generate-dataset.js';

/**
 * Generates the demo dataset for `options` and inserts it: rulesets and rules, agents (one `createMany`),
 * alerts with their events (one `createMany`), the weekly dismissal batches and the audit records.
 * The organization must exist. Loading twice with the same seed and `now` collides on ids; with the
 * default `now` every load is distinct.
 *
 * ```ts
 * const org = await store.organizations.create({ name: 'Demo Org' });
 * const summary = await loadDemoDataset(store, { orgId: org.id });
 * summary.alerts; // 2000
 * ```
 */
export async function loadDemoDataset(store: Store, options: DemoOptions): Promise<DemoSummary> {
  const data = generateDemoDataset({ ...options, now: options.now ?? Date.now() });
  const { orgId } = options;
  if (!(await store.organizations.get(orgId))) throw new Error(`loadDemoDataset: organization ${orgId} does not exist`);

  // Ruleset names are unique per organization, and new organizations get the default "Base Rule Set": a
  // demo ruleset of an existing name is merged into that ruleset instead of colliding with it, and a demo
  // rule named like one already there is not added twice (its alerts are filed under the existing rule).
  const merged = new Map<string, string>();
  const existingRules = new Map<string, Map<string, string>>();
  for (const ruleset of data.rulesets) {
    const existing = await store.rulesets.getByName(orgId, ruleset.name);
    if (existing && ruleset.id !== undefined) {
      merged.set(ruleset.id, existing.id);
      const rules = await store.rulesets.listRules(orgId, existing.id);
      existingRules.set(existing.id, new Map(rules.map((r) => [r.name, r.id])));
    } else await store.rulesets.create(ruleset);
  }
  const rulesetOf = <T extends string | null>(id: T): T | string => (id !== null && merged.get(id)) || id;
  const ruleOf = new Map<string, string>();
  for (const rule of data.rules) {
    const rulesetId = rulesetOf(rule.rulesetId);
    const same = existingRules.get(rulesetId)?.get(rule.name);
    if (same !== undefined) ruleOf.set(rule.id, same);
    else await store.rulesets.createRule({ ...rule, rulesetId });
  }
  await store.agents.createMany(data.agents);
  await store.alerts.createMany(
    merged.size === 0
      ? data.alerts
      : data.alerts.map((a) => ({
          ...a,
          alert: { ...a.alert, rulesetId: rulesetOf(a.alert.rulesetId), ruleId: (a.alert.ruleId !== null && ruleOf.get(a.alert.ruleId)) || a.alert.ruleId },
        })),
  );
  for (const { ids, dismissal } of data.dismissals) await store.alerts.dismissByIds(orgId, ids, dismissal);
  for (const entry of data.auditRecords) await store.auditLogs.record(entry);
  return summarizeDemoDataset(data);
}
