/**
 * PostgreSQL: the change counters of alerts, alert events and agents (0004) are bumped once per statement
 * and organization instead of once per row. Every row of a statement bumped the same counter row, and in one
 * transaction each bump adds a row version that the next one walks past: a 20,000-alert insert took 18 s,
 * quadratic in its size (a bulk dismissal by query or a retention pass alike). The counters only have to
 * move on every write, which one bump per statement still does. SQLite updates its rows in place: kept.
 * @module
 */
import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';

const COVERED: ReadonlyArray<[table: string, scope: string]> = [
  ['alerts', 'alerts'],
  ['alert_events', 'alerts'],
  ['agents', 'agents'],
];

const OPS: ReadonlyArray<[op: string, transitions: string]> = [
  ['insert', 'NEW TABLE AS changed_rows'],
  ['update', 'NEW TABLE AS changed_rows'],
  ['delete', 'OLD TABLE AS changed_rows'],
];

/**
 * ```ts
 * await statementChangeCounters.up(db);
 * ```
 */
export const statementChangeCounters: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
    // ORDER BY: a statement touching several organizations locks their counters in one order.
    await sql`
      create function vigil_bump_change_counters() returns trigger language plpgsql as $$
      begin
        insert into change_counters (org_id, scope, version)
          select distinct org_id, tg_argv[0], 1 from changed_rows order by org_id
          on conflict (org_id, scope) do update set version = change_counters.version + 1;
        return null;
      end $$`.execute(db);
    for (const [table, scope] of COVERED) {
      await sql`drop trigger ${sql.id(`${table}_change_counter`)} on ${sql.table(table)}`.execute(db);
      for (const [op, transitions] of OPS) {
        await sql
          .raw(`create trigger ${table}_${op}_change_counter after ${op} on ${table} referencing ${transitions}
            for each statement execute function vigil_bump_change_counters('${scope}')`)
          .execute(db);
      }
    }
  },
};
