/**
 * CVSS base scores computed from the vector strings OSV carries (it carries vectors, not scores), with
 * ae-cvss-calculator, which implements FIRST's v2.0, v3.0, v3.1 and v4.0 specifications.
 * @module
 */
import cvss from 'ae-cvss-calculator';
import type { VulnSeverity } from './severity.js';

// The package is a CommonJS bundle whose named exports Node cannot see from ESM; read them off the default.
const { Cvss2, Cvss3P0, Cvss3P1, Cvss4P0 } = cvss;

/** The CVSS versions a vector can be in; `2.0` vectors carry no prefix. */
export type CvssVersion = '2.0' | '3.0' | '3.1' | '4.0';

/** Metrics every base vector must set: the calculator scores a partial vector as if the rest were absent. */
const REQUIRED: Record<CvssVersion, string[]> = {
  '2.0': ['AV', 'AC', 'Au', 'C', 'I', 'A'],
  '3.0': ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'],
  '3.1': ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'],
  '4.0': ['AV', 'AC', 'AT', 'PR', 'UI', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA'],
};

/** The outcome of scoring one vector: the score, or why the vector cannot be scored. */
export type CvssResult = { ok: true; version: CvssVersion; score: number } | { ok: false; reason: string };

function versionOf(vector: string): CvssVersion | null {
  const prefix = /^CVSS:(\d\.\d)\//.exec(vector);
  if (!prefix) return /^AV:[LAN]\//.test(vector) ? '2.0' : null;
  const version = prefix[1] as CvssVersion;
  return version in REQUIRED ? version : null;
}

/**
 * The base score of a CVSS vector (v2.0, v3.0, v3.1 or v4.0), refusing vectors that are malformed or
 * leave out a base metric.
 *
 * ```ts
 * cvssBaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'); // { ok: true, version: '3.1', score: 9.8 }
 * cvssBaseScore('CVSS:3.1/AV:N'); // { ok: false, reason: 'CVSS 3.1 vector lacks AC, PR, …' }
 * ```
 */
export function cvssBaseScore(vector: string): CvssResult {
  const version = versionOf(vector);
  if (!version) return { ok: false, reason: `not a CVSS v2, v3 or v4 vector: ${JSON.stringify(vector.slice(0, 80))}` };
  const body = version === '2.0' ? vector : vector.slice('CVSS:x.y/'.length);
  const metrics = new Map<string, string>();
  for (const part of body.split('/')) {
    const [key, value, extra] = part.split(':');
    if (!key || !value || extra !== undefined || metrics.has(key)) {
      return { ok: false, reason: `malformed CVSS ${version} vector part ${JSON.stringify(part)}` };
    }
    metrics.set(key, value);
  }
  const missing = REQUIRED[version].filter((metric) => !metrics.has(metric));
  if (missing.length) return { ok: false, reason: `CVSS ${version} vector lacks ${missing.join(', ')}` };
  let score: number | undefined;
  try {
    const Calculator = { '2.0': Cvss2, '3.0': Cvss3P0, '3.1': Cvss3P1, '4.0': Cvss4P0 }[version];
    const parsed = new Calculator(vector);
    // The calculator skips base values it does not know; what it read back must be what the vector says.
    const readBack = new Set(parsed.toString().split('/'));
    const unread = REQUIRED[version].filter((metric) => !readBack.has(`${metric}:${metrics.get(metric)}`));
    if (unread.length) return { ok: false, reason: `CVSS ${version} vector has an unknown value for ${unread.join(', ')}` };
    score = parsed.calculateScores().base;
  } catch {
    score = undefined;
  }
  if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 10) {
    return { ok: false, reason: `CVSS ${version} vector cannot be scored` };
  }
  return { ok: true, version, score };
}

/**
 * Threat Stack's severity word for a CVSS base score, on FIRST's qualitative scale: critical ≥ 9.0,
 * high ≥ 7.0, medium ≥ 4.0, low > 0; a score of 0 is `unknown` (CVSS "None" has no Threat Stack word).
 *
 * ```ts
 * severityFromScore(9.8); // 'critical'
 * severityFromScore(5.9); // 'medium'
 * ```
 */
export function severityFromScore(score: number): VulnSeverity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'unknown';
}
