/**
 * An in-process replay cache for Hawk nonces.
 * @module
 */

/** Options for {@link MemoryNonceCache}. */
export interface MemoryNonceCacheOptions {
  /** how long a nonce is remembered at least; default 120 000 ms (2 × the default 60 s skew) */
  ttlMs?: number;
  /** hard cap on remembered nonces; default 100 000 */
  maxEntries?: number;
  /** current time in ms, for tests */
  now?: () => number;
}

/**
 * Remembers `(id, nonce, ts)` triples so a captured header cannot be replayed inside the skew window.
 * Entries live in two generations of `ttlMs` each: a lookup checks both, and when a generation ages
 * out the older one is dropped whole, so expiry costs O(1) and nothing is scanned. Every entry is
 * remembered for at least `ttlMs` and at most twice that. Past `maxEntries` the oldest entry is
 * evicted, trading replay protection for bounded memory under a flood of signed requests (only key
 * holders can add entries, since the MAC is checked first). One process only: use a shared store
 * (e.g. Redis `SET NX PX`) when several processes serve the same clients.
 *
 * ```ts
 * const nonces = new MemoryNonceCache({ ttlMs: 2 * 60_000 });
 * await authenticate(info, { getCredentials, checkNonce: (id, nonce, ts) => nonces.check(id, nonce, ts) });
 * ```
 */
export class MemoryNonceCache {
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  #current = new Set<string>();
  #previous = new Set<string>();
  #generationStart: number;

  constructor(options: MemoryNonceCacheOptions = {}) {
    this.#ttlMs = options.ttlMs ?? 120_000;
    this.#maxEntries = options.maxEntries ?? 100_000;
    if (!(this.#ttlMs > 0) || !Number.isInteger(this.#maxEntries) || this.#maxEntries < 1) {
      throw new RangeError('MemoryNonceCache needs ttlMs > 0 and an integer maxEntries >= 1');
    }
    this.#now = options.now ?? Date.now;
    this.#generationStart = this.#now();
  }

  /**
   * Records the triple and returns true, or returns false when it was already seen (a replay).
   *
   * ```ts
   * cache.check('user-1', 'j4h3g2', 1353832234); // true
   * cache.check('user-1', 'j4h3g2', 1353832234); // false
   * ```
   */
  check(key: string, nonce: string, ts: number): boolean {
    this.#expire();
    // Length prefixes make the composite unambiguous whatever characters key and nonce contain.
    const entry = `${key.length}:${key}${nonce.length}:${nonce}${ts}`;
    if (this.#current.has(entry) || this.#previous.has(entry)) return false;
    if (this.size >= this.#maxEntries) this.#evictOldest();
    this.#current.add(entry);
    return true;
  }

  /**
   * How many triples are remembered right now.
   *
   * ```ts
   * cache.size; // 0 after construction
   * ```
   */
  get size(): number {
    return this.#current.size + this.#previous.size;
  }

  #expire(): void {
    const elapsed = this.#now() - this.#generationStart;
    if (elapsed < this.#ttlMs) return;
    this.#previous = elapsed >= 2 * this.#ttlMs ? new Set() : this.#current;
    this.#current = new Set();
    this.#generationStart += elapsed >= 2 * this.#ttlMs ? elapsed : this.#ttlMs;
  }

  #evictOldest(): void {
    // Sets iterate in insertion order, so the first element of the older generation is the oldest.
    const from = this.#previous.size > 0 ? this.#previous : this.#current;
    const oldest = from.values().next();
    if (!oldest.done) from.delete(oldest.value);
  }
}
