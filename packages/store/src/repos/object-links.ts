/**
 * Relations between any two threat objects (indicator, event, adversary, attachment). One `object_links` row
 * per pair, its id being the `pivot` id of the ThreatQ API; the ends are stored in a canonical order
 * (type name, then id) so A→B and B→A are one row, and every read turns the row around to the asker's side.
 * @module
 */
import { sql, type Kysely } from 'kysely';
import { StoreValidationError } from '../errors.js';
import type { Database } from '../schema.js';
import type { ObjectLinksRepo, ThreatObjectLink, ThreatObjectRef, ThreatObjectType } from './threat-objects-types.js';
import type { Indicator } from './indicators-types.js';
import { idChunks } from './object-context.js';
import { INDICATOR_COLUMNS, toIndicator } from './indicators.js';

const TABLES: Record<ThreatObjectType, string> = { indicator: 'indicators', event: 'threat_events', adversary: 'adversaries', attachment: 'attachments' };



/** The stored order of a pair's ends. */
function canonical(x: ThreatObjectRef, y: ThreatObjectRef): [ThreatObjectRef, ThreatObjectRef] {
  if (x.type < y.type || (x.type === y.type && x.id < y.id)) return [x, y];
  return [y, x];
}

/** A link row seen from `from`'s side. */
function seenFrom(row: any, from: ThreatObjectRef): ThreatObjectLink {
  const fromIsA = row.a_type === from.type && Number(row.a_id) === from.id;
  return {
    pivotId: Number(row.id),
    objectId: from.id,
    otherType: (fromIsA ? row.b_type : row.a_type) as ThreatObjectType,
    otherId: Number(fromIsA ? row.b_id : row.a_id),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** The other end, when it is an indicator, must not be soft-deleted (its relations come back with it). */
const live = (otherType: ThreatObjectType, column: 'a_id' | 'b_id') => (eb: any) =>
  otherType !== 'indicator'
    ? sql<boolean>`1 = 1`
    : eb.not(eb.exists(eb.selectFrom('indicators as gone').select('gone.id').whereRef('gone.id', '=', `object_links.${column}`).where('gone.deleted_at', 'is not', null)));

/** Rows relating `from` to objects of `otherType`, as a where-clause. */
const sidesOf = (from: ThreatObjectRef, otherType: ThreatObjectType) => (eb: any) =>
  eb.or([
    eb.and([eb('a_type', '=', from.type), eb('a_id', '=', from.id), eb('b_type', '=', otherType), live(otherType, 'b_id')(eb)]),
    eb.and([eb('b_type', '=', from.type), eb('b_id', '=', from.id), eb('a_type', '=', otherType), live(otherType, 'a_id')(eb)]),
  ]);

/**
 * Creates the relations repository.
 * ```ts
 * await createObjectLinksRepo(db).link(orgId, { type: 'event', id: 3 }, 'indicator', [7, 8]);
 * ```
 */
export function createObjectLinksRepo(database: Kysely<Database>): ObjectLinksRepo {
  const db = database as unknown as Kysely<any>;
  return {
    async existing(orgId, type, ids) {
      const found = new Set<number>();
      const safe = ids.filter((id) => Number.isSafeInteger(id));
      for (const chunk of idChunks([...new Set(safe)])) {
        let q = db.selectFrom(TABLES[type]).select('id').where('org_id', '=', orgId).where('id', 'in', chunk);
        if (type === 'indicator') q = q.where('deleted_at', 'is', null);
        for (const row of await q.execute()) found.add(Number(row.id));
      }
      return found;
    },

    async link(orgId, from, otherType, otherIds, now = Date.now()) {
      if (otherType === from.type && otherIds.includes(from.id)) throw new StoreValidationError('an object cannot be related to itself');
      return db.transaction().execute(async (trx) => {
        const out: ThreatObjectLink[] = [];
        for (const otherId of [...new Set(otherIds)]) {
          const [a, b] = canonical(from, { type: otherType, id: otherId });
          const row = await trx
            .insertInto('object_links')
            .values({ org_id: orgId, a_type: a.type, a_id: a.id, b_type: b.type, b_id: b.id, created_at: now, updated_at: now })
            .onConflict((oc: any) => oc.columns(['a_type', 'a_id', 'b_type', 'b_id']).doUpdateSet({ updated_at: now }))
            .returningAll()
            .executeTakeFirstOrThrow();
          out.push(seenFrom(row, from));
        }
        return out;
      });
    },

    async list(orgId, from, otherType, page) {
      const base: any = db.selectFrom('object_links').where('org_id', '=', orgId).where(sidesOf(from, otherType));
      const counted = await base.select((eb: any) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      const rows = await base.selectAll().orderBy('id').limit(page.limit).offset(page.offset).execute();
      return { total: Number(counted.n), items: rows.map((r: any) => seenFrom(r, from)) };
    },

    async linksOf(orgId, type, ids, otherType) {
      const out: ThreatObjectLink[] = [];
      for (const chunk of idChunks(ids)) {
        const wanted = new Set(chunk);
        const rows = await db
          .selectFrom('object_links')
          .selectAll()
          .where('org_id', '=', orgId)
          .where((eb: any) =>
            eb.or([
              eb.and([eb('a_type', '=', type), eb('a_id', 'in', chunk), eb('b_type', '=', otherType)]),
              eb.and([eb('b_type', '=', type), eb('b_id', 'in', chunk), eb('a_type', '=', otherType)]),
            ]),
          )
          .orderBy('id')
          .execute();
        for (const row of rows) {
          // A link between two objects of the page (same type) belongs to both.
          if (row.a_type === type && wanted.has(Number(row.a_id)) && row.b_type === otherType) out.push(seenFrom(row, { type, id: Number(row.a_id) }));
          if (row.b_type === type && wanted.has(Number(row.b_id)) && row.a_type === otherType) out.push(seenFrom(row, { type, id: Number(row.b_id) }));
        }
      }
      return out;
    },

    async unlink(orgId, from, otherType, by) {
      const pivotIds = (by.pivotIds ?? []).filter(Number.isSafeInteger);
      const otherIds = (by.otherIds ?? []).filter(Number.isSafeInteger);
      if (pivotIds.length === 0 && otherIds.length === 0) return 0;
      return db.transaction().execute(async (trx) => {
        let removed = 0;
        for (const chunk of idChunks(pivotIds)) {
          const result = await trx.deleteFrom('object_links').where('org_id', '=', orgId).where(sidesOf(from, otherType)).where('id', 'in', chunk).executeTakeFirst();
          removed += Number(result.numDeletedRows);
        }
        for (const otherId of otherIds) {
          const [a, b] = canonical(from, { type: otherType, id: otherId });
          const result = await trx
            .deleteFrom('object_links')
            .where('org_id', '=', orgId)
            .where('a_type', '=', a.type)
            .where('a_id', '=', a.id)
            .where('b_type', '=', b.type)
            .where('b_id', '=', b.id)
            .executeTakeFirst();
          removed += Number(result.numDeletedRows);
        }
        return removed;
      });
    },

    async indicators(orgId, ids) {
      const out: Indicator[] = [];
      for (const chunk of idChunks(ids)) {
        const rows = await db.selectFrom('indicators').select(INDICATOR_COLUMNS).where('org_id', '=', orgId).where('id', 'in', chunk).where('deleted_at', 'is', null).execute();
        out.push(...rows.map(toIndicator));
      }
      return out;
    },
  };
}
