/**
 * The pure, deterministic demo dataset generator: same (seed, now, orgId) → identical rows, ids included.
 * @module
 */

import type { DemoDataset, DemoOptions, DemoSummary } from './dataset.js';
import { createRandom } from './prng.js';
import { generateAgents } from './generate-agents.js';
import { generateRules } from './generate-rules.js';
import { generateAlerts } from './generate-alerts.js';
import { planDismissals } from './plan-dismissals.js';
import { generateAuditRecords } from './audit-records.js';
import { generateInventories } from './inventories.js';
import { generateUnmonitoredServers } from './unmonitored-servers.js';

/** Added to the seed for the unmonitored servers' stream, so adding them moved nothing else. */
const SERVERS_STREAM = 0x5e7e75;

/**
 * Generates the demo organization's agents, rulesets, rules, alerts (with events), dismissals and audit
 * records without touching a store.
 *
 * ```ts
 * const data = generateDemoDataset({ orgId, now: Date.parse('2025-01-15T12:00:00Z'), seed: 7 });
 * data.agents.length; // 35 (30 online, 5 offline)
 * data.alerts.length; // 2000
 * ```
 */
export function generateDemoDataset(options: DemoOptions): DemoDataset {
  const { orgId } = options;
  const now = options.now ?? Date.now();
  const seed = options.seed ?? 1;
  if (typeof orgId !== 'string' || orgId === '') throw new TypeError('generateDemoDataset: orgId is required');
  if (!Number.isSafeInteger(now) || now < 0) throw new RangeError(`generateDemoDataset: invalid now ${String(now)}`);
  if (!Number.isSafeInteger(seed)) throw new RangeError(`generateDemoDataset: seed must be an integer, got ${String(seed)}`);

  const rng = createRandom(seed);
  const hosts = generateAgents(rng, orgId, now);
  const { rulesets, rules } = generateRules(rng, orgId, now);
  const alerts = generateAlerts(rng, { orgId, now, hosts, rules });
  const dismissals = planDismissals(rng, alerts, now);
  const inventories = generateInventories(hosts);
  const unmonitoredServers = generateUnmonitoredServers(createRandom(seed + SERVERS_STREAM), now);
  const partial = { agents: hosts.map((h) => h.agent), rulesets, rules: rules.map((r) => r.rule), alerts, inventories, unmonitoredServers };
  const summary = summarizeDemoDataset(partial);
  const auditRecords = generateAuditRecords(rng, { orgId, now, seed, rulesets, rules: partial.rules, dismissals, summary });
  return { ...partial, dismissals, auditRecords };
}

/**
 * Counts of a generated dataset, as `loadDemoDataset` reports them.
 *
 * ```ts
 * summarizeDemoDataset(generateDemoDataset({ orgId })).onlineAgents; // 30
 * ```
 */
export function summarizeDemoDataset(data: Pick<DemoDataset, 'agents' | 'rulesets' | 'rules' | 'alerts' | 'inventories' | 'unmonitoredServers'>): DemoSummary {
  const onlineAgents = data.agents.filter((a) => a.status === 'online').length;
  return {
    agents: data.agents.length,
    onlineAgents,
    offlineAgents: data.agents.length - onlineAgents,
    rulesets: data.rulesets.length,
    rules: data.rules.length,
    alerts: data.alerts.length,
    events: data.alerts.reduce((n, a) => n + a.events.length, 0),
    inventories: data.inventories.length,
    unmonitoredServers: data.unmonitoredServers.length,
  };
}
