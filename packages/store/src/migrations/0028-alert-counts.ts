/**
 * Rollups of alert counts for the dashboard (issue 20): counting a year of alerts row by row took 0.1–0.8 s,
 * so triggers keep, in the writing transaction, the number of alerts per
 *   - `alert_counts_hourly`: (organization, dismissed?, UTC hour, severity) — severity counts, the chart;
 *   - `alert_counts_daily`: (organization, dismissed?, 'rule' | 'agent', UTC day, rule or agent id) — top
 *     rules and hosts (a day, not an hour: an hour holds about as many (agent, hour) pairs as alerts).
 * Every writer (the API, detection workers, retention, the CLI) goes through them, as with the change
 * counters. Readers add full buckets from here to the partial ones at the range ends read from `alerts`
 * (alertStats). A missing rule or agent is kept as ''. Rows that fall to zero are deleted, so retention
 * leaves nothing behind. PostgreSQL updates once per statement from its transition tables (a bulk insert or
 * a dismissal by query is one grouped upsert); SQLite, which has row triggers only, once per row.
 * @module
 */
import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';
import {
  addGrouped,
  ALERT_COLUMNS,
  dropCountTriggers,
  floorSql,
  postgresCountTriggers,
  sqliteCountTriggers,
  type Rollup,
} from './alert-count-triggers.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** The rollups of this migration (0032 adds to them). */
export const ROLLUPS_0028: readonly Rollup[] = [
  {
    table: 'alert_counts_hourly',
    keys: [
      ['org_id', (r) => `${r}.org_id`],
      ['is_dismissed', (r) => `${r}.is_dismissed`],
      ['hour', (r) => floorSql(`${r}.created_at`, HOUR)],
      ['severity', (r) => `${r}.severity`],
    ],
  },
  ...(['rule', 'agent'] as const).map((dim) => ({
    table: 'alert_counts_daily',
    keys: [
      ['org_id', (r: string) => `${r}.org_id`],
      ['is_dismissed', (r: string) => `${r}.is_dismissed`],
      ['dim', () => `'${dim}'`],
      ['day', (r: string) => floorSql(`${r}.created_at`, DAY)],
      ['key', (r: string) => `coalesce(${r}.${dim}_id, '')`],
    ] as Rollup['keys'],
  })),
];

async function createTables(db: Kysely<any>, postgres: boolean): Promise<void> {
  // WITHOUT ROWID on SQLite: the rows live in their primary key's b-tree, so a range sum reads one b-tree.
  const clustered = postgres ? sql`` : sql`without rowid`;
  await db.schema
    .createTable('alert_counts_hourly')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('is_dismissed', 'integer', (c) => c.notNull())
    .addColumn('hour', 'bigint', (c) => c.notNull())
    .addColumn('severity', 'integer', (c) => c.notNull())
    .addColumn('n', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('alert_counts_hourly_pk', ['org_id', 'is_dismissed', 'hour', 'severity'])
    .modifyEnd(clustered)
    .execute();
  await db.schema
    .createTable('alert_counts_daily')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('is_dismissed', 'integer', (c) => c.notNull())
    .addColumn('dim', 'text', (c) => c.notNull())
    .addColumn('day', 'bigint', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('n', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('alert_counts_daily_pk', ['org_id', 'is_dismissed', 'dim', 'day', 'key'])
    .modifyEnd(clustered)
    .execute();
}

/**
 * ```ts
 * await alertCounts.up(db);
 * ```
 */
export const alertCounts: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    await createTables(db, postgres);
    // The alerts already stored, counted once; the triggers keep the counts from here on.
    for (const u of ROLLUPS_0028) await sql.raw(addGrouped(u, `SELECT ${ALERT_COLUMNS}, 1 AS d FROM alerts WHERE true`)).execute(db);
    if (postgres) await postgresCountTriggers(db, ROLLUPS_0028);
    else await sqliteCountTriggers(db, ROLLUPS_0028);
  },

  async down(db: Kysely<any>): Promise<void> {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    await dropCountTriggers(db, postgres);
    await db.schema.dropTable('alert_counts_daily').execute();
    await db.schema.dropTable('alert_counts_hourly').execute();
  },
};
