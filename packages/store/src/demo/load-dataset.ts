/**
 * Writes the demo dataset into an organization through the `Store` contract.
 * @module
 */

import { join } from 'node:path';
import { openAdvisoryFeed, SAMPLE_FEED_DIR } from '@vigil/vulns';
import type { Store } from '../store-types.js';
import type { DemoOptions, DemoSummary } from './dataset.js';
import { generateDemoDataset, summarizeDemoDataset } from './generate-dataset.js';
import { loadDemoThreatLibrary } from './threat-library.js';

/**
 * Generates the demo dataset for `options` and inserts it: rulesets and rules, agents (one `createMany`),
 * alerts with their events (one `createMany`), the weekly dismissal batches, the audit records, the hosts'
 * package lists, the unmonitored EC2 instances, the sample advisory feed, and the threat library
 * (threat-library.ts).
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
  const reportedAt = new Map(data.agents.map((a) => [a.id, a.lastReportedAt ?? a.createdAt]));
  for (const { agentId, snapshot } of data.inventories) await store.inventory.replace(orgId, agentId, snapshot, reportedAt.get(agentId));
  await store.servers.mergeImports(orgId, data.unmonitoredServers, options.now ?? Date.now());
  await loadSampleAdvisories(store);
  await loadDemoThreatLibrary(store, orgId, options.now ?? Date.now());
  return summarizeDemoDataset(data);
}

/**
 * The sample advisory feed that ships with @vigil/vulns (OSV records and a Debian tracker excerpt).
 * Advisories are global and the upsert idempotent, so loading the demo twice adds nothing; the server's
 * matcher turns them and the demo hosts' packages into findings.
 */
async function loadSampleAdvisories(store: Store): Promise<void> {
  for (const path of [join(SAMPLE_FEED_DIR, 'osv'), join(SAMPLE_FEED_DIR, 'debian-tracker.json')]) {
    const feed = await openAdvisoryFeed(path);
    for await (const batch of feed.batches) {
      if (batch.errors.length > 0) throw new Error(`the sample advisory feed has refused records: ${batch.errors.map((e) => `${e.entry}: ${e.reason}`).join('; ')}`);
      await store.advisories.upsert(batch.advisories);
    }
  }
}
