/**
 * Per-organization change counters, bumped by triggers in the same transaction as every write to the
 * tables they cover. Any process (a second server, the CLI, a detection worker) that changes alerts or
 * agents bumps them, so a response cached against a counter value is never served after a change.
 * @module
 */
import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';

/** table → the counter scope its writes bump */
const COVERED: ReadonlyArray<[table: string, scope: string]> = [
  ['alerts', 'alerts'],
  ['alert_events', 'alerts'],
  ['agents', 'agents'],
];

/**
 * ```ts
 * await changeCounters.up(db);
 * ```
 */
export const changeCounters: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('change_counters')
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('version', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('change_counters_pk', ['org_id', 'scope'])
      .execute();

    if (db.getExecutor().adapter instanceof PostgresAdapter) {
      await sql`
        create function vigil_bump_change_counter() returns trigger language plpgsql as $$
        declare
          org text;
        begin
          if tg_op = 'DELETE' then org := old.org_id; else org := new.org_id; end if;
          insert into change_counters (org_id, scope, version) values (org, tg_argv[0], 1)
            on conflict (org_id, scope) do update set version = change_counters.version + 1;
          return null;
        end $$`.execute(db);
      for (const [table, scope] of COVERED) {
        await sql`
          create trigger ${sql.id(`${table}_change_counter`)}
          after insert or update or delete on ${sql.table(table)}
          for each row execute function vigil_bump_change_counter(${sql.lit(scope)})`.execute(db);
      }
      return;
    }
    for (const [table, scope] of COVERED) {
      for (const [op, row] of [
        ['insert', 'new'],
        ['update', 'new'],
        ['delete', 'old'],
      ] as const) {
        await sql`
          create trigger ${sql.id(`${table}_${op}_change_counter`)} after ${sql.raw(op)} on ${sql.table(table)}
          begin
            insert into change_counters (org_id, scope, version) values (${sql.raw(row)}.org_id, ${sql.lit(scope)}, 1)
              on conflict (org_id, scope) do update set version = version + 1;
          end`.execute(db);
      }
    }
  },
};
