/**
 * Query strings: dates become ISO-8601 UTC, arrays repeat the key, undefined is left out.
 * @module
 */

/** A value a query parameter accepts. */
export type QueryValue = string | number | boolean | Date | null | undefined | ReadonlyArray<string | number>;

/**
 * A Date as ISO-8601 UTC; a string is passed through (the server reads ISO-8601 and treats a time
 * without an offset as UTC, so re-parsing it here in local time would shift it).
 *
 * ```ts
 * isoTime(new Date(0)); // '1970-01-01T00:00:00.000Z'
 * ```
 */
export function isoTime(value: Date | string): string {
  if (typeof value === 'string') return value;
  if (Number.isNaN(value.getTime())) throw new TypeError('Invalid Date');
  return value.toISOString();
}

/**
 * Appends the parameters to a URL in insertion order.
 *
 * ```ts
 * appendQuery(url, { status: 'online', from: new Date(0), token: undefined });
 * ```
 */
export function appendQuery(url: URL, query: Record<string, QueryValue> | undefined): void {
  if (!query) return;
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) url.searchParams.append(key, String(item));
    } else if (value instanceof Date) {
      url.searchParams.append(key, isoTime(value));
    } else {
      url.searchParams.append(key, String(value));
    }
  }
}
