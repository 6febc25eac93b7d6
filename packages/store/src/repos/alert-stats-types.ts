/**
 * Types of the dashboard aggregates (`alert-stats.ts`). Every count is of active (not dismissed) alerts whose
 * `createdAt` is within the range, both ends inclusive as everywhere in the store.
 * @module
 */
import type { Severity } from '@vigil/rules';
import type { TimeRange } from '../shared-types.js';

/** What a top list ranks by. */
export type AlertStatsDimension = 'rule' | 'agent';

/** One bucket of the series: its start (epoch ms) and its alerts of severity 1, 2 and 3. */
export interface AlertSeriesBucket {
  at: number;
  counts: [number, number, number];
}

/** Most buckets one series may have (a larger range needs a larger bucket). */
export const MAX_SERIES_BUCKETS = 10_000;
/** The bucket sizes a chart picks from (hour, 6 hours, day, week), smallest first. */
export const SERIES_BUCKETS_MS = [3_600_000, 21_600_000, 86_400_000, 604_800_000] as const;

/**
 * The smallest of SERIES_BUCKETS_MS that cuts [from, until] into at most `points` buckets (the largest when
 * none does).
 *
 * ```ts
 * seriesBucketFor(Date.now() - 30 * 86_400_000, Date.now()); // 21_600_000: 121 six-hour buckets
 * ```
 */
export function seriesBucketFor(from: number, until: number, points = 400): number {
  const fits = SERIES_BUCKETS_MS.find((b) => Math.floor(until / b) - Math.floor(from / b) + 1 <= points);
  return fits ?? SERIES_BUCKETS_MS[SERIES_BUCKETS_MS.length - 1];
}

/** Longest top list. */
export const MAX_TOP = 100;

export interface AlertStatsRepo {
  /** active alerts by severity; always three entries 1, 2, 3 */
  severityCounts(orgId: string, range: TimeRange): Promise<Array<{ severity: Severity; count: number }>>;
  /**
   * Active alerts per bucket of `bucketMs` (a whole number of hours), buckets aligned on multiples of
   * `bucketMs` since the epoch (UTC), from the one holding `from` to the one holding `until`, empty ones
   * included; at most MAX_SERIES_BUCKETS.
   */
  series(orgId: string, range: Required<TimeRange>, bucketMs: number): Promise<AlertSeriesBucket[]>;
  /** the `limit` (1…MAX_TOP) rules or agents with most active alerts, most first, ties by id; alerts without one are left out */
  top(orgId: string, dimension: AlertStatsDimension, range: TimeRange, limit: number): Promise<Array<{ id: string; count: number }>>;
}
