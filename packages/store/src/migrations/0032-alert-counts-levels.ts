/**
 * Coarser levels for the dashboard's rollups (0028), measured at 1,000,000 alerts: a year's severity counts
 * summed 26,000 hourly rows and a year's top hosts 110,000 daily ones, and the partial days at a range's ends
 * looked up each alert's row for its rule and agent. Now `alert_counts_daily` also holds
 *   - dim `severity`: alerts per UTC day and severity (key '1', '2', '3');
 *   - dims `rule@week` and `agent@week`: per 7-day bucket (since 1970, in the `day` column) and rule or agent;
 * so a range is read coarsest first (weeks or days, then days or hours, then the alerts at the ends), and
 * `alerts_stats_idx` covers what those ends read, so they come from the index alone.
 * @module
 */
import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';
import { ROLLUPS_0028 } from './0028-alert-counts.js';
import {
  addGrouped,
  ALERT_COLUMNS,
  dropCountTriggers,
  floorSql,
  postgresCountTriggers,
  sqliteCountTriggers,
  type Rollup,
} from './alert-count-triggers.js';

const DAY = 86_400_000;
const WEEK = 7 * DAY;

const daily = (dim: string, unit: number, key: (r: string) => string): Rollup => ({
  table: 'alert_counts_daily',
  keys: [
    ['org_id', (r) => `${r}.org_id`],
    ['is_dismissed', (r) => `${r}.is_dismissed`],
    ['dim', () => `'${dim}'`],
    ['day', (r) => floorSql(`${r}.created_at`, unit)],
    ['key', key],
  ],
});

const ADDED: readonly Rollup[] = [
  daily('severity', DAY, (r) => `cast(${r}.severity as text)`),
  daily('rule@week', WEEK, (r) => `coalesce(${r}.rule_id, '')`),
  daily('agent@week', WEEK, (r) => `coalesce(${r}.agent_id, '')`),
];

/**
 * ```ts
 * await alertCountsLevels.up(db);
 * ```
 */
export const alertCountsLevels: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    await dropCountTriggers(db, postgres);
    for (const u of ADDED) await sql.raw(addGrouped(u, `SELECT ${ALERT_COLUMNS}, 1 AS d FROM alerts WHERE true`)).execute(db);
    const all = [...ROLLUPS_0028, ...ADDED];
    if (postgres) await postgresCountTriggers(db, all);
    else await sqliteCountTriggers(db, all);
    await db.schema
      .createIndex('alerts_stats_idx')
      .on('alerts')
      .columns(['org_id', 'is_dismissed', 'created_at', 'severity', 'rule_id', 'agent_id'])
      .execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    await db.schema.dropIndex('alerts_stats_idx').execute();
    await dropCountTriggers(db, postgres);
    await sql`delete from alert_counts_daily where dim in ('severity', 'rule@week', 'agent@week')`.execute(db);
    if (postgres) await postgresCountTriggers(db, ROLLUPS_0028);
    else await sqliteCountTriggers(db, ROLLUPS_0028);
  },
};
