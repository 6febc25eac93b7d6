/**
 * A short-lived cache of OAuth access-token lookups, which run on every request of the ThreatQ-compatible
 * API (a four-table join). Entries are keyed by the token's digest (the token itself is never kept) and
 * live one second. Every revocation made through this store (client revoked, refresh spent, password
 * changed, tokens of a user revoked, membership changed or removed) clears the cache at once; a change made
 * by another process (another server, the CLI, SQL by hand) takes effect within that second, as for the
 * Hawk credentials cache. Expiry is checked on every hit, so an expired token is never answered from here.
 * @module
 */
import type { OAuthPrincipal } from '../types.js';

export interface AccessTokenCache {
  /** the cached principal of a digest, when fresh and its token unexpired at `now` */
  get(digest: string, now: number): OAuthPrincipal | undefined;
  /** the generation to pass to `set`: read it before the lookup whose result is stored */
  generation(): number;
  /** stores a lookup's result, unless the cache was cleared since `generation` was read */
  set(digest: string, principal: OAuthPrincipal, generation: number): void;
  /** forget everything (after anything that may end or change a session) */
  clear(): void;
}

/**
 * ```ts
 * const cache = createAccessTokenCache({ ttlMs: 1000 });
 * ```
 */
export function createAccessTokenCache(options: { ttlMs?: number; maxEntries?: number } = {}): AccessTokenCache {
  const ttlMs = options.ttlMs ?? 1000;
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, { principal: OAuthPrincipal; freshUntil: number }>();
  // Bumped by clear(): a lookup that read the database before a revocation committed must not put its
  // (now stale) answer back after the revocation cleared the cache.
  let current = 0;
  return {
    get(digest, now) {
      const entry = entries.get(digest);
      if (entry === undefined) return undefined;
      if (entry.freshUntil <= Date.now()) {
        entries.delete(digest);
        return undefined;
      }
      return entry.principal.accessExpiresAt > now ? entry.principal : undefined;
    },
    generation: () => current,
    set(digest, principal, generation) {
      if (ttlMs <= 0 || generation !== current) return;
      if (entries.size >= maxEntries) entries.clear();
      entries.set(digest, { principal, freshUntil: Date.now() + ttlMs });
    },
    clear() {
      current++;
      entries.clear();
    },
  };
}
