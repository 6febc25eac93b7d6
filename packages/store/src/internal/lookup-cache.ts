/**
 * The mechanism behind the per-request lookup caches (Hawk credentials, OAuth access tokens): entries live
 * `ttlMs`, the map is bounded, and `clear()` (called after anything that may end or change a session)
 * also bumps a generation so a lookup that read the database before the change cannot store its stale
 * answer after it.
 * @module
 */

export interface LookupCache<V> {
  /** the fresh value for `key`, if any */
  get(key: string): V | undefined;
  /** the generation to pass to `set`: read it before the lookup whose result is stored */
  generation(): number;
  /** stores a lookup's result, unless the cache was cleared since `generation` was read */
  set(key: string, value: V, generation: number): void;
  /** forget everything */
  clear(): void;
}

/**
 * ```ts
 * const cache = createLookupCache<Credentials>({ ttlMs: 1000 });
 * const g = cache.generation(); const found = await read(); cache.set(key, found, g);
 * ```
 */
export function createLookupCache<V>(options: { ttlMs?: number; maxEntries?: number } = {}): LookupCache<V> {
  const ttlMs = options.ttlMs ?? 1000;
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, { value: V; freshUntil: number }>();
  let current = 0;
  return {
    get(key) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (entry.freshUntil <= Date.now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    generation: () => current,
    set(key, value, generation) {
      if (ttlMs <= 0 || generation !== current) return;
      if (entries.size >= maxEntries) entries.clear();
      entries.set(key, { value, freshUntil: Date.now() + ttlMs });
    },
    clear() {
      current++;
      entries.clear();
    },
  };
}
