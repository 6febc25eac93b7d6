/**
 * One OSV record → one {@link Advisory}, or a refusal naming the field that is wrong. A record is taken
 * whole or not at all: half an advisory would match the wrong hosts.
 * @module
 */
import { Compile } from 'typebox/compile';
import type { Advisory, AffectedPackage, AffectedRange, RangeEvent } from '../advisory.js';
import { cvesAmong, securityNoticesAmong, sortedUnique } from '../advisory-ids.js';
import { cvssBaseScore, severityFromScore } from '../cvss-score.js';
import type { VulnSeverity } from '../severity.js';
import { highestSeverity, severityFromDatabaseWord, severityFromDebianUrgency, severityFromUbuntuPriority } from '../vendor-severity.js';
import { OsvRecordSchema, type OsvAffected, type OsvRecord } from './osv-schema.js';

/** An advisory read from a record, or why the record was refused (the reason names the field). */
export type RecordResult = { ok: true; advisory: Advisory } | { ok: false; reason: string };

const check = Compile(OsvRecordSchema);

/** `/affected/0/package/name` → `affected[0].package.name`, the way the refusal names a field. */
function fieldName(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((part, i) => (/^\d+$/.test(part) ? `[${part}]` : `${i === 0 ? '' : '.'}${part.replace(/~1/g, '/').replace(/~0/g, '~')}`))
    .join('') || 'record';
}

class Refusal extends Error {}

/**
 * Validates one OSV record (schema 1.x) and normalizes it. CVEs come from `aliases`, `upstream` and the
 * record's own id; GIT ranges are dropped (they name commits, never an installed package) and so are
 * affected entries left with nothing to match; `withdrawn` is kept; severity comes from the CVSS vector
 * (v3.x first, then v4.0, then v2), else Ubuntu's priority, else Debian's urgency, else the database's
 * word; security notices are the DSA/DLA/USN/RHSA-like ids among id, aliases, upstream and related.
 *
 * ```ts
 * const result = readOsvRecord(JSON.parse(text));
 * if (result.ok) advisories.push(result.advisory);
 * else console.error(result.reason); // e.g. 'affected[0].ranges[0].events: a range needs an introduced event'
 * ```
 */
export function readOsvRecord(input: unknown): RecordResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, reason: 'record: must be a JSON object' };
  if (!check.Check(input)) {
    const first = [...check.Errors(input)][0];
    return { ok: false, reason: first ? `${fieldName(first.instancePath)}: ${first.message}` : 'record: does not match the OSV schema' };
  }
  try {
    return { ok: true, advisory: normalize(input) };
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, reason: err.message };
    throw err;
  }
}

function normalize(record: OsvRecord): Advisory {
  const affected: AffectedPackage[] = [];
  (record.affected ?? []).forEach((entry, i) => {
    const pkg = readAffected(entry, `affected[${i}]`);
    if (pkg) affected.push(pkg);
  });
  const { severity, cvssVector, cvssScore } = readSeverity(record);
  const ownAndOthers = [record.id, ...(record.aliases ?? []), ...(record.upstream ?? []), ...(record.related ?? [])];
  return {
    id: record.id,
    cves: cvesAmong([record.id, ...(record.aliases ?? []), ...(record.upstream ?? [])]),
    aliases: sortedUnique(record.aliases ?? []),
    source: 'osv',
    summary: record.summary ?? '',
    details: record.details ?? '',
    severity,
    cvssVector,
    cvssScore,
    published: record.published ?? null,
    modified: record.modified,
    withdrawn: record.withdrawn ?? null,
    securityNotices: securityNoticesAmong(ownAndOthers),
    references: [...new Set((record.references ?? []).map((ref) => ref.url))],
    affected,
  };
}

function readAffected(entry: OsvAffected, at: string): AffectedPackage | null {
  const ranges: AffectedRange[] = [];
  (entry.ranges ?? []).forEach((range, j) => {
    const events = readEvents(range.events, `${at}.ranges[${j}].events`);
    if (range.type !== 'GIT') ranges.push({ type: range.type, events });
  });
  const versions = entry.versions ?? [];
  if (!entry.package) {
    // Only a record about commits may leave the package out (OSV: package is optional for GIT-only entries).
    if (ranges.length || versions.length) throw new Refusal(`${at}.package: is required for ECOSYSTEM or SEMVER ranges and versions`);
    return null;
  }
  if (!ranges.length && !versions.length) return null;
  return { ecosystem: entry.package.ecosystem, name: entry.package.name, ranges, versions: [...versions] };
}

const EVENT_KEYS = ['introduced', 'fixed', 'last_affected', 'limit'] as const;

function readEvents(events: Array<Partial<Record<(typeof EVENT_KEYS)[number], string>>>, at: string): RangeEvent[] {
  const out: RangeEvent[] = events.map((event, k) => {
    const keys = EVENT_KEYS.filter((key) => event[key] !== undefined);
    if (keys.length !== 1) throw new Refusal(`${at}[${k}]: an event holds exactly one of introduced, fixed, last_affected, limit`);
    const key = keys[0]!;
    return { [key]: event[key]! } as RangeEvent;
  });
  if (!out.some((event) => 'introduced' in event)) throw new Refusal(`${at}: a range needs an introduced event`);
  if (out.some((event) => 'fixed' in event) && out.some((event) => 'last_affected' in event)) {
    throw new Refusal(`${at}: a range uses fixed or last_affected, not both`);
  }
  return out;
}

/** CVSS versions in the order a vector is preferred: v3.x is what NVD and most feeds rate by. */
const CVSS_TYPES = ['CVSS_V3', 'CVSS_V4', 'CVSS_V2'] as const;

function readSeverity(record: OsvRecord): Pick<Advisory, 'severity' | 'cvssVector' | 'cvssScore'> {
  // Top-level severity applies to every package; per-package severity is read when there is none.
  const entries = [
    ...(record.severity ?? []).map((s, i) => ({ ...s, at: `severity[${i}].score` })),
    ...(record.affected ?? []).flatMap((a, i) => (a.severity ?? []).map((s, j) => ({ ...s, at: `affected[${i}].severity[${j}].score` }))),
  ];
  for (const type of CVSS_TYPES) {
    const entry = entries.find((s) => s.type === type);
    if (!entry) continue;
    const scored = cvssBaseScore(entry.score);
    if (!scored.ok) throw new Refusal(`${entry.at}: ${scored.reason}`);
    return { severity: severityFromScore(scored.score), cvssVector: entry.score, cvssScore: scored.score };
  }
  const words: VulnSeverity[] = [];
  for (const entry of entries.filter((s) => s.type === 'Ubuntu')) {
    const word = severityFromUbuntuPriority(entry.score);
    if (!word) throw new Refusal(`${entry.at}: unknown Ubuntu priority ${JSON.stringify(entry.score)}`);
    words.push(word);
  }
  if (!words.length) {
    for (const [i, a] of (record.affected ?? []).entries()) {
      for (const [place, bag] of [['ecosystem_specific', a.ecosystem_specific], ['database_specific', a.database_specific]] as const) {
        const urgency = bag?.urgency;
        if (urgency === undefined) continue;
        const word = typeof urgency === 'string' ? severityFromDebianUrgency(urgency) : undefined;
        if (!word) throw new Refusal(`affected[${i}].${place}.urgency: unknown Debian urgency ${JSON.stringify(urgency)}`);
        words.push(word);
      }
    }
  }
  if (!words.length) {
    const word = record.database_specific?.severity;
    const mapped = typeof word === 'string' ? severityFromDatabaseWord(word) : undefined;
    if (mapped) words.push(mapped);
  }
  return { severity: highestSeverity(words), cvssVector: null, cvssScore: null };
}
