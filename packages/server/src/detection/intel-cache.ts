/**
 * Each organization's `IntelIndex`, kept current cheaply: at most every `checkEveryMs` (default 1 s) one
 * fingerprint query (row count, newest `updated_at`); when the newest changed, only the rows updated since
 * then (less a slack for transactions that committed late) are read and patched in. A shrinking count (rows
 * removed outright) or `rebuildEveryMs` (default 10 min) rebuilds from every row. So an indicator added,
 * whitelisted or deleted is seen within about a second plus one detection pass, well inside 5 seconds.
 * The organization's whitelist (values and CIDR blocks, `indicatorLifecycle.whitelistMatcher`) is reloaded
 * with every change of indicators and otherwise every `whitelistEveryMs` (default 4 s).
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
  whitelistEveryMs?: number;
  now?: () => number;
}

/** A write stamped `now` at its start may commit this much later than a write stamped after it. */
const LATE_COMMIT_SLACK_MS = 30_000;

interface Entry {
  index: IntelIndex;
  count: number;
  newest: number;
  checkedAt: number;
  builtAt: number;
  whitelistAt: number;
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
  const whitelistEveryMs = options.whitelistEveryMs ?? 4000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();

  async function build(orgId: string, count: number, newest: number): Promise<Entry> {
    const index = new IntelIndex();
    index.apply(await store.indicators.matchRows(orgId));
    index.whitelist = await store.indicatorLifecycle.whitelistMatcher(orgId);
    const at = now();
    return { index, count, newest, checkedAt: at, builtAt: at, whitelistAt: at };
  }

  return {
    async get(orgId) {
      const entry = entries.get(orgId);
      const t = now();
      if (entry !== undefined && t - entry.checkedAt < checkEveryMs) return entry.index;
      const { count, newest } = await store.indicators.matchFingerprint(orgId);
      if (entry === undefined || count < entry.count || t - entry.builtAt >= rebuildEveryMs) {
        const built = await build(orgId, count, newest);
        entries.set(orgId, built);
        return built.index;
      }
      if (newest !== entry.newest || count !== entry.count) {
        entry.index.apply(await store.indicators.matchRows(orgId, Math.min(entry.newest, newest) - LATE_COMMIT_SLACK_MS));
        entry.count = count;
        entry.newest = newest;
        entry.whitelistAt = 0;
      }
      if (t - entry.whitelistAt >= whitelistEveryMs) {
        entry.index.whitelist = await store.indicatorLifecycle.whitelistMatcher(orgId);
        entry.whitelistAt = t;
      }
      entry.checkedAt = t;
      return entry.index;
    },
  };
}
