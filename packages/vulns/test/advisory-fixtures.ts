/**
 * Advisories for the matcher tests: only the fields matching reads are varied.
 */
import type { Advisory, AffectedPackage, AffectedRange, RangeEvent } from '../src/index.js';

/** An advisory about `affected`, with neutral values for everything matching does not read. */
export function advisory(id: string, affected: AffectedPackage[], extra: Partial<Advisory> = {}): Advisory {
  return {
    id,
    cves: [],
    aliases: [],
    source: 'osv',
    summary: '',
    details: '',
    severity: 'high',
    cvssVector: null,
    cvssScore: null,
    published: null,
    modified: '2026-01-01T00:00:00Z',
    withdrawn: null,
    securityNotices: [],
    references: [],
    affected,
    ...extra,
  };
}

/** One ECOSYSTEM range of `events`. */
export const range = (...events: RangeEvent[]): AffectedRange => ({ type: 'ECOSYSTEM', events });

/** An affected package of `ecosystem` (default Debian:12) with ranges and listed versions. */
export function pkg(name: string, ranges: AffectedRange[], versions: string[] = [], ecosystem = 'Debian:12'): AffectedPackage {
  return { ecosystem, name, ranges, versions };
}
