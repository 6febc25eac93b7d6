/**
 * Change counters for detection's in-memory intel index (see 0004-change-counters), so its poll is one
 * primary-key read per organization instead of a count over every indicator:
 * - `intel`: an indicator that is or was Active or Whitelisted (the only statuses the index holds) was added,
 *   or changed status, value, type or deletion. Re-reports that change none of these leave it alone.
 * - `intel_whitelist`: a whitelist entry changed, or an indicator entered or left status Whitelisted.
 * - `intel_purge`: such an indicator was removed outright (the index then rebuilds).
 * PostgreSQL bumps once per statement and organization (transition tables); SQLite, which only has row
 * triggers, once per row. Status ids 1 (Active) and 5 (Whitelisted) are ThreatQ's fixed ids.
 *
 * Also `indicator_whitelist_holds`: the status an indicator had before a whitelist entry moved it to
 * Whitelisted, restored when the last entry covering it is removed. A hold goes when the indicator leaves
 * Whitelisted by any other way, so a later hand-made Whitelisted status is never undone.
 * @module
 */
import { BlockList, isIP } from 'node:net';
import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';

const BUMP = (org: string, scope: string) =>
  `INSERT INTO change_counters (org_id, scope, version) SELECT ${org}, '${scope}', 1`;
const ON_BUMP_CONFLICT = 'ON CONFLICT (org_id, scope) DO UPDATE SET version = change_counters.version + 1';
/** SQLite takes the existing row's columns unqualified in an upsert inside a trigger */
const SQLITE_ON_BUMP_CONFLICT = 'ON CONFLICT (org_id, scope) DO UPDATE SET version = version + 1';
/** what the index reads of a row changed */
const MATCH_CHANGED = (o: string, n: string) =>
  `(${o}.status_id <> ${n}.status_id OR ${o}.deleted_at IS DISTINCT FROM ${n}.deleted_at OR ${o}.value <> ${n}.value OR ${o}.type_id <> ${n}.type_id)`;

async function postgresTriggers(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `CREATE FUNCTION vigil_intel_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF tg_op = 'INSERT' THEN
          ${BUMP('org_id', 'intel')} FROM new_rows WHERE status_id IN (1, 5) GROUP BY org_id ${ON_BUMP_CONFLICT};
          ${BUMP('org_id', 'intel_whitelist')} FROM new_rows WHERE status_id = 5 GROUP BY org_id ${ON_BUMP_CONFLICT};
        ELSIF tg_op = 'UPDATE' THEN
          ${BUMP('n.org_id', 'intel')} FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (o.status_id IN (1, 5) OR n.status_id IN (1, 5)) AND ${MATCH_CHANGED('o', 'n')} GROUP BY n.org_id ${ON_BUMP_CONFLICT};
          ${BUMP('n.org_id', 'intel_whitelist')} FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (o.status_id = 5 OR n.status_id = 5) AND ${MATCH_CHANGED('o', 'n')} GROUP BY n.org_id ${ON_BUMP_CONFLICT};
          DELETE FROM indicator_whitelist_holds h USING new_rows n JOIN old_rows o ON o.id = n.id
            WHERE h.indicator_id = n.id AND o.status_id = 5 AND n.status_id <> 5;
        ELSE
          ${BUMP('org_id', 'intel_purge')} FROM old_rows WHERE status_id IN (1, 5) GROUP BY org_id ${ON_BUMP_CONFLICT};
        END IF;
        RETURN NULL;
      END $$`,
    )
    .execute(db);
  // A trigger with transition tables takes one event.
  await sql.raw(`CREATE TRIGGER indicators_intel_insert AFTER INSERT ON indicators REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION vigil_intel_changed()`).execute(db);
  await sql.raw(`CREATE TRIGGER indicators_intel_update AFTER UPDATE ON indicators REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION vigil_intel_changed()`).execute(db);
  await sql.raw(`CREATE TRIGGER indicators_intel_delete AFTER DELETE ON indicators REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION vigil_intel_changed()`).execute(db);
  // Whitelist entries change rarely: the row trigger function of 0004 does.
  await sql.raw(`CREATE TRIGGER indicator_whitelist_change_counter AFTER INSERT OR UPDATE OR DELETE ON indicator_whitelist
    FOR EACH ROW EXECUTE FUNCTION vigil_bump_change_counter('intel_whitelist')`).execute(db);
}

async function sqliteTriggers(db: Kysely<any>): Promise<void> {
  const bump = (org: string, scope: string, when = '1 = 1') => `${BUMP(org, scope)} WHERE ${when} ${SQLITE_ON_BUMP_CONFLICT};`;
  const statements = [
    `CREATE TRIGGER indicators_intel_insert AFTER INSERT ON indicators WHEN new.status_id IN (1, 5) BEGIN
      ${bump('new.org_id', 'intel')}
      ${bump('new.org_id', 'intel_whitelist', 'new.status_id = 5')}
    END`,
    `CREATE TRIGGER indicators_intel_update AFTER UPDATE OF status_id, deleted_at, value, type_id ON indicators
    WHEN (old.status_id IN (1, 5) OR new.status_id IN (1, 5)) AND ${MATCH_CHANGED('old', 'new').replaceAll('IS DISTINCT FROM', 'IS NOT')} BEGIN
      ${bump('new.org_id', 'intel')}
      ${bump('new.org_id', 'intel_whitelist', 'old.status_id = 5 OR new.status_id = 5')}
      DELETE FROM indicator_whitelist_holds WHERE indicator_id = new.id AND old.status_id = 5 AND new.status_id <> 5;
    END`,
    `CREATE TRIGGER indicators_intel_delete AFTER DELETE ON indicators WHEN old.status_id IN (1, 5) BEGIN
      ${bump('old.org_id', 'intel_purge')}
    END`,
  ];
  for (const [op, row] of [['INSERT', 'new'], ['UPDATE', 'new'], ['DELETE', 'old']] as const) {
    statements.push(`CREATE TRIGGER indicator_whitelist_${op.toLowerCase()}_change_counter AFTER ${op} ON indicator_whitelist BEGIN
      ${bump(`${row}.org_id`, 'intel_whitelist')}
    END`);
  }
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/** Indicators Whitelisted by an entry before holds existed: their earlier status is unknown, so Active. */
async function backfillHolds(db: Kysely<any>): Promise<void> {
  await sql`INSERT INTO indicator_whitelist_holds (indicator_id, prior_status_id)
    SELECT DISTINCT i.id, 1 FROM indicators i JOIN indicator_whitelist w ON w.org_id = i.org_id AND w.kind = 'value' AND lower(w.value) = lower(i.value)
    WHERE i.status_id = 5
    ON CONFLICT (indicator_id) DO NOTHING`.execute(db);
  const cidrs = await db.selectFrom('indicator_whitelist').select(['org_id', 'value']).where('kind', '=', 'cidr').execute();
  const byOrg = new Map<string, BlockList>();
  for (const { org_id, value } of cidrs) {
    const [address = '', bits] = String(value).split('/');
    const family = isIP(address);
    if (family === 0 || bits === undefined) continue;
    if (!byOrg.has(org_id)) byOrg.set(org_id, new BlockList());
    byOrg.get(org_id)!.addSubnet(address, Number(bits), family === 6 ? 'ipv6' : 'ipv4');
  }
  for (const [orgId, blocks] of byOrg) {
    const rows = await db.selectFrom('indicators').select(['id', 'value']).where('org_id', '=', orgId).where('status_id', '=', 5).execute();
    const ids = rows.filter((r) => isIP(r.value) !== 0 && blocks.check(r.value, isIP(r.value) === 6 ? 'ipv6' : 'ipv4')).map((r) => Number(r.id));
    for (let k = 0; k < ids.length; k += 500) {
      const values = ids.slice(k, k + 500).map((id) => sql`(${id}, 1)`);
      await sql`INSERT INTO indicator_whitelist_holds (indicator_id, prior_status_id) VALUES ${sql.join(values)}
        ON CONFLICT (indicator_id) DO NOTHING`.execute(db);
    }
  }
}

/**
 * ```ts
 * await intelChangeCounters.up(db);
 * ```
 */
export const intelChangeCounters: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('indicator_whitelist_holds')
      .addColumn('indicator_id', 'integer', (c) => c.primaryKey().references('indicators.id').onDelete('cascade'))
      .addColumn('prior_status_id', 'integer', (c) => c.notNull())
      .execute();
    await backfillHolds(db);
    if (db.getExecutor().adapter instanceof PostgresAdapter) await postgresTriggers(db);
    else await sqliteTriggers(db);
  },
};
