/**
 * ThreatQ's default indicator statuses (ids 1–5 are the same on every ThreatQ instance).
 * @module
 */

export interface IndicatorStatus {
  id: number;
  name: string;
  description: string;
}

export const INDICATOR_STATUSES: readonly IndicatorStatus[] = Object.freeze([
  Object.freeze({ id: 1, name: 'Active', description: 'Poses a threat and is being exported to detection tools.' }),
  Object.freeze({ id: 2, name: 'Expired', description: 'No longer poses a serious threat.' }),
  Object.freeze({ id: 3, name: 'Indirect', description: 'Associated to an active indicator or event (i.e. pDNS).' }),
  Object.freeze({ id: 4, name: 'Review', description: 'Requires further analysis.' }),
  Object.freeze({ id: 5, name: 'Whitelisted', description: 'Poses NO risk and should never be deployed.' }),
]);

const byName = new Map(INDICATOR_STATUSES.map((s) => [s.name.toLowerCase(), s]));
const byId = new Map(INDICATOR_STATUSES.map((s) => [s.id, s]));

/** Looks a status up by id, or by name ignoring case and surrounding whitespace. */
export function indicatorStatus(nameOrId: string | number): IndicatorStatus | undefined {
  if (typeof nameOrId === 'number') return byId.get(nameOrId);
  if (typeof nameOrId !== 'string') return undefined;
  return byName.get(nameOrId.trim().toLowerCase());
}
