/**
 * `rules.disabled_reason`: why detection turned a rule off by itself (its filter no longer compiles, or it
 * overran its organization's evaluation budget), so the rule's owner can read it on the rule. Null for
 * rules that are enabled or that a user disabled.
 * @module
 */
import type { Kysely, Migration } from 'kysely';

/**
 * ```ts
 * await ruleDisabledReason.up(db);
 * ```
 */
export const ruleDisabledReason: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('rules').addColumn('disabled_reason', 'text').execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('rules').dropColumn('disabled_reason').execute();
  },
};
