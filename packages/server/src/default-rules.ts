/**
 * The default "Base Rule Set" every new organization starts with (`BASE_RULE_SET` of @vigil/rules).
 * @module
 */
import { BASE_RULE_SET } from '@vigil/rules';
import { StoreConflictError, type Ruleset, type Store } from '@vigil/store';

export interface InstallBaseRuleSetResult {
  /** the ruleset named "Base Rule Set" (the existing one when nothing was installed) */
  ruleset: Ruleset;
  /** rules created; 0 when the organization already had a ruleset of that name */
  rules: number;
  installed: boolean;
}

/**
 * Creates the "Base Rule Set" ruleset with every default rule in `orgId`, unless a ruleset of that name
 * (compared like the unique-name rule: trimmed, case-insensitive) exists — then it changes nothing.
 * ```ts
 * const { installed, rules } = await installBaseRuleSet(store, org.id);
 * ```
 */
export async function installBaseRuleSet(store: Store, orgId: string): Promise<InstallBaseRuleSetResult> {
  const existing = await store.rulesets.getByName(orgId, BASE_RULE_SET.name);
  if (existing) return { ruleset: existing, rules: 0, installed: false };
  let ruleset: Ruleset;
  try {
    ruleset = await store.rulesets.create({ orgId, name: BASE_RULE_SET.name, description: BASE_RULE_SET.description });
  } catch (err) {
    // Another process (a second server starting, the CLI) installed it in between: that is the goal.
    const raced = err instanceof StoreConflictError ? await store.rulesets.getByName(orgId, BASE_RULE_SET.name) : undefined;
    if (raced) return { ruleset: raced, rules: 0, installed: false };
    throw err;
  }
  // The repository has no "ruleset with new rules" transaction; a half-installed set would make the next
  // call skip, so a failure removes the ruleset (and with it the rules created so far) before rethrowing.
  try {
    // Created oldest-first with increasing timestamps so listRules shows them in BASE_RULE_SET order.
    const t0 = ruleset.createdAt;
    for (const [i, rule] of BASE_RULE_SET.rules.entries()) {
      // BASE_RULE_SET is deeply frozen; the store may keep references to what it is given.
      await store.rulesets.createRule({ ...structuredClone(rule), orgId, rulesetId: ruleset.id, createdAt: t0 + i });
    }
  } catch (err) {
    await store.rulesets.delete(orgId, ruleset.id).catch(() => {});
    throw err;
  }
  return { ruleset, rules: BASE_RULE_SET.rules.length, installed: true };
}
