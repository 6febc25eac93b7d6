/**
 * A map that forgets: each entry for `ttlMs` after it was set, and the least recently used ones past
 * `maxEntries`. For what /proc says about a pid, which is worth asking once per burst of events about it (a
 * shell's children, a server's connections) but not forever (pids are reused).
 * @module
 */
export class RecentMap<K, V> {
  readonly #entries = new Map<K, { at: number; value: V }>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;

  constructor(options: { ttlMs: number; maxEntries: number }) {
    this.#ttlMs = options.ttlMs;
    this.#maxEntries = options.maxEntries;
  }

  /** The value set less than ttlMs before `now`, else `undefined`; a hit becomes the most recently used. */
  get(key: K, now: number): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    if (now - entry.at >= this.#ttlMs) return undefined;
    this.#entries.set(key, entry); // a Map iterates in insertion order: last is most recent
    return entry.value;
  }

  set(key: K, value: V, now: number): void {
    this.#entries.delete(key);
    this.#entries.set(key, { at: now, value });
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxEntries) break;
      this.#entries.delete(oldest);
    }
  }
}
