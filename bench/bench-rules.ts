/**
 * The ingest benchmark's rule load: enabled rules up to 100 in total — whatever the organization already
 * has enabled (the Base Rule Set and the demo rules), topped up with realistic single-purpose rules that the
 * benchmark's background traffic never matches.
 */
import type { Store } from '@vigil/store';

export const TARGET_ENABLED_RULES = 100;

/** Returns how many rules are enabled in the organization afterwards. */
export async function installBenchRules(store: Store, orgId: string): Promise<number> {
  let enabled = 0;
  for (const rs of await store.rulesets.list(orgId)) {
    enabled += (await store.rulesets.listRules(orgId, rs.id)).filter((r) => r.enabled).length;
  }
  const missing = Math.max(0, TARGET_ENABLED_RULES - enabled);
  if (missing === 0) return enabled;
  const ruleset = await store.rulesets.create({ orgId, name: 'Benchmark rules', description: 'filler rules for npm run bench' });
  for (let i = 0; i < missing; i++) {
    await store.rulesets.createRule({
      orgId,
      rulesetId: ruleset.id,
      name: `Unexpected tool ${i} executed`,
      type: 'Host',
      title: `Tool ${i} run by {{user}} on {{hostname}}`,
      severityOfAlerts: ((i % 3) + 1) as 1 | 2 | 3,
      alertDescription: 'benchmark filler rule',
      aggregateFields: ['user'],
      filter: `event_type = "audit" and exe = "/opt/bench/tool-${i}" and user != "root"`,
      window: 3600,
      threshold: 1,
      suppressions: [`user = "svc-bench-${i}"`],
      enabled: true,
    });
  }
  return enabled + missing;
}
