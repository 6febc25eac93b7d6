/**
 * Turns the ruleset and rule tables into rows with ids and creation times.
 * @module
 */

import type { NewRule, NewRuleset } from '../repos/rulesets-types.js';
import type { Random } from './prng.js';
import type { RuleDefinition } from './rules.js';
import { RULES, RULESETS } from './rules.js';
import { DAY_MS, HOUR_MS } from './time.js';

export interface DemoRule {
  rule: NewRule & { id: string; createdAt: number };
  definition: RuleDefinition;
}

export interface GeneratedRules {
  rulesets: Array<NewRuleset & { id: string; createdAt: number }>;
  rules: DemoRule[];
}

/**
 * Generates the demo rulesets and their rules (rules created within a day after their ruleset).
 *
 * ```ts
 * const { rulesets, rules } = generateRules(createRandom(1), orgId, Date.now());
 * ```
 */
export function generateRules(rng: Random, orgId: string, now: number): GeneratedRules {
  const rulesets = RULESETS.map((def) => ({
    key: def.key,
    row: {
      id: rng.uuid(),
      orgId,
      name: def.name,
      description: def.description,
      createdAt: now - def.ageDays * DAY_MS - rng.int(0, 8 * HOUR_MS),
    },
  }));
  const rules = RULES.map((definition): DemoRule => {
    const ruleset = rulesets.find((r) => r.key === definition.ruleset)!.row;
    return {
      definition,
      rule: {
        id: rng.uuid(),
        orgId,
        rulesetId: ruleset.id,
        name: definition.name,
        type: definition.type,
        title: definition.title,
        severityOfAlerts: definition.severityOfAlerts,
        alertDescription: definition.alertDescription,
        aggregateFields: [...definition.aggregateFields],
        filter: definition.filter,
        window: definition.window,
        threshold: definition.threshold,
        suppressions: [...definition.suppressions],
        enabled: definition.enabled,
        ...(definition.fileIntegrityPaths
          ? { fileIntegrityPaths: definition.fileIntegrityPaths.map((p) => ({ ...p })), ignoreFiles: [], eventsToMonitor: ['ALL'] }
          : {}),
        createdAt: ruleset.createdAt + rng.int(60_000, 20 * HOUR_MS),
      },
    };
  });
  return { rulesets: rulesets.map((r) => r.row), rules };
}
