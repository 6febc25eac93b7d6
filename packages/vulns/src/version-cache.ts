/**
 * Parses each distinct version text once per scheme. A fleet repeats the same few versions of each package
 * on every host, and advisories repeat their fixed versions, so a full match parses thousands of texts
 * rather than millions.
 * @module
 */
import type { AnyVersionScheme, Ordering, ParseResult } from '@vigil/versions';

/** A scheme seen through the cache: parsed versions are opaque and only its own `compare` orders them. */
export interface OpaqueScheme {
  readonly name: string;
  parse(text: string): ParseResult<unknown>;
  compare(a: unknown, b: unknown): Ordering;
}

/** Views any scheme as opaque: the cache only hands a scheme's parsed versions back to that scheme. */
export const opaque = (scheme: AnyVersionScheme): OpaqueScheme => scheme as unknown as OpaqueScheme;

/**
 * ```ts
 * const cache = new VersionCache();
 * const parsed = cache.parse(opaque(dpkgScheme), '2.36-9+deb12u4'); // parsed once, then from the cache
 * ```
 */
export class VersionCache {
  readonly #byScheme = new Map<string, Map<string, ParseResult<unknown>>>();
  /** compiled ranges and listed versions of advisory entries, by scheme and text (compiled-affected.ts) */
  readonly compiled = new Map<string, unknown>();

  /** The scheme's parse result for `text`, from the cache after the first time. */
  parse(scheme: OpaqueScheme, text: string): ParseResult<unknown> {
    let texts = this.#byScheme.get(scheme.name);
    if (texts === undefined) this.#byScheme.set(scheme.name, (texts = new Map()));
    let result = texts.get(text);
    if (result === undefined) texts.set(text, (result = scheme.parse(text)));
    return result;
  }

  /** How many texts are cached, over all schemes. */
  get size(): number {
    let n = 0;
    for (const texts of this.#byScheme.values()) n += texts.size;
    return n;
  }
}
