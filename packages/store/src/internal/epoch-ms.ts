/**
 * Validation of epoch-millisecond values. They are stored in BIGINT columns: PostgreSQL rejects `1.5`
 * there with a server error and SQLite would silently store a REAL, so both dialects refuse non-integers
 * up front with the same StoreValidationError.
 * @module
 */
import { StoreValidationError } from '../errors.js';
import type { TimeRange } from '../shared-types.js';

/**
 * Returns `value` when it is an integer number of milliseconds, else throws StoreValidationError.
 *
 * ```ts
 * const createdAt = epochMs(alert.createdAt, 'alert createdAt');
 * ```
 */
export function epochMs(value: number, what: string): number {
  if (!Number.isSafeInteger(value)) throw new StoreValidationError(`${what} must be integer epoch milliseconds`);
  return value;
}

/**
 * Like {@link epochMs} for nullable values.
 *
 * ```ts
 * epochMsOrNull(agent.lastReportedAt ?? null, 'agent lastReportedAt');
 * ```
 */
export function epochMsOrNull(value: number | null, what: string): number | null {
  return value === null ? null : epochMs(value, what);
}

/**
 * Checks both (optional) ends of a time range.
 *
 * ```ts
 * checkRange({ from: Date.now() - 86_400_000 });
 * ```
 */
export function checkRange(range: TimeRange): void {
  if (range.from !== undefined) epochMs(range.from, 'from');
  if (range.until !== undefined) epochMs(range.until, 'until');
}
