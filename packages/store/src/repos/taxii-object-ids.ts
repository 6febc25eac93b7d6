/**
 * The STIX ids clients sent to TAXII collections and the indicators they became: an indicator SDO whose
 * pattern names several values becomes several indicators, and Vigil serves each under its own id.
 * @module
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { TaxiiObjectIdsRepo } from './taxii-types.js';

interface TaxiiObjectIdsTable {
  org_id: string;
  stix_id: string;
  indicator_id: number;
  created_at: number;
}

type Db = Kysely<Database & { taxii_object_ids: TaxiiObjectIdsTable }>;

/** rows per INSERT (well under SQLite's 32766 bound parameters) */
const CHUNK = 500;

/**
 * Creates the repository.
 * ```ts
 * await createTaxiiObjectIdsRepo(db).link(orgId, [{ stixId: 'indicator--…', indicatorId: 7 }]);
 * ```
 */
export function createTaxiiObjectIdsRepo(database: Kysely<Database>): TaxiiObjectIdsRepo {
  const db = database as unknown as Db;
  return {
    async link(orgId, pairs, now = Date.now()) {
      const unique = [...new Map(pairs.map((p) => [`${p.stixId} ${p.indicatorId}`, p])).values()];
      for (let i = 0; i < unique.length; i += CHUNK) {
        const rows = unique.slice(i, i + CHUNK).map((p) => ({ org_id: orgId, stix_id: p.stixId, indicator_id: p.indicatorId, created_at: now }));
        await db
          .insertInto('taxii_object_ids')
          .values(rows)
          .onConflict((oc) => oc.columns(['org_id', 'stix_id', 'indicator_id']).doNothing())
          .execute();
      }
    },

    async hashes(orgId, stixIds) {
      if (stixIds.length === 0) return [];
      const rows = await db
        .selectFrom('taxii_object_ids as t')
        .innerJoin('indicators as i', 'i.id', 't.indicator_id')
        .select('i.hash')
        .where('t.org_id', '=', orgId)
        .where('t.stix_id', 'in', stixIds)
        .where('i.org_id', '=', orgId)
        .where('i.deleted_at', 'is', null)
        .execute();
      return [...new Set(rows.map((r) => r.hash))];
    },
  };
}
