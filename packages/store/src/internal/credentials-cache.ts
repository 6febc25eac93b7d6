/**
 * A short-lived cache of Hawk credentials lookups, which run on every authenticated request. Entries live
 * one second, and any key issue or membership change made through this store clears the cache at once;
 * a change made by another process (another server, the CLI) takes effect within that second.
 * @module
 */
import type { Credentials } from '../repos/api-keys-types.js';
import { createLookupCache } from './lookup-cache.js';

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
  const cache = createLookupCache<Credentials>(options);
  // NUL cannot occur in ids (the repository refuses it before looking up), so the key is unambiguous.
  const keyOf = (userId: string, orgId: string) => `${userId}\0${orgId}`;
  return {
    get: (userId, orgId) => cache.get(keyOf(userId, orgId)),
    generation: cache.generation,
    set: (userId, orgId, value, generation) => cache.set(keyOf(userId, orgId), value, generation),
    clear: cache.clear,
  };
}
