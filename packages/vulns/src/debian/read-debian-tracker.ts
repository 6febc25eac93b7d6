/**
 * The Debian security tracker's JSON (https://security-tracker.debian.org/tracker/data/json) → advisories.
 * The tracker keys by source package, then by CVE; each (CVE, source package) pair becomes one advisory
 * with id `DEBIAN-TRACKER-<CVE>-<package>` — unique (a CVE id ends at the first `-` after its digits),
 * stable across imports, and distinct from OSV's own `DEBIAN-CVE-…` records so both feeds can be imported
 * side by side.
 * @module
 */
import type { Advisory, AffectedPackage } from '../advisory.js';
import type { RecordResult } from '../osv/read-osv-record.js';
import type { VulnSeverity } from '../severity.js';
import { highestSeverity, severityFromDebianUrgency } from '../vendor-severity.js';
import { debianEcosystem } from './debian-releases.js';

/** One tracker entry read: `entry` is `<package>/<CVE>`, the place a refusal points to. */
export type TrackerEntryResult = RecordResult & { entry: string };

/**
 * The tracker dates nothing, so every advisory it yields carries this `modified`: a re-import of
 * unchanged data must compare equal, which the import time would prevent.
 */
export const DEBIAN_TRACKER_MODIFIED = '1970-01-01T00:00:00Z';

const CVE = /^CVE-\d{4}-\d{4,}$/;
const PACKAGE = /^[a-z0-9][a-z0-9+.-]*$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * True when a parsed JSON document has the tracker's shape (source packages → CVE or TEMP ids → objects),
 * judged from its first entries.
 *
 * ```ts
 * looksLikeDebianTracker({ openssl: { 'CVE-2023-5678': { releases: {} } } }); // true
 * ```
 */
export function looksLikeDebianTracker(doc: unknown): boolean {
  if (!isObject(doc) || 'id' in doc) return false;
  const first = Object.values(doc).slice(0, 5);
  return first.length > 0 && first.every((pkg) => isObject(pkg) && Object.keys(pkg).some((k) => /^(CVE|TEMP)-/.test(k)));
}

/**
 * Reads every (source package, CVE) entry of a parsed tracker document. Per release: `fixed_version` "0"
 * means the release was never affected (no entry); `resolved` with a version is affected from 0 to that
 * fix; `open` or `undetermined` is affected with no fix. Releases marked `<no-dsa>`, `<ignored>` or
 * `<postponed>` in the tracker's source data are `open` here — still vulnerable, merely not worth a
 * security update — and stay affected. Severity is the highest urgency (with the tracker's `**` guess
 * marker dropped); `TEMP-…` entries (no CVE yet) are skipped, as OSV's converter skips them.
 *
 * ```ts
 * for (const result of readDebianTracker(JSON.parse(text))) {
 *   if (result.ok) batch.push(result.advisory); else errors.push(`${result.entry}: ${result.reason}`);
 * }
 * ```
 */
export function* readDebianTracker(doc: unknown): Generator<TrackerEntryResult> {
  if (!isObject(doc)) {
    yield { ok: false, entry: 'tracker', reason: 'tracker: must be a JSON object of source packages' };
    return;
  }
  for (const [pkg, cves] of Object.entries(doc)) {
    if (!isObject(cves)) {
      yield { ok: false, entry: pkg, reason: `${pkg}: must be an object of CVE entries` };
      continue;
    }
    for (const [cve, data] of Object.entries(cves)) {
      if (cve.startsWith('TEMP-')) continue;
      yield { entry: `${pkg}/${cve}`, ...readEntry(pkg, cve, data) };
    }
  }
}

function readEntry(pkg: string, cve: string, data: unknown): RecordResult {
  const at = `${pkg}/${cve}`;
  if (!PACKAGE.test(pkg)) return { ok: false, reason: `${pkg}: not a Debian source package name` };
  if (!CVE.test(cve)) return { ok: false, reason: `${at}: not a CVE id` };
  if (!isObject(data)) return { ok: false, reason: `${at}: must be an object` };
  if (data.description !== undefined && typeof data.description !== 'string') return { ok: false, reason: `${at}.description: must be a string` };
  if (!isObject(data.releases)) return { ok: false, reason: `${at}.releases: must be an object of releases` };
  const affected: AffectedPackage[] = [];
  const severities: VulnSeverity[] = [];
  for (const [codename, release] of Object.entries(data.releases)) {
    const where = `${at}.releases.${codename}`;
    if (!isObject(release)) return { ok: false, reason: `${where}: must be an object` };
    const { status, fixed_version: fixed, urgency } = release;
    if (typeof status !== 'string') return { ok: false, reason: `${where}.status: must be a string` };
    if (fixed !== undefined && (typeof fixed !== 'string' || fixed === '')) return { ok: false, reason: `${where}.fixed_version: must be a non-empty string` };
    if (urgency !== undefined) {
      const severity = typeof urgency === 'string' ? severityFromDebianUrgency(urgency) : undefined;
      if (!severity) return { ok: false, reason: `${where}.urgency: unknown urgency ${JSON.stringify(urgency)}` };
      severities.push(severity);
    }
    if (fixed === '0') continue; // never affected
    let events;
    if (status === 'resolved') {
      if (fixed === undefined) return { ok: false, reason: `${where}.fixed_version: a resolved release needs one` };
      events = [{ introduced: '0' }, { fixed }];
    } else if (status === 'open' || status === 'undetermined') {
      events = fixed === undefined ? [{ introduced: '0' }] : [{ introduced: '0' }, { fixed }];
    } else return { ok: false, reason: `${where}.status: unknown status ${JSON.stringify(status)}` };
    const ecosystem = debianEcosystem(codename);
    if (ecosystem) affected.push({ ecosystem, name: pkg, ranges: [{ type: 'ECOSYSTEM', events }], versions: [] });
  }
  affected.sort((a, b) => (a.ecosystem < b.ecosystem ? -1 : a.ecosystem > b.ecosystem ? 1 : 0));
  const advisory: Advisory = {
    id: `DEBIAN-TRACKER-${cve}-${pkg}`,
    cves: [cve],
    aliases: [],
    source: 'debian-tracker',
    summary: '',
    details: typeof data.description === 'string' ? data.description : '',
    severity: highestSeverity(severities),
    cvssVector: null,
    cvssScore: null,
    published: null,
    modified: DEBIAN_TRACKER_MODIFIED,
    withdrawn: null,
    securityNotices: [],
    references: [`https://security-tracker.debian.org/tracker/${cve}`],
    affected,
  };
  return { ok: true, advisory };
}
