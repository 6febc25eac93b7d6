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

/** `t` rounded down to a multiple of `unit`, exactly (a float division can round up near a boundary). */
const floorTo = (t: number, unit: number): number => t - (((t % unit) + unit) % unit);
const ceilTo = (t: number, unit: number): number => (floorTo(t, unit) === t ? t : floorTo(t, unit) + unit);

/**
 * A range cut at `unit` boundaries: the whole units [fullFrom, fullBefore) (either end open when the range
 * is) and the partial pieces at the ends, as half-open [start, end) intervals. `undefined` for an empty range.
 */
interface Cut {
  full?: { from?: number; before?: number };
  edges: Array<[number, number]>;
}

function cut(range: TimeRange, unit: number): Cut | undefined {
  const lo = range.from;
  const hi = range.until === undefined ? undefined : range.until + 1;
  if (lo !== undefined && hi !== undefined && hi <= lo) return undefined;
  const a = lo === undefined ? undefined : ceilTo(lo, unit);
  const b = hi === undefined ? undefined : floorTo(hi, unit);
  if (a !== undefined && b !== undefined && a >= b) return { edges: [[lo!, hi!]] };
  const edges: Array<[number, number]> = [];
  if (lo !== undefined && lo < a!) edges.push([lo, a!]);
  if (hi !== undefined && b! < hi) edges.push([b!, hi]);
  return { full: { from: a, before: b }, edges };
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

  /**
   * The union of the rollup's full units and the alerts table's partial ends, each part selecting
   * `columns` (the rollup's and the alerts table's spelling) and `n`; undefined when the range is empty.
   */
  function parts(
    range: TimeRange,
    unit: number,
    rollup: (full: NonNullable<Cut['full']>) => RawBuilder<unknown>,
    edge: (from: number, before: number) => RawBuilder<unknown>,
  ): RawBuilder<unknown> | undefined {
    const pieces = cut(range, unit);
    if (pieces === undefined) return undefined;
    const all = pieces.edges.map(([from, before]) => edge(from, before));
    if (pieces.full !== undefined) all.push(rollup(pieces.full));
    return sql.join(all, sql` union all `);
  }

  // SQLite would read a GROUP BY rule_id/agent_id in order from alerts_rule_idx/alerts_agent_idx, that is
  // every alert of the organization, rather than the few in the range: it is told which index to use.
  const alertsIndex = dialect === 'sqlite' ? sql` indexed by alerts_list_idx` : sql``;
  const activeAlerts = (orgId: string, from: number, before: number) =>
    sql`from alerts${alertsIndex} where org_id = ${orgId} and is_dismissed = 0${within('created_at', from, before)}`;

  async function severityCounts(orgId: string, range: TimeRange) {
    const union = parts(
      range,
      HOUR,
      (f) =>
        sql`select severity, sum(n) as n from alert_counts_hourly where org_id = ${orgId} and is_dismissed = 0${within('hour', f.from, f.before)} group by severity`,
      (from, before) => sql`select severity, count(*) as n ${activeAlerts(orgId, from, before)} group by severity`,
    );
    const counts = new Map<number, number>();
    if (union !== undefined) {
      const { rows } = await sql<{ severity: number; n: number | string }>`
        select severity, sum(n) as n from (${union}) u group by severity`.execute(db);
      for (const r of rows) counts.set(Number(r.severity), Number(r.n));
    }
    return SEVERITIES.map((severity) => ({ severity, count: counts.get(severity) ?? 0 }));
  }

  return {
    async severityCounts(orgId, range) {
      checkOrdered(range);
      return severityCounts(orgId, range);
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
        return sql`${sql.ref(column)} - (((${sql.ref(column)} % ${b}) + ${b}) % ${b})`;
      };
      const union = parts(
        range,
        HOUR,
        (f) =>
          sql`select ${bucketOf('hour')} as b, severity, sum(n) as n from alert_counts_hourly
            where org_id = ${orgId} and is_dismissed = 0${within('hour', f.from, f.before)} group by 1, 2`,
        (from, before) =>
          sql`select ${bucketOf('created_at')} as b, severity, count(*) as n ${activeAlerts(orgId, from, before)} group by 1, 2`,
      );
      const out: AlertSeriesBucket[] = Array.from({ length: count }, (_, i) => ({ at: first + i * bucketMs, counts: [0, 0, 0] }));
      if (union === undefined) return out;
      const { rows } = await sql<{ b: number | string; severity: number; n: number | string }>`
        select b, severity, sum(n) as n from (${union}) u group by b, severity`.execute(db);
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
      const union = parts(
        range,
        DAY,
        (f) =>
          sql`select ${sql.ref('key')} as k, n from alert_counts_daily
            where org_id = ${orgId} and is_dismissed = 0 and dim = ${dimension}${within('day', f.from, f.before)}`,
        (from, before) => sql`select ${column} as k, count(*) as n ${activeAlerts(orgId, from, before)} group by ${column}`,
      );
      if (union === undefined) return [];
      const { rows } = await sql<{ k: string; n: number | string }>`
        select k, sum(n) as n from (${union}) u where k <> '' group by k
        order by sum(n) desc, k${binary} limit ${limit}`.execute(db);
      return rows.map((r) => ({ id: r.k, count: Number(r.n) }));
    },
  };
}
