/**
 * STIX 2.1 timestamps (spec §3.2): RFC 3339 in UTC with a `Z`; `created` and `modified` carry exactly
 * millisecond precision, which is what Date#toISOString gives.
 * @module
 */

/** `2026-11-25T15:53:08.000Z` for epoch milliseconds. */
export function stixTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}

/** RFC 3339 UTC timestamps as STIX writes them: optional fractional seconds, always `Z`. */
export const STIX_TIMESTAMP = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?Z$/;

/** The same with exactly three fractional digits (required for `created` and `modified`). */
export const STIX_TIMESTAMP_MS = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)\.\d{3}Z$/;

/**
 * Epoch ms of a STIX timestamp, or undefined when it is not one. The date must exist: Date.parse rolls
 * `2024-02-30` over to March 1st, so the parsed day must read back as written.
 */
export function parseStixTimestamp(value: unknown): number | undefined {
  if (typeof value !== 'string' || !STIX_TIMESTAMP.test(value)) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value.slice(0, 10)) return undefined;
  return ms;
}
