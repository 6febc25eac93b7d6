/**
 * The result of normalizing an indicator value, and helpers to build one.
 * @module
 */

/** A canonical value, or a short sentence saying what is wrong (shown to API clients in 400 errors). */
export type Normalized = { ok: true; value: string } | { ok: false; reason: string };

export function ok(value: string): Normalized {
  return { ok: true, value };
}

export function fail(reason: string): Normalized {
  return { ok: false, reason };
}

/** Quotes a value for a reason, shortened so a 2 KB value does not become a 2 KB error message. */
export function quote(value: string): string {
  const shown = value.length > 64 ? `${value.slice(0, 61)}...` : value;
  return JSON.stringify(shown);
}
