/**
 * A small seeded pseudo-random generator (mulberry32) with the helpers the demo dataset needs. Same seed →
 * same sequence on every platform, so the demo data (ids included) is reproducible.
 * @module
 */

/** Deterministic random source; every method advances the same underlying sequence. */
export interface Random {
  /** float in [0, 1) */
  next(): number;
  /** integer in [min, max] (both inclusive) */
  int(min: number, max: number): number;
  /** true with probability `p` */
  chance(p: number): boolean;
  /** one element of a non-empty array */
  pick<T>(items: readonly T[]): T;
  /** one element, chosen proportionally to `weight(item)` */
  weighted<T>(items: readonly T[], weight: (item: T) => number): T;
  /** `length` lowercase hex digits */
  hex(length: number): string;
  /** a version-4, variant-1 UUID string built from this sequence */
  uuid(): string;
}

/**
 * Creates a mulberry32-based {@link Random} for a 32-bit seed.
 *
 * ```ts
 * const rng = createRandom(1);
 * rng.uuid(); // same value on every run for seed 1
 * ```
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const hex = (length: number): string => {
    let out = '';
    for (let i = 0; i < length; i++) out += int(0, 15).toString(16);
    return out;
  };
  return {
    next,
    int,
    hex,
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('pick() from an empty array');
      return items[int(0, items.length - 1)] as T;
    },
    weighted<T>(items: readonly T[], weight: (item: T) => number): T {
      const total = items.reduce((sum, item) => sum + weight(item), 0);
      if (!(total > 0)) throw new RangeError('weighted() needs a positive total weight');
      let r = next() * total;
      for (const item of items) {
        r -= weight(item);
        if (r < 0) return item;
      }
      return items[items.length - 1] as T;
    },
    uuid() {
      const variant = (8 + int(0, 3)).toString(16);
      return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
    },
  };
}
