/**
 * Status resources of TAXII 2.1 writes. Retention: a status is served for STATUS_TTL_MS after the request
 * and every save deletes the organization's older ones, so the table stays bounded by one week of writes
 * without a worker.
 * @module
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { TaxiiStatusRepo, TaxiiStatusResource } from './taxii-types.js';

interface TaxiiStatusTable {
  id: string;
  org_id: string;
  collection_id: string;
  created_at: number;
  document: string;
}

type Db = Kysely<Database & { taxii_status: TaxiiStatusTable }>;

/** How long a status resource is kept: 7 days. */
export const STATUS_TTL_MS = 7 * 86_400_000;

/**
 * Creates the TAXII status repository.
 * ```ts
 * const statuses = createTaxiiStatusRepo(db);
 * await statuses.save(orgId, collectionId, status);
 * ```
 */
export function createTaxiiStatusRepo(database: Kysely<Database>, ttlMs = STATUS_TTL_MS): TaxiiStatusRepo {
  const db = database as unknown as Db;
  return {
    async save(orgId, collectionId, status, now = Date.now()) {
      await db.insertInto('taxii_status').values({ id: status.id, org_id: orgId, collection_id: collectionId, created_at: now, document: JSON.stringify(status) }).execute();
      await db.deleteFrom('taxii_status').where('org_id', '=', orgId).where('created_at', '<', now - ttlMs).execute();
    },

    async get(orgId, id, now = Date.now()) {
      const row = await db
        .selectFrom('taxii_status')
        .select('document')
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .where('created_at', '>=', now - ttlMs)
        .executeTakeFirst();
      return row && (JSON.parse(row.document) as TaxiiStatusResource);
    },
  };
}
