/**
 * The dashboard's aggregates of active alerts, exact over any range and fast at a year of alerts: the full
 * UTC hours (severity counts, the series) or days (top rules and agents) inside the range are summed from the
 * rollups that triggers keep (migration 0028), and only the partial hour or day at each end is counted from
 * `alerts` through its (org_id, is_dismissed, created_at, …) index. All parts are one statement, so they read
 * one snapshot.
 * @module
 */
import { SEVERITIES } from '@vigil/rules';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { StoreValidationError } from '../errors.js';
import { checkRange } from '../internal/epoch-ms.js';
import type { Database } from '../schema.js';
import type { DialectName, TimeRange } from '../shared-types.js';
import {
  MAX_SERIES_BUCKETS,
  MAX_TOP,
  type AlertSeriesBucket,
  type AlertStatsDimension,
  type AlertStatsRepo,
} from './alert-stats-types.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/** `t` rounded down to a multiple of `unit`, exactly (a float division can round up near a boundary). */
const floorTo = (t: number, unit: number): number => t - (((t % unit) + unit) % unit);
const ceilTo = (t: number, unit: number): number => (floorTo(t, unit) === t ? t : floorTo(t, unit) + unit);

/** A rollup level: its bucket size and the query part summing its whole buckets in [from, before). */
interface Level {
  unit: number;
  part: (from: number | undefined, before: number | undefined) => RawBuilder<unknown>;
}

/**
 * The query parts that together count [lo, hi) (either end open): the coarsest level's whole buckets, the
 * next level's whole buckets in what is left at each end, and so on; the alerts themselves (`raw`) for what
 * no level covers. An open end is always the coarsest level's, so what is left for finer levels is bounded.
 */
function split(
  lo: number | undefined,
  hi: number | undefined,
  levels: readonly Level[],
  raw: (from: number, before: number) => RawBuilder<unknown>,
  out: RawBuilder<unknown>[],
): void {
  const [level, ...finer] = levels;
  if (level === undefined) {
    out.push(raw(lo!, hi!));
    return;
  }
  const a = lo === undefined ? undefined : ceilTo(lo, level.unit);
  const b = hi === undefined ? undefined : floorTo(hi, level.unit);
  if (a !== undefined && b !== undefined && a >= b) {
    split(lo, hi, finer, raw, out);
    return;
  }
  out.push(level.part(a, b));
  if (lo !== undefined && lo < a!) split(lo, a, finer, raw, out);
  if (hi !== undefined && b! < hi) split(b, hi, finer, raw, out);
}

/** The parts of an inclusive range joined by UNION ALL; undefined when the range is empty. */
function union(
  range: TimeRange,
  levels: readonly Level[],
  raw: (from: number, before: number) => RawBuilder<unknown>,
): RawBuilder<unknown> | undefined {
  const lo = range.from;
  const hi = range.until === undefined ? undefined : range.until + 1;
  if (lo !== undefined && hi !== undefined && hi <= lo) return undefined;
  const out: RawBuilder<unknown>[] = [];
  split(lo, hi, levels, raw, out);
  return sql.join(out, sql` union all `);
}

/** `and <column> >= from and <column> < before` for the bounds that are set */
function within(column: string, from: number | undefined, before: number | undefined): RawBuilder<unknown> {
  const ref = sql.ref(column);
  const parts = [sql``];
  if (from !== undefined) parts.push(sql` and ${ref} >= ${from}`);
  if (before !== undefined) parts.push(sql` and ${ref} < ${before}`);
  return sql.join(parts, sql``);
}

function checkOrdered(range: TimeRange): void {
  checkRange(range);
  if (range.from !== undefined && range.until !== undefined && range.until < range.from) {
    throw new StoreValidationError('until must not be before from');
  }
}

/**
 * Creates the aggregates repository.
 *
 * ```ts
 * const stats = createAlertStatsRepo(db, 'sqlite');
 * await stats.severityCounts(orgId, { from: Date.now() - 86_400_000 });
 * ```
 */
export function createAlertStatsRepo(db: Kysely<Database>, dialect: DialectName): AlertStatsRepo {
  /** orders ids by code unit as JavaScript does, whatever the database's collation */
  const binary = dialect === 'postgres' ? sql` collate "C"` : sql``;

  // Edges read alerts_stats_idx (org_id, is_dismissed, created_at, severity, rule_id, agent_id) alone. SQLite
  // is told to: for a GROUP BY rule_id/agent_id it would read alerts_rule_idx/alerts_agent_idx in order, that
  // is every alert of the organization, rather than the few in the range.
  const alertsIndex = dialect === 'sqlite' ? sql` indexed by alerts_stats_idx` : sql``;
  const activeAlerts = (orgId: string, from: number, before: number) =>
    sql`from alerts${alertsIndex} where org_id = ${orgId} and is_dismissed = 0${within('created_at', from, before)}`;

  /** the whole buckets of `dim` in alert_counts_daily, selecting `columns` and n */
  const daily = (orgId: string, dim: string, columns: RawBuilder<unknown>, unit: number): Level => ({
    unit,
    part: (from, before) =>
      sql`select ${columns}, n from alert_counts_daily where org_id = ${orgId} and is_dismissed = 0 and dim = ${dim}${within('day', from, before)}`,
  });
  const hourly = (orgId: string, columns: RawBuilder<unknown>): Level => ({
    unit: HOUR,
    part: (from, before) =>
      sql`select ${columns}, n from alert_counts_hourly where org_id = ${orgId} and is_dismissed = 0${within('hour', from, before)}`,
  });
  const severityKey = sql`cast(${sql.ref('key')} as integer) as severity`;

  return {
    async severityCounts(orgId, range) {
      checkOrdered(range);
      const parts = union(
        range,
        [daily(orgId, 'severity', severityKey, DAY), hourly(orgId, sql`severity`)],
        (from, before) => sql`select severity, count(*) as n ${activeAlerts(orgId, from, before)} group by severity`,
      );
      const counts = new Map<number, number>();
      if (parts !== undefined) {
        const { rows } = await sql<{ severity: number; n: number | string }>`
          select severity, sum(n) as n from (${parts}) u group by severity`.execute(db);
        for (const r of rows) counts.set(Number(r.severity), Number(r.n));
      }
      return SEVERITIES.map((severity) => ({ severity, count: counts.get(severity) ?? 0 }));
    },

    async series(orgId, range, bucketMs) {
      checkOrdered(range);
      if (range.from === undefined || range.until === undefined) throw new StoreValidationError('a series needs from and until');
      if (!Number.isSafeInteger(bucketMs) || bucketMs <= 0 || bucketMs % HOUR !== 0) {
        throw new StoreValidationError('bucketMs must be a positive whole number of hours');
      }
      const first = floorTo(range.from, bucketMs);
      const count = (floorTo(range.until, bucketMs) - first) / bucketMs + 1;
      if (count > MAX_SERIES_BUCKETS) {
        throw new StoreValidationError(`the range holds ${count} buckets, more than ${MAX_SERIES_BUCKETS}: use larger buckets`);
      }
      const bucketOf = (column: string) => {
        const b = sql.lit(bucketMs);
        return sql`${sql.ref(column)} - (((${sql.ref(column)} % ${b}) + ${b}) % ${b}) as b`;
      };
      // Days only when a bucket is made of whole days; otherwise a day could straddle two buckets.
      const levels = [
        ...(bucketMs % DAY === 0 ? [daily(orgId, 'severity', sql`${bucketOf('day')}, ${severityKey}`, DAY)] : []),
        hourly(orgId, sql`${bucketOf('hour')}, severity`),
      ];
      const parts = union(
        range,
        levels,
        (from, before) => sql`select ${bucketOf('created_at')}, severity, count(*) as n ${activeAlerts(orgId, from, before)} group by 1, 2`,
      );
      const out: AlertSeriesBucket[] = Array.from({ length: count }, (_, i) => ({ at: first + i * bucketMs, counts: [0, 0, 0] }));
      if (parts === undefined) return out;
      const { rows } = await sql<{ b: number | string; severity: number; n: number | string }>`
        select b, severity, sum(n) as n from (${parts}) u group by b, severity`.execute(db);
      for (const r of rows) out[(Number(r.b) - first) / bucketMs]!.counts[Number(r.severity) - 1] = Number(r.n);
      return out;
    },

    async top(orgId, dimension: AlertStatsDimension, range, limit) {
      checkOrdered(range);
      if (dimension !== 'rule' && dimension !== 'agent') throw new StoreValidationError('dimension must be rule or agent');
      if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_TOP) {
        throw new StoreValidationError(`limit must be an integer from 1 to ${MAX_TOP}`);
      }
      const column = sql.ref(`${dimension}_id`);
      const key = sql`${sql.ref('key')} as k`;
      const parts = union(
        range,
        [daily(orgId, `${dimension}@week`, key, WEEK), daily(orgId, dimension, key, DAY)],
        (from, before) => sql`select ${column} as k, count(*) as n ${activeAlerts(orgId, from, before)} group by ${column}`,
      );
      if (parts === undefined) return [];
      const { rows } = await sql<{ k: string; n: number | string }>`
        select k, sum(n) as n from (${parts}) u where k <> '' group by k
        order by sum(n) desc, k${binary} limit ${limit}`.execute(db);
      return rows.map((r) => ({ id: r.k, count: Number(r.n) }));
    },
  };
}
