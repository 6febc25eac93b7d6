/**
 * TAXII 2.1 collections: per-organization saved searches over indicators, and the paged query that serves
 * their objects in TAXII's date_added order (the indicator's updated_at: a changed indicator is a new
 * version, added again).
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { StoreValidationError } from '../errors.js';
import type { Database, IndicatorsTable } from '../schema.js';
import type { TaxiiCollection, TaxiiCollectionsRepo, TaxiiCursor } from './taxii-types.js';
import type { Indicator } from './indicators-types.js';
import { fetchLimit, toPage, type PositionShape } from '../internal/paging.js';

interface TaxiiCollectionsTable {
  id: string;
  org_id: string;
  title: string;
  description: string | null;
  type_id: number | null;
  status_id: number | null;
  can_write: number;
  created_at: number;
}

type Db = Kysely<Database & { taxii_collections: TaxiiCollectionsTable }>;

const MAX_TITLE = 255;
const MAX_DESCRIPTION = 4096;

/** TAXII's `next`: the (updated_at, id) of the last object sent. */
const TAXII_POSITION: PositionShape = {
  valid: (after) => {
    const a = after as Partial<TaxiiCursor> | null;
    return typeof a === 'object' && a !== null && Number.isSafeInteger(a.updatedAt) && Number.isSafeInteger(a.id);
  },
  shape: '{ updatedAt: integer, id: integer }',
};

function toCollection(row: Selectable<TaxiiCollectionsTable>): TaxiiCollection {
  return {
    id: row.id,
    orgId: row.org_id,
    title: row.title,
    description: row.description,
    typeId: row.type_id === null ? null : Number(row.type_id),
    statusId: row.status_id === null ? null : Number(row.status_id),
    canWrite: Number(row.can_write) === 1,
    createdAt: Number(row.created_at),
  };
}

const n = (v: number | string | null) => (v === null ? null : Number(v));

function toIndicator(row: Selectable<IndicatorsTable>): Indicator {
  return {
    id: Number(row.id),
    orgId: row.org_id,
    typeId: Number(row.type_id),
    statusId: Number(row.status_id),
    class: row.class,
    value: row.value,
    hash: row.hash,
    description: row.description,
    generatedScore: Number(row.generated_score),
    manualScore: n(row.manual_score),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    touchedAt: Number(row.touched_at),
    publishedAt: n(row.published_at),
    lastDetectedAt: n(row.last_detected_at),
    expiresAt: n(row.expires_at),
    expiredAt: n(row.expired_at),
  };
}

/**
 * Creates the TAXII collections repository.
 * ```ts
 * const collections = createTaxiiCollectionsRepo(db);
 * const c = await collections.create(orgId, { title: 'Active IPs', typeId: 15, statusId: 1 });
 * ```
 */
export function createTaxiiCollectionsRepo(database: Kysely<Database>): TaxiiCollectionsRepo {
  const db = database as unknown as Db;
  return {
    async create(orgId, input, now = Date.now()) {
      if (typeof input.title !== 'string' || input.title.trim() === '' || input.title.length > MAX_TITLE) {
        throw new StoreValidationError(`title must be a non-empty string of at most ${MAX_TITLE} characters`);
      }
      if (input.description != null && (typeof input.description !== 'string' || input.description.length > MAX_DESCRIPTION)) {
        throw new StoreValidationError(`description must be a string of at most ${MAX_DESCRIPTION} characters`);
      }
      const row = {
        id: randomUUID(),
        org_id: orgId,
        title: input.title.trim(),
        description: input.description ?? null,
        type_id: input.typeId ?? null,
        status_id: input.statusId ?? null,
        can_write: input.canWrite ? 1 : 0,
        created_at: now,
      };
      await db.insertInto('taxii_collections').values(row).execute();
      return toCollection(row);
    },

    async list(orgId) {
      const rows = await db.selectFrom('taxii_collections').selectAll().where('org_id', '=', orgId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toCollection);
    },

    async get(orgId, id) {
      const row = await db.selectFrom('taxii_collections').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      return row && toCollection(row);
    },

    async delete(orgId, id) {
      const result = await db.deleteFrom('taxii_collections').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async setCanWrite(orgId, id, canWrite) {
      await db.updateTable('taxii_collections').set({ can_write: canWrite ? 1 : 0 }).where('org_id', '=', orgId).where('id', '=', id).execute();
      return this.get(orgId, id);
    },

    async objects(collection, query) {
      let q = db.selectFrom('indicators').selectAll().where('org_id', '=', collection.orgId).where('deleted_at', 'is', null);
      if (collection.typeId !== null) q = q.where('type_id', '=', collection.typeId);
      if (collection.statusId !== null) q = q.where('status_id', '=', collection.statusId);
      if (query.typeIds) q = q.where('type_id', 'in', query.typeIds.length > 0 ? query.typeIds : [-1]);
      if (query.hashes) q = q.where('hash', 'in', query.hashes.length > 0 ? query.hashes : ['']);
      if (query.addedAfter !== undefined) q = q.where('updated_at', '>', query.addedAfter);
      const after = query.after;
      if (after) q = q.where((eb) => eb.or([eb('updated_at', '>', after.updatedAt), eb.and([eb('updated_at', '=', after.updatedAt), eb('id', '>', after.id)])]));
      const rows = await q.orderBy('updated_at').orderBy('id').limit(fetchLimit(query, TAXII_POSITION)).execute();
      return toPage(rows, query.limit, toIndicator, (r) => ({ updatedAt: Number(r.updated_at), id: Number(r.id) }));
    },
  };
}
