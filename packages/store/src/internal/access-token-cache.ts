/**
 * A short-lived cache of OAuth access-token lookups, which run on every request of the ThreatQ-compatible
 * API (a four-table join). Entries are keyed by the token's digest (the token itself is never kept) and
 * live one second. Every revocation made through this store (client revoked, refresh spent, password
 * changed, tokens of a user revoked, membership changed or removed) clears the cache at once; a change made
 * by another process (another server, the CLI, SQL by hand) takes effect within that second, as for the
 * Hawk credentials cache. Expiry is checked on every hit, so an expired token is never answered from here.
 * @module
 */
import type { OAuthPrincipal } from '../repos/oauth-types.js';
import { createLookupCache } from './lookup-cache.js';

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
  const cache = createLookupCache<OAuthPrincipal>(options);
  return {
    get(digest, now) {
      const principal = cache.get(digest);
      return principal !== undefined && principal.accessExpiresAt > now ? principal : undefined;
    },
    generation: cache.generation,
    set: cache.set,
    clear: cache.clear,
  };
}
