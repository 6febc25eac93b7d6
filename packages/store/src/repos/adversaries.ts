/**
 * Threat-library adversaries (ThreatQ `/api/adversaries`): one per organization and name (ignoring case),
 * so creating a known adversary answers it with the new context added, as feeds expect of ThreatQ.
 * @module
 */
import { sql, type Kysely } from 'kysely';
import { StoreConflictError } from '../errors.js';
import { translateDbError } from '../internal/db-errors.js';
import type { Database } from '../schema.js';
import type { AdversariesRepo, Adversary } from './threat-objects-types.js';
import { addContext, idChunks, loadContext, pageOf, removeObject } from './object-context.js';

const COLUMNS = ['id', 'org_id', 'name', 'description', 'created_at', 'updated_at'] as const;

function toAdversary(r: any): Adversary {
  return { id: Number(r.id), orgId: r.org_id, name: r.name, description: r.description, createdAt: Number(r.created_at), updatedAt: Number(r.updated_at) };
}

/**
 * Creates the adversaries repository.
 * ```ts
 * const apt = await createAdversariesRepo(db).create(orgId, { name: 'APT29' });
 * ```
 */
export function createAdversariesRepo(database: Kysely<Database>): AdversariesRepo {
  const db = database as unknown as Kysely<any>;
  return {
    async create(orgId, input, now = Date.now()) {
      return db.transaction().execute(async (trx) => {
        const set: Record<string, unknown> = { updated_at: now };
        if (input.description !== undefined) set.description = sql`excluded.description`;
        const row = await trx
          .insertInto('adversaries')
          .values({ org_id: orgId, name: input.name, name_norm: input.name.toLowerCase(), description: input.description ?? null, created_at: now, updated_at: now })
          .onConflict((oc: any) => oc.columns(['org_id', 'name_norm']).doUpdateSet(set))
          .returning(COLUMNS)
          .executeTakeFirstOrThrow();
        const adversary = toAdversary(row);
        await addContext(trx, orgId, 'adversary', adversary.id, input, now);
        return adversary;
      });
    },

    async get(orgId, id) {
      if (!Number.isSafeInteger(id)) return undefined;
      const row = await db.selectFrom('adversaries').select(COLUMNS).where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      return row && toAdversary(row);
    },

    async getMany(orgId, ids) {
      const out: Adversary[] = [];
      for (const chunk of idChunks(ids)) {
        const rows = await db.selectFrom('adversaries').select(COLUMNS).where('org_id', '=', orgId).where('id', 'in', chunk).execute();
        out.push(...rows.map(toAdversary));
      }
      return out;
    },

    async list(query) {
      const { total, rows } = await pageOf(db, 'adversaries', COLUMNS, query, (q) =>
        query.name === undefined ? q : q.where('name_norm', '=', query.name.toLowerCase()),
      );
      return { total, items: rows.map(toAdversary) };
    },

    async update(orgId, id, patch, now = Date.now()) {
      if (!Number.isSafeInteger(id)) return undefined;
      try {
        return await db.transaction().execute(async (trx) => {
          const set: Record<string, unknown> = { updated_at: now };
          if (patch.name !== undefined) Object.assign(set, { name: patch.name, name_norm: patch.name.toLowerCase() });
          if (patch.description !== undefined) set.description = patch.description;
          const row = await trx.updateTable('adversaries').set(set).where('org_id', '=', orgId).where('id', '=', id).returning(COLUMNS).executeTakeFirst();
          if (!row) return undefined;
          await addContext(trx, orgId, 'adversary', id, patch, now);
          return toAdversary(row);
        });
      } catch (err) {
        const translated = translateDbError(err, 'adversary');
        throw translated instanceof StoreConflictError ? new StoreConflictError('an adversary with that name already exists', { cause: err }) : translated;
      }
    },

    async delete(orgId, id) {
      if (!Number.isSafeInteger(id)) return false;
      return db.transaction().execute(async (trx) => {
        const result = await trx.deleteFrom('adversaries').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
        if (Number(result.numDeletedRows) === 0) return false;
        await removeObject(trx, 'adversary', id);
        return true;
      });
    },

    context: (ids) => loadContext(db, 'adversary', ids),
  };
}
