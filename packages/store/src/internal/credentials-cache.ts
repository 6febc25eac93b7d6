/**
 * A short-lived cache of Hawk credentials lookups, which run on every authenticated request. Entries live
 * one second, and any key issue or membership change made through this store clears the cache at once;
 * a change made by another process (another server, the CLI) takes effect within that second.
 * @module
 */
import type { Credentials } from '../types.js';

export interface CredentialsCache {
  get(userId: string, orgId: string): Credentials | undefined;
  /** the generation to pass to `set`: read it before the lookup whose result is stored */
  generation(): number;
  /** stores a lookup's result, unless the cache was cleared since `generation` was read */
  set(userId: string, orgId: string, value: Credentials, generation: number): void;
  /** forget everything (after a key or membership change) */
  clear(): void;
}

/**
 * ```ts
 * const cache = createCredentialsCache({ ttlMs: 1000 });
 * ```
 */
export function createCredentialsCache(options: { ttlMs?: number; maxEntries?: number } = {}): CredentialsCache {
  const ttlMs = options.ttlMs ?? 1000;
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, { value: Credentials; expires: number }>();
  // NUL cannot occur in ids (the repository refuses it before looking up), so the key is unambiguous.
  const keyOf = (userId: string, orgId: string) => `${userId}\0${orgId}`;
  // Bumped by clear(): a lookup that read the database before a key rotation committed must not put its
  // (now stale) answer back after the rotation cleared the cache.
  let current = 0;
  return {
    get(userId, orgId) {
      const key = keyOf(userId, orgId);
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (entry.expires <= Date.now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    generation: () => current,
    set(userId, orgId, value, generation) {
      if (ttlMs <= 0 || generation !== current) return;
      if (entries.size >= maxEntries) entries.clear();
      entries.set(keyOf(userId, orgId), { value, expires: Date.now() + ttlMs });
    },
    clear() {
      current++;
      entries.clear();
    },
  };
}
