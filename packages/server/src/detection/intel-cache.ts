/**
 * Each organization's `IntelIndex`, kept current cheaply. At most every `checkEveryMs` (default 1 s) one
 * primary-key read of the organization's intel change counters, which database triggers bump in the same
 * transaction as the write (migration 0016-intel-change-counters), from any process:
 * - `intel` moved (an Active or Whitelisted indicator was added, or changed status, value or deletion —
 *   the expiry worker, bulk status, whitelisting, deletes): the rows updated since the previous check (less
 *   a slack for transactions that committed late) are read and patched in;
 * - `intel_whitelist` moved (an entry, or an indicator entering or leaving Whitelisted): the whitelist
 *   matcher is reloaded — only then;
 * - `intel_purge` moved (indicators removed outright), or `rebuildEveryMs` (default 10 min) passed with
 *   some change since the last build: rebuilt from every row.
 * An idle organization costs one small read a second, whatever its number of indicators. An indicator
 * added, expired, whitelisted or deleted is seen within about a second plus one detection pass, well
 * inside 5 seconds.
 * @module
 */
import type { Store } from '@vigil/store';
import { IntelIndex } from './intel-index.js';

export interface IntelCache {
  /** the organization's index, refreshed when due */
  get(orgId: string): Promise<IntelIndex>;
}

export interface IntelCacheOptions {
  store: Store;
  checkEveryMs?: number;
  rebuildEveryMs?: number;
  now?: () => number;
}

/** A write stamped `now` at its start may commit this much later than a write stamped after it. */
const LATE_COMMIT_SLACK_MS = 30_000;
const SCOPES = ['intel', 'intel_whitelist', 'intel_purge'] as const;
type Versions = Record<(typeof SCOPES)[number], number>;

interface Entry {
  index: IntelIndex;
  versions: Versions;
  /** when the counters were last read: every change committed before is applied */
  syncedAt: number;
  checkedAt: number;
  builtAt: number;
  /** the `intel` counter the index was last built at */
  builtVersion: number;
}

/**
 * ```ts
 * const intel = createIntelCache({ store });
 * (await intel.get(orgId)).match(event.data);
 * ```
 */
export function createIntelCache(options: IntelCacheOptions): IntelCache {
  const { store } = options;
  const checkEveryMs = options.checkEveryMs ?? 1000;
  const rebuildEveryMs = options.rebuildEveryMs ?? 600_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();

  /** Counters are read before the rows, so a write committing in between shows as a change next time. */
  async function build(orgId: string, versions: Versions, at: number): Promise<Entry> {
    const index = new IntelIndex();
    index.apply(await store.indicators.matchRows(orgId));
    index.whitelist = await store.indicatorLifecycle.whitelistMatcher(orgId);
    return { index, versions, syncedAt: at, checkedAt: at, builtAt: at, builtVersion: versions.intel };
  }

  return {
    async get(orgId) {
      const entry = entries.get(orgId);
      const t = now();
      if (entry !== undefined && t - entry.checkedAt < checkEveryMs) return entry.index;
      const versions = await store.changes.versions(orgId, SCOPES);
      const stale = entry !== undefined && t - entry.builtAt >= rebuildEveryMs && versions.intel !== entry.builtVersion;
      if (entry === undefined || versions.intel_purge !== entry.versions.intel_purge || stale) {
        const built = await build(orgId, versions, t);
        entries.set(orgId, built);
        return built.index;
      }
      if (versions.intel !== entry.versions.intel) {
        entry.index.apply(await store.indicators.matchRows(orgId, entry.syncedAt - LATE_COMMIT_SLACK_MS));
      }
      if (versions.intel_whitelist !== entry.versions.intel_whitelist) {
        entry.index.whitelist = await store.indicatorLifecycle.whitelistMatcher(orgId);
      }
      // Every change committed before these counters were read is applied now.
      entry.versions = versions;
      entry.syncedAt = t;
      entry.checkedAt = t;
      return entry.index;
    },
  };
}
