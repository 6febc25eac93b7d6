/**
 * Completes migration 0018 on SQLite: rebuilds `indicators` with its upsert key in the order
 * (org_id, value, type_id), by SQLite's documented procedure for table changes ALTER TABLE cannot make
 * (https://sqlite.org/lang_altertable.html#otheralter): foreign keys off, a new table, copy, drop, rename,
 * indexes and triggers again, a foreign key check, commit. Foreign keys must be off, or dropping the old
 * table would delete every row that references it (sources, tags, attributes, …), and that pragma has no
 * effect inside a transaction, so this cannot be a migration. It runs in its own IMMEDIATE transaction
 * (one process at a time) and does nothing once the key has the new order.
 * @module
 */
import { sql, type Kysely } from 'kysely';

const OLD_KEY = 'constraint "indicators_value_uq" unique ("org_id", "type_id", "value")';
const NEW_KEY = 'constraint "indicators_value_uq" unique ("org_id", "value", "type_id")';
const REBUILT = 'indicators_rebuilt';

interface SchemaRow {
  type: string;
  name: string;
  sql: string | null;
}

async function tableSql(db: Kysely<any>, name: string): Promise<string | undefined> {
  const { rows } = await sql<SchemaRow>`SELECT type, name, sql FROM sqlite_master WHERE type = 'table' AND name = ${name}`.execute(db);
  return rows[0]?.sql ?? undefined;
}

/**
 * Rebuilds the indicators table when its key still has the old order; resolves to whether it did.
 *
 * ```ts
 * await migrateToLatest(db);
 * if (sqlite) await rebuildSqliteIndicatorsKey(db);
 * ```
 */
export async function rebuildSqliteIndicatorsKey(db: Kysely<any>): Promise<boolean> {
  if (!(await tableSql(db, 'indicators'))?.includes(OLD_KEY)) return false;
  await sql`PRAGMA foreign_keys = OFF`.execute(db);
  try {
    return await db.transaction().execute(async (trx) => {
      // Looked at again under the write lock: another process may have rebuilt it meanwhile.
      const create = await tableSql(trx, 'indicators');
      if (!create?.includes(OLD_KEY)) return false;
      const { rows: dependents } = await sql<SchemaRow>`
        SELECT type, name, sql FROM sqlite_master
        WHERE tbl_name = 'indicators' AND type IN ('index', 'trigger') AND sql IS NOT NULL`.execute(trx);
      const { rows: sequence } = await sql<{ seq: number }>`SELECT seq FROM sqlite_sequence WHERE name = 'indicators'`.execute(trx);

      const rebuilt = create.replace(/^CREATE TABLE "indicators"/, `CREATE TABLE "${REBUILT}"`).replace(OLD_KEY, NEW_KEY);
      if (!rebuilt.startsWith(`CREATE TABLE "${REBUILT}"`)) throw new Error(`unexpected indicators table definition: ${create}`);
      await sql.raw(rebuilt).execute(trx);
      // Same definition, so the same columns in the same order.
      await sql.raw(`INSERT INTO "${REBUILT}" SELECT * FROM indicators`).execute(trx);
      await sql`DROP TABLE indicators`.execute(trx);
      await sql.raw(`ALTER TABLE "${REBUILT}" RENAME TO indicators`).execute(trx);
      for (const d of dependents) await sql.raw(d.sql!).execute(trx);
      // Ids are never reused: keep AUTOINCREMENT's high-water mark past rows deleted for good.
      if (sequence[0] !== undefined) {
        await sql`UPDATE sqlite_sequence SET seq = max(seq, ${sequence[0].seq}) WHERE name = 'indicators'`.execute(trx);
      }
      const { rows: broken } = await sql`PRAGMA foreign_key_check`.execute(trx);
      if (broken.length > 0) throw new Error(`rebuilding indicators broke ${broken.length} foreign key reference(s)`);
      return true;
    });
  } finally {
    await sql`PRAGMA foreign_keys = ON`.execute(db);
  }
}
