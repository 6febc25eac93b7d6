/**
 * Threat-library events (ThreatQ `/api/events`): a titled, typed happening with a time, and the sources,
 * attributes, tags and comments of object-context.ts. Deleting one removes its context and relations.
 * @module
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { ThreatEvent, ThreatEventsRepo } from './threat-objects-types.js';
import { addContext, idChunks, loadContext, pageOf, removeObject } from './object-context.js';

const COLUMNS = ['id', 'org_id', 'title', 'type_id', 'happened_at', 'description', 'published_at', 'created_at', 'updated_at'] as const;

function toEvent(r: any): ThreatEvent {
  return {
    id: Number(r.id),
    orgId: r.org_id,
    title: r.title,
    typeId: Number(r.type_id),
    happenedAt: Number(r.happened_at),
    description: r.description,
    publishedAt: r.published_at === null ? null : Number(r.published_at),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

/**
 * Creates the events repository.
 * ```ts
 * const event = await createThreatEventsRepo(db).create(orgId, { title: 'Phish', typeId: 1, happenedAt: Date.now() });
 * ```
 */
export function createThreatEventsRepo(database: Kysely<Database>): ThreatEventsRepo {
  const db = database as unknown as Kysely<any>;
  const get = async (orgId: string, id: number) => {
    if (!Number.isSafeInteger(id)) return undefined;
    const row = await db.selectFrom('threat_events').select(COLUMNS).where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
    return row && toEvent(row);
  };
  return {
    async create(orgId, input, now = Date.now()) {
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('threat_events')
          .values({
            org_id: orgId,
            title: input.title,
            type_id: input.typeId,
            happened_at: input.happenedAt,
            description: input.description ?? null,
            published_at: input.publishedAt ?? null,
            created_at: now,
            updated_at: now,
          })
          .returning(COLUMNS)
          .executeTakeFirstOrThrow();
        const event = toEvent(row);
        await addContext(trx, orgId, 'event', event.id, input, now);
        return event;
      });
    },

    get,

    async getMany(orgId, ids) {
      const out: ThreatEvent[] = [];
      for (const chunk of idChunks(ids)) {
        const rows = await db.selectFrom('threat_events').select(COLUMNS).where('org_id', '=', orgId).where('id', 'in', chunk).execute();
        out.push(...rows.map(toEvent));
      }
      return out;
    },

    async list(query) {
      const { total, rows } = await pageOf(db, 'threat_events', COLUMNS, query, (q) => {
        let out = q;
        if (query.typeId !== undefined) out = out.where('type_id', '=', query.typeId);
        if (query.title !== undefined) out = out.where('title', '=', query.title);
        return out;
      });
      return { total, items: rows.map(toEvent) };
    },

    async update(orgId, id, patch, now = Date.now()) {
      if (!Number.isSafeInteger(id)) return undefined;
      return db.transaction().execute(async (trx) => {
        const set: Record<string, unknown> = { updated_at: now };
        if (patch.title !== undefined) set.title = patch.title;
        if (patch.typeId !== undefined) set.type_id = patch.typeId;
        if (patch.happenedAt !== undefined) set.happened_at = patch.happenedAt;
        if (patch.description !== undefined) set.description = patch.description;
        if (patch.publishedAt !== undefined) set.published_at = patch.publishedAt;
        const row = await trx.updateTable('threat_events').set(set).where('org_id', '=', orgId).where('id', '=', id).returning(COLUMNS).executeTakeFirst();
        if (!row) return undefined;
        await addContext(trx, orgId, 'event', id, patch, now);
        return toEvent(row);
      });
    },

    async delete(orgId, id) {
      if (!Number.isSafeInteger(id)) return false;
      return db.transaction().execute(async (trx) => {
        const result = await trx.deleteFrom('threat_events').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
        if (Number(result.numDeletedRows) === 0) return false;
        await removeObject(trx, 'event', id);
        return true;
      });
    },

    context: (ids) => loadContext(db, 'event', ids),
  };
}
