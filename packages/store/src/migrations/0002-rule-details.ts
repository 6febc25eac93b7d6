/**
 * What the rulesets and rules API needs on top of the initial schema: File-rule details and agent tags on
 * rules (JSON text, like every other structured column), and ruleset names unique per organization
 * regardless of case.
 * @module
 */
import type { Kysely, Migration } from 'kysely';

const NO_TAGS = JSON.stringify({ inclusion: [], exclusion: [] });

/** Frozen copy of the repository's normalization: a migration must not change when the code does. */
const norm = (name: string) => name.trim().toLowerCase();

/**
 * Adds the rule columns and `rulesets.name_norm` with its unique index. Rulesets whose names already
 * collide (possible before this migration) are renamed `<name> (2)`, `(3)`, … so the index can be built.
 *
 * ```ts
 * await ruleDetails.up(db);
 * ```
 */
export const ruleDetails: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    // One column per statement: SQLite's ALTER TABLE adds a single column at a time.
    for (const [column, empty] of [
      ['file_integrity_paths', '[]'],
      ['ignore_files', '[]'],
      ['events_to_monitor', '[]'],
      ['tags', NO_TAGS],
    ] as const) {
      await db.schema
        .alterTable('rules')
        .addColumn(column, 'text', (c) => c.notNull().defaultTo(empty))
        .execute();
    }

    // Nullable because SQLite cannot add a NOT NULL column without a default, and a shared default would
    // collide in the unique index; every write through the store sets it.
    await db.schema.alterTable('rulesets').addColumn('name_norm', 'text').execute();
    const rows: Array<{ id: string; org_id: string; name: string }> = await db
      .selectFrom('rulesets')
      .select(['id', 'org_id', 'name'])
      .orderBy('org_id')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const taken = new Set<string>();
    for (const row of rows) {
      let name = row.name;
      for (let n = 2; taken.has(`${row.org_id}\u0000${norm(name)}`); n += 1) name = `${row.name.trim()} (${n})`;
      taken.add(`${row.org_id}\u0000${norm(name)}`);
      await db.updateTable('rulesets').set({ name, name_norm: norm(name) }).where('id', '=', row.id).execute();
    }
    await db.schema
      .createIndex('rulesets_org_name_unique')
      .unique()
      .on('rulesets')
      .columns(['org_id', 'name_norm'])
      .execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropIndex('rulesets_org_name_unique').ifExists().execute();
    await db.schema.alterTable('rulesets').dropColumn('name_norm').execute();
    for (const column of ['tags', 'events_to_monitor', 'ignore_files', 'file_integrity_paths']) {
      await db.schema.alterTable('rules').dropColumn(column).execute();
    }
  },
};
