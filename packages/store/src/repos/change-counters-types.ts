/**
 * Types of the change counters repository (`change-counters.ts`).
 * @module
 */

/** What a change counter covers: every write to alerts (and their events), or to agents. */
/** `intel*`: detection's intel index (migration 0016-intel-change-counters) */
/** `advisories`: the global advisory feed, under the organization id `''` (migration 0026-advisories-change-counter) */
export type ChangeScope = 'alerts' | 'agents' | 'intel' | 'intel_whitelist' | 'intel_purge' | 'advisories';

export interface ChangeCountersRepo {
  /** the organization's counter for `scope`; it grows with every write, from any process */
  version(orgId: string, scope: ChangeScope): Promise<number>;
  /** several counters in one indexed read; a scope never written is 0 */
  versions<S extends ChangeScope>(orgId: string, scopes: readonly S[]): Promise<Record<S, number>>;
}
