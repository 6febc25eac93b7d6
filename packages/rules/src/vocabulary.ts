/**
 * The words of the rule language that every layer (store, server, SDK, CLI) repeats: the rule types and
 * the alert severities. Defined here once, as arrays (for schemas and checks) and the types derived from them.
 * @module
 */

/**
 * Rule types, as Threat Stack spells them: Host and File rules match agent events, ThreatIntel rules
 * match events that name an active indicator, Vulnerability rules match new vulnerability findings.
 *
 * ```ts
 * RULE_TYPES.includes('File'); // true
 * ```
 */
export const RULE_TYPES = Object.freeze(['Host', 'File', 'ThreatIntel', 'Vulnerability'] as const);
export type RuleType = (typeof RULE_TYPES)[number];

/**
 * Alert severities, as Threat Stack numbers them: 1 is high (likely compromise), 2 medium, 3 low.
 *
 * ```ts
 * SEVERITIES.map((s) => counts.get(s) ?? 0);
 * ```
 */
export const SEVERITIES = Object.freeze([1, 2, 3] as const);
export type Severity = (typeof SEVERITIES)[number];

/**
 * Whether `value` is one of `RULE_TYPES`, spelled exactly.
 *
 * ```ts
 * isRuleType('Host'); // true
 * isRuleType('host'); // false
 * ```
 */
export function isRuleType(value: unknown): value is RuleType {
  return (RULE_TYPES as readonly unknown[]).includes(value);
}

/**
 * Whether `value` is one of `SEVERITIES` (the number, not a string).
 *
 * ```ts
 * isSeverity(2); // true
 * isSeverity('2'); // false
 * ```
 */
export function isSeverity(value: unknown): value is Severity {
  return (SEVERITIES as readonly unknown[]).includes(value);
}
