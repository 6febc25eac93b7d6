/**
 * The triggers that keep the alert count rollups (0028, 0032) in step with `alerts`: a rollup is a table and
 * key columns, each computed from an alert row; every insert adds 1 to its alert's key, a delete takes 1
 * away (and deletes a row that reaches zero), an update does both. PostgreSQL runs them once per statement
 * from its transition tables (a bulk insert or a dismissal by query is one grouped upsert per rollup);
 * SQLite, which has row triggers only, once per row. Migrations call these with their own rollup lists.
 * @module
 */
import { sql, type Kysely } from 'kysely';

/** One rollup: its table, and each key column with how it comes from an alert row named `r`. */
export interface Rollup {
  table: string;
  keys: ReadonlyArray<[column: string, fromAlert: (r: string) => string]>;
}

/** SQL for `t` rounded down to a multiple of `unit` (also before 1970: SQL's % truncates toward zero) */
export const floorSql = (t: string, unit: number): string => `(${t} - (((${t} % ${unit}) + ${unit}) % ${unit}))`;

/** What the triggers and PostgreSQL functions are called: `<trigger>_<op>` and `<fn>_<op>`. */
export const TRIGGER_NAMES = { trigger: 'alerts_counts', fn: 'vigil_alert_counts' } as const;

/** The alert columns every rollup key is computed from. */
export const ALERT_COLUMNS = 'org_id, is_dismissed, created_at, severity, rule_id, agent_id';

const columns = (u: Rollup) => u.keys.map(([c]) => c).join(', ');
const matches = (u: Rollup, table: string, other: string) => u.keys.map(([c]) => `${table}.${c} = ${other}.${c}`).join(' AND ');

/** INSERT … SELECT of `source`'s alerts (column `d` = +1/-1 each) grouped into `u`, added to what is there. */
export function addGrouped(u: Rollup, source: string): string {
  const keys = u.keys.map(([c, of]) => `${of('s')} AS ${c}`).join(', ');
  const positions = u.keys.map((_, i) => i + 1).join(', ');
  // ORDER BY: concurrent writers lock rollup rows in one order, so they cannot deadlock on them.
  return `INSERT INTO ${u.table} AS c (${columns(u)}, n)
    SELECT ${keys}, sum(s.d) FROM (${source}) s GROUP BY ${positions} HAVING sum(s.d) <> 0 ORDER BY ${positions}
    ON CONFLICT (${columns(u)}) DO UPDATE SET n = c.n + excluded.n`;
}

/**
 * Creates the PostgreSQL functions and statement triggers for `rollups` (named as TRIGGER_NAMES says).
 * ```ts
 * await postgresCountTriggers(db, ROLLUPS);
 * ```
 */
export async function postgresCountTriggers(db: Kysely<any>, rollups: readonly Rollup[]): Promise<void> {
  const plus = `SELECT ${ALERT_COLUMNS}, 1 AS d FROM new_rows`;
  const minus = `SELECT ${ALERT_COLUMNS}, -1 AS d FROM old_rows`;
  const dropZeros = (u: Rollup) =>
    `DELETE FROM ${u.table} c USING (SELECT DISTINCT ${u.keys.map(([col, of]) => `${of('o')} AS ${col}`).join(', ')} FROM old_rows o) k
      WHERE ${matches(u, 'c', 'k')} AND c.n = 0`;
  const functions: Array<[op: string, transitions: string, body: string[]]> = [
    ['INSERT', 'NEW TABLE AS new_rows', rollups.map((u) => addGrouped(u, plus))],
    [
      'UPDATE',
      'OLD TABLE AS old_rows NEW TABLE AS new_rows',
      [...rollups.map((u) => addGrouped(u, `${plus} UNION ALL ${minus}`)), ...rollups.map(dropZeros)],
    ],
    ['DELETE', 'OLD TABLE AS old_rows', [...rollups.map((u) => addGrouped(u, minus)), ...rollups.map(dropZeros)]],
  ];
  for (const [op, transitions, body] of functions) {
    const fn = `${TRIGGER_NAMES.fn}_${op.toLowerCase()}`;
    await sql
      .raw(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          ${body.join(';\n')};
          RETURN NULL;
        END $$`)
      .execute(db);
    await sql
      .raw(`CREATE TRIGGER ${TRIGGER_NAMES.trigger}_${op.toLowerCase()} AFTER ${op} ON alerts REFERENCING ${transitions}
        FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`)
      .execute(db);
  }
}

/**
 * Creates the SQLite row triggers for `rollups` (named as TRIGGER_NAMES says).
 * ```ts
 * await sqliteCountTriggers(db, ROLLUPS);
 * ```
 */
export async function sqliteCountTriggers(db: Kysely<any>, rollups: readonly Rollup[]): Promise<void> {
  const add = (u: Rollup, row: 'new' | 'old', d: 1 | -1) =>
    `INSERT INTO ${u.table} (${columns(u)}, n) VALUES (${u.keys.map(([, of]) => of(row)).join(', ')}, ${d})
      ON CONFLICT (${columns(u)}) DO UPDATE SET n = n + ${d}`;
  const dropZero = (u: Rollup) =>
    `DELETE FROM ${u.table} WHERE ${u.keys.map(([c, of]) => `${c} = ${of('old')}`).join(' AND ')} AND n = 0`;
  const bodies: Array<[op: string, statements: string[]]> = [
    ['INSERT', rollups.map((u) => add(u, 'new', 1))],
    [
      'UPDATE OF org_id, is_dismissed, created_at, severity, rule_id, agent_id',
      [...rollups.map((u) => add(u, 'old', -1)), ...rollups.map(dropZero), ...rollups.map((u) => add(u, 'new', 1))],
    ],
    ['DELETE', [...rollups.map((u) => add(u, 'old', -1)), ...rollups.map(dropZero)]],
  ];
  for (const [op, statements] of bodies) {
    await sql
      .raw(`CREATE TRIGGER ${TRIGGER_NAMES.trigger}_${op.split(' ')[0]!.toLowerCase()} AFTER ${op} ON alerts BEGIN
        ${statements.join(';\n')};
      END`)
      .execute(db);
  }
}

/**
 * Drops the triggers (and PostgreSQL functions) that the two functions above created.
 * ```ts
 * await dropCountTriggers(db, true);
 * ```
 */
export async function dropCountTriggers(db: Kysely<any>, postgres: boolean): Promise<void> {
  for (const op of ['insert', 'update', 'delete']) {
    await sql.raw(`DROP TRIGGER IF EXISTS ${TRIGGER_NAMES.trigger}_${op}${postgres ? ' ON alerts' : ''}`).execute(db);
    if (postgres) await sql.raw(`DROP FUNCTION IF EXISTS ${TRIGGER_NAMES.fn}_${op}()`).execute(db);
  }
}
