/**
 * A short-lived cache of Hawk credentials lookups, which run on every authenticated request. Entries live
 * one second, and any key issue or membership change made through this store clears the cache at once;
 * a change made by another process (another server, the CLI) takes effect within that second.
 * @module
 */
import type { Credentials } from '../types.js';

export interface CredentialsCache {
  get(userId: string, orgId: string): Credentials | undefined;
  set(userId: string, orgId: string, value: Credentials): void;
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
    set(userId, orgId, value) {
      if (ttlMs <= 0) return;
      if (entries.size >= maxEntries) entries.clear();
      entries.set(keyOf(userId, orgId), { value, expires: Date.now() + ttlMs });
    },
    clear() {
      entries.clear();
    },
  };
}
