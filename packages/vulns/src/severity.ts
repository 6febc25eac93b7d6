/**
 * Threat Stack's vulnerability severity words, defined once. Order matters: alert thresholds and sorting
 * compare by rank.
 * @module
 */

/** Severity strings as Threat Stack's `severity` field carried them, from most to least severe. */
export const VULN_SEVERITIES = ['critical', 'high', 'medium', 'low', 'unknown'] as const;
export type VulnSeverity = (typeof VULN_SEVERITIES)[number];

/**
 * Rank for comparison: critical 4 … low 1, unknown 0.
 *
 * ```ts
 * severityRank('high') > severityRank('medium'); // true
 * ```
 */
export function severityRank(severity: VulnSeverity): number {
  return VULN_SEVERITIES.length - 1 - VULN_SEVERITIES.indexOf(severity);
}
