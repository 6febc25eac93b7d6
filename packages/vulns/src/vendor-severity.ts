/**
 * Severity words the distributions use instead of CVSS, mapped to Threat Stack's words. Used only when
 * a record carries no CVSS vector.
 * @module
 */
import { severityRank, type VulnSeverity } from './severity.js';

/**
 * The Debian security tracker's urgency (https://security-team.debian.org/security_tracker.html,
 * "Severity levels"). `**` marks an urgency the tracker guessed (e.g. `high**`) and is dropped.
 * `unimportant` (no security impact on Debian's binaries) counts as low; `not yet assigned` and
 * `end-of-life` say nothing about severity.
 */
const DEBIAN_URGENCY: Record<string, VulnSeverity> = {
  unimportant: 'low',
  low: 'low',
  medium: 'medium',
  high: 'high',
  'not yet assigned': 'unknown',
  'end-of-life': 'unknown',
};

/** Ubuntu's CVE priority (OSV severity type `Ubuntu`); `negligible` is Ubuntu's "unimportant". */
const UBUNTU_PRIORITY: Record<string, VulnSeverity> = {
  negligible: 'low',
  low: 'low',
  medium: 'medium',
  high: 'high',
  critical: 'critical',
  untriaged: 'unknown',
};

/** GitHub-style words some OSV databases put in `database_specific.severity`. */
const DATABASE_WORDS: Record<string, VulnSeverity> = {
  critical: 'critical',
  high: 'high',
  important: 'high',
  moderate: 'medium',
  medium: 'medium',
  low: 'low',
};

/**
 * Severity from a Debian tracker urgency, or undefined for a word the tracker does not use.
 *
 * ```ts
 * severityFromDebianUrgency('high**'); // 'high'
 * severityFromDebianUrgency('unimportant'); // 'low'
 * ```
 */
export function severityFromDebianUrgency(urgency: string): VulnSeverity | undefined {
  return DEBIAN_URGENCY[urgency.replace(/\*+$/, '').trim().toLowerCase()];
}

/**
 * Severity from an Ubuntu priority word, or undefined for a word Ubuntu does not use.
 *
 * ```ts
 * severityFromUbuntuPriority('negligible'); // 'low'
 * ```
 */
export function severityFromUbuntuPriority(priority: string): VulnSeverity | undefined {
  return UBUNTU_PRIORITY[priority.trim().toLowerCase()];
}

/**
 * Severity from a `database_specific.severity` word (`HIGH`, `MODERATE`, …), or undefined.
 *
 * ```ts
 * severityFromDatabaseWord('MODERATE'); // 'medium'
 * ```
 */
export function severityFromDatabaseWord(word: string): VulnSeverity | undefined {
  return DATABASE_WORDS[word.trim().toLowerCase()];
}

/**
 * The most severe of several severities (`unknown` when there are none).
 *
 * ```ts
 * highestSeverity(['low', 'high', 'unknown']); // 'high'
 * ```
 */
export function highestSeverity(severities: Iterable<VulnSeverity>): VulnSeverity {
  let best: VulnSeverity = 'unknown';
  for (const severity of severities) if (severityRank(severity) > severityRank(best)) best = severity;
  return best;
}
