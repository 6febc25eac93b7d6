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

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** `t` rounded down to a multiple of `unit` (also for times before 1970: SQL's % truncates toward zero) */
const floorTo = (t: string, unit: number): string => `(${t} - (((${t} % ${unit}) + ${unit}) % ${unit}))`;

/** One rollup: its table, key columns and how each key column comes from an alert row `r`. */
interface Rollup {
  table: string;
  keys: ReadonlyArray<[column: string, fromAlert: (r: string) => string]>;
}

const ROLLUPS: readonly Rollup[] = [
  {
    table: 'alert_counts_hourly',
    keys: [
      ['org_id', (r) => `${r}.org_id`],
      ['is_dismissed', (r) => `${r}.is_dismissed`],
      ['hour', (r) => floorTo(`${r}.created_at`, HOUR)],
      ['severity', (r) => `${r}.severity`],
    ],
  },
  ...(['rule', 'agent'] as const).map((dim) => ({
    table: 'alert_counts_daily',
    keys: [
      ['org_id', (r: string) => `${r}.org_id`],
      ['is_dismissed', (r: string) => `${r}.is_dismissed`],
      ['dim', () => `'${dim}'`],
      ['day', (r: string) => floorTo(`${r}.created_at`, DAY)],
      ['key', (r: string) => `coalesce(${r}.${dim}_id, '')`],
    ] as Rollup['keys'],
  })),
];

const columns = (u: Rollup) => u.keys.map(([c]) => c).join(', ');
const matches = (u: Rollup, table: string, other: string) =>
  u.keys.map(([c]) => `${table}.${c} = ${other}.${c}`).join(' AND ');

/** INSERT … SELECT of `source`'s alerts (column `d` = +1/-1 each) grouped into `u`, added to what is there. */
function addGrouped(u: Rollup, source: string): string {
  const keys = u.keys.map(([c, of]) => `${of('s')} AS ${c}`).join(', ');
  const positions = u.keys.map((_, i) => i + 1).join(', ');
  // ORDER BY: concurrent writers lock rollup rows in one order, so they cannot deadlock on them.
  return `INSERT INTO ${u.table} AS c (${columns(u)}, n)
    SELECT ${keys}, sum(s.d) FROM (${source}) s GROUP BY ${positions} HAVING sum(s.d) <> 0 ORDER BY ${positions}
    ON CONFLICT (${columns(u)}) DO UPDATE SET n = c.n + excluded.n`;
}

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

const ALERT_COLUMNS = 'org_id, is_dismissed, created_at, severity, rule_id, agent_id';

async function postgresTriggers(db: Kysely<any>): Promise<void> {
  const plus = `SELECT ${ALERT_COLUMNS}, 1 AS d FROM new_rows`;
  const minus = `SELECT ${ALERT_COLUMNS}, -1 AS d FROM old_rows`;
  const dropZeros = (u: Rollup) =>
    `DELETE FROM ${u.table} c USING (SELECT DISTINCT ${u.keys.map(([col, of]) => `${of('o')} AS ${col}`).join(', ')} FROM old_rows o) k
      WHERE ${matches(u, 'c', 'k')} AND c.n = 0`;
  const functions: Array<[name: string, op: string, transitions: string, body: string[]]> = [
    ['vigil_alert_counts_insert', 'INSERT', 'NEW TABLE AS new_rows', ROLLUPS.map((u) => addGrouped(u, plus))],
    [
      'vigil_alert_counts_update',
      'UPDATE',
      'OLD TABLE AS old_rows NEW TABLE AS new_rows',
      [...ROLLUPS.map((u) => addGrouped(u, `${plus} UNION ALL ${minus}`)), ...ROLLUPS.map(dropZeros)],
    ],
    ['vigil_alert_counts_delete', 'DELETE', 'OLD TABLE AS old_rows', [...ROLLUPS.map((u) => addGrouped(u, minus)), ...ROLLUPS.map(dropZeros)]],
  ];
  for (const [name, op, transitions, body] of functions) {
    await sql
      .raw(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          ${body.join(';\n')};
          RETURN NULL;
        END $$`)
      .execute(db);
    await sql
      .raw(`CREATE TRIGGER alerts_counts_${op.toLowerCase()} AFTER ${op} ON alerts REFERENCING ${transitions}
        FOR EACH STATEMENT EXECUTE FUNCTION ${name}()`)
      .execute(db);
  }
}

async function sqliteTriggers(db: Kysely<any>): Promise<void> {
  const add = (u: Rollup, row: 'new' | 'old', d: 1 | -1) =>
    `INSERT INTO ${u.table} (${columns(u)}, n) VALUES (${u.keys.map(([, of]) => of(row)).join(', ')}, ${d})
      ON CONFLICT (${columns(u)}) DO UPDATE SET n = n + ${d}`;
  const dropZero = (u: Rollup) =>
    `DELETE FROM ${u.table} WHERE ${u.keys.map(([c, of]) => `${c} = ${of('old')}`).join(' AND ')} AND n = 0`;
  const bodies: Array<[op: string, statements: string[]]> = [
    ['INSERT', ROLLUPS.map((u) => add(u, 'new', 1))],
    [
      'UPDATE OF org_id, is_dismissed, created_at, severity, rule_id, agent_id',
      [...ROLLUPS.map((u) => add(u, 'old', -1)), ...ROLLUPS.map(dropZero), ...ROLLUPS.map((u) => add(u, 'new', 1))],
    ],
    ['DELETE', [...ROLLUPS.map((u) => add(u, 'old', -1)), ...ROLLUPS.map(dropZero)]],
  ];
  for (const [op, statements] of bodies) {
    await sql
      .raw(`CREATE TRIGGER alerts_counts_${op.split(' ')[0]!.toLowerCase()} AFTER ${op} ON alerts BEGIN
        ${statements.join(';\n')};
      END`)
      .execute(db);
  }
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
    for (const u of ROLLUPS) await sql.raw(addGrouped(u, `SELECT ${ALERT_COLUMNS}, 1 AS d FROM alerts WHERE true`)).execute(db);
    if (postgres) await postgresTriggers(db);
    else await sqliteTriggers(db);
  },

  async down(db: Kysely<any>): Promise<void> {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    for (const op of ['insert', 'update', 'delete']) {
      await sql.raw(`DROP TRIGGER IF EXISTS alerts_counts_${op}${postgres ? ' ON alerts' : ''}`).execute(db);
      if (postgres) await sql.raw(`DROP FUNCTION IF EXISTS vigil_alert_counts_${op}()`).execute(db);
    }
    await db.schema.dropTable('alert_counts_daily').execute();
    await db.schema.dropTable('alert_counts_hourly').execute();
  },
};
