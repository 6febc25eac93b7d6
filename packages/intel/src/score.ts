/**
 * The generated indicator score (0–10). ThreatQ weights indicator type, sources and attributes but does not
 * publish its formula; this is Vigil's, kept simple enough to explain to an analyst.
 * @module
 */
import { indicatorType } from './indicator-types.js';

/** Minimum / maximum score. XSOAR and friends read 0–3 as benign, 4–7 as suspicious, 8+ as malicious. */
export const MIN_SCORE = 0;
export const MAX_SCORE = 10;

/**
 * How much a match on a value of the type says by itself (0–10): exact file hashes identify one file, an IP
 * address is often shared or reassigned, a CIDR block or ASN covers many hosts.
 */
export const TYPE_WEIGHTS: Readonly<Record<string, number>> = Object.freeze({
  MD5: 8, 'SHA-1': 8, 'SHA-256': 8, 'SHA-384': 8, 'SHA-512': 8, 'GOST Hash': 8, 'Hash ION': 8,
  URL: 7,
  FQDN: 6, 'Email Address': 6, Mutex: 6, 'x509 Serial': 6, 'x509 Subject': 6,
  'Fuzzy Hash': 5, 'Registry Key': 5, 'Service Name': 5, CVE: 5,
  'IP Address': 4, 'IPv6 Address': 4, 'MAC Address': 4, 'File Path': 4, 'Email Attachment': 4, 'URL Path': 4, 'Binary String': 4,
  'CIDR Block': 3, Filename: 3, 'User-agent': 3, 'Email Subject': 3, 'X-Mailer': 3, 'File Mapping': 3,
  ASN: 2, Username: 2, Password: 2, String: 2,
});
const DEFAULT_TYPE_WEIGHT = 2;

const TYPE_SHARE = 0.3;
const SOURCE_SHARE = 0.7;
const BONUS_PER_EXTRA_SOURCE = 0.5;
const MAX_CORROBORATION_BONUS = 2;

export interface ScoreInput {
  typeName: string;
  /** One weight per source that reported the indicator, each 0–10 (clamped). */
  sourceWeights?: number[];
  /** One weight per attribute with a scoring weight, each −10–10 (clamped): negative for benign hints. */
  attributeWeights?: number[];
}

/**
 * ```
 * raw   = 0.3 × typeWeight
 *       + 0.7 × max(sourceWeights)                        (the most trusted source)
 *       + min(2, 0.5 × (number of sources weighing > 0 − 1))  (corroboration)
 *       + Σ attributeWeights
 * score = round(clamp(raw, 0, 10))                        (an integer, as ThreatQ clients expect)
 * ```
 * Non-finite weights are ignored. An MD5 reported by one fully trusted source (10) scores round(2.4 + 7) = 9;
 * an IP address from a source of weight 5 scores round(1.2 + 3.5) = 5; anything with no source stays ≤ 3.
 */
export function generatedScore(input: ScoreInput): number {
  const typeName = indicatorType(input.typeName)?.name;
  const typeWeight = typeName === undefined ? DEFAULT_TYPE_WEIGHT : (TYPE_WEIGHTS[typeName] ?? DEFAULT_TYPE_WEIGHT);
  const sources = finite(input.sourceWeights).map((w) => clamp(w, 0, 10));
  const attributes = finite(input.attributeWeights).map((w) => clamp(w, -10, 10));

  const best = sources.length > 0 ? Math.max(...sources) : 0;
  const corroborating = sources.filter((w) => w > 0).length;
  const bonus = Math.min(MAX_CORROBORATION_BONUS, BONUS_PER_EXTRA_SOURCE * Math.max(0, corroborating - 1));
  const attributeSum = attributes.reduce((sum, w) => sum + w, 0);

  const raw = TYPE_SHARE * typeWeight + SOURCE_SHARE * best + bonus + attributeSum;
  // The epsilon keeps float noise (0.3 × 5 + 0.7 × 3 = 3.5999…9) from rounding a .5 down.
  return Math.round(clamp(raw, MIN_SCORE, MAX_SCORE) + 1e-9);
}

function finite(weights: unknown): number[] {
  return Array.isArray(weights) ? weights.filter((w): w is number => typeof w === 'number' && Number.isFinite(w)) : [];
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, n));
}
