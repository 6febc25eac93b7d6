/**
 * Detection turning a rule off by itself: its filter no longer compiles, or it overran its organization's
 * evaluation budget (`rule-meter.ts`). The rule is stored disabled with the reason (served on the rule as
 * `disabledReason`) and an audit record tells the organization, as a disabled webhook endpoint does; the
 * user fixes the rule and enables it again.
 * @module
 */
import type { Store } from '@vigil/store';

/** What was disabled and why, for the process's log. */
export interface RuleDisabled {
  orgId: string;
  ruleId: string;
  name: string;
  reason: string;
}

/**
 * Disables the rule and records why; false when it was already disabled (another process got there first,
 * or a user), so each disabling is reported once.
 *
 * ```ts
 * await disableRule(store, { orgId, ruleId: rule.id, name: rule.name, reason: 'its filter no longer compiles: …' });
 * ```
 */
export async function disableRule(store: Store, what: RuleDisabled): Promise<boolean> {
  const rule = await store.rulesets.disableRule(what.orgId, what.ruleId, what.reason);
  if (rule === undefined) return false;
  // System records have no user; the organization's users find them in the audit log.
  await store.auditLogs.record({
    orgId: what.orgId,
    userId: null,
    userEmail: null,
    result: 'success',
    crud: 'update',
    action: 'disable_rule',
    source: 'system',
    description: `Rule "${what.name}" was disabled by detection: ${what.reason}`,
    context: { ruleId: what.ruleId, rulesetId: rule.rulesetId, reason: what.reason },
  });
  return true;
}
