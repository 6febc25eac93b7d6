/**
 * A change counter for the advisory feed (see 0004-change-counters): every write to `advisories` bumps the
 * counter of scope `advisories` under the organization id `''` (the feed is global), in the writing
 * transaction. The vulnerability matcher of every process reads it on each poll and looks for changed
 * advisories only when it moved, so a quiet poll is one primary-key read however large the last import was.
 * PostgreSQL bumps once per statement; SQLite, which only has row triggers, once per row.
 * @module
 */
import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';

const BUMP = "INSERT INTO change_counters (org_id, scope, version) VALUES ('', 'advisories', 1)";

/**
 * ```ts
 * await advisoriesChangeCounter.up(db);
 * ```
 */
export const advisoriesChangeCounter: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    if (db.getExecutor().adapter instanceof PostgresAdapter) {
      await sql
        .raw(
          `CREATE FUNCTION vigil_advisories_changed() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            ${BUMP} ON CONFLICT (org_id, scope) DO UPDATE SET version = change_counters.version + 1;
            RETURN NULL;
          END $$`,
        )
        .execute(db);
      await sql.raw(`CREATE TRIGGER advisories_change_counter AFTER INSERT OR UPDATE OR DELETE ON advisories
        FOR EACH STATEMENT EXECUTE FUNCTION vigil_advisories_changed()`).execute(db);
      return;
    }
    for (const op of ['insert', 'update', 'delete']) {
      await sql
        .raw(`CREATE TRIGGER advisories_${op}_change_counter AFTER ${op.toUpperCase()} ON advisories BEGIN
          ${BUMP} ON CONFLICT (org_id, scope) DO UPDATE SET version = version + 1;
        END`)
        .execute(db);
    }
  },
  async down(db: Kysely<any>): Promise<void> {
    if (db.getExecutor().adapter instanceof PostgresAdapter) {
      await sql.raw('DROP TRIGGER IF EXISTS advisories_change_counter ON advisories').execute(db);
      await sql.raw('DROP FUNCTION IF EXISTS vigil_advisories_changed()').execute(db);
      return;
    }
    for (const op of ['insert', 'update', 'delete']) await sql.raw(`DROP TRIGGER IF EXISTS advisories_${op}_change_counter`).execute(db);
  },
};
