/**
 * Reads the per-organization change counters that database triggers maintain (migration
 * 0004-change-counters). A counter only ever grows; 0 means nothing was written yet.
 * @module
 */
import type { Kysely } from 'kysely';
import type { QueryTemplates } from '../internal/query-templates.js';
import type { Database } from '../schema.js';
import type { ChangeCountersRepo } from './change-counters-types.js';

/**
 * ```ts
 * const changes = createChangeCountersRepo(db, templates);
 * const v = await changes.version(orgId, 'alerts');
 * ```
 */
export function createChangeCountersRepo(db: Kysely<Database>, templates: QueryTemplates): ChangeCountersRepo {
  return {
    async version(orgId, scope) {
      const [row] = await templates.arrays('changeCounters.version', [orgId, scope], (v) =>
        db.selectFrom('change_counters').select('version').where('org_id', '=', v[0]).where('scope', '=', v[1]),
      );
      return row === undefined ? 0 : Number(row[0]);
    },

    async versions(orgId, scopes) {
      const out = Object.fromEntries(scopes.map((s) => [s, 0])) as Record<(typeof scopes)[number], number>;
      if (scopes.length === 0) return out;
      const rows = await db
        .selectFrom('change_counters')
        .select(['scope', 'version'])
        .where('org_id', '=', orgId)
        .where('scope', 'in', [...scopes])
        .execute();
      for (const r of rows) out[r.scope as (typeof scopes)[number]] = Number(r.version);
      return out;
    },
  };
}
