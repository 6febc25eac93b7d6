/**
 * Reads the per-organization change counters that database triggers maintain (migration
 * 0004-change-counters). A counter only ever grows; 0 means nothing was written yet.
 * @module
 */
import type { Kysely } from 'kysely';
import type { QueryTemplates } from '../internal/query-templates.js';
import type { Database } from '../schema.js';
import type { ChangeCountersRepo } from '../types.js';

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
  };
}
