/**
 * Custom event types (ThreatQ `POST /api/event/types`), per organization. ThreatQ's 14 default types are
 * not stored (they come from @vigil/intel); custom ids continue after them, counted per organization.
 * @module
 */
import type { Kysely } from 'kysely';
import { StoreConflictError } from '../errors.js';
import { translateDbError } from '../internal/db-errors.js';
import type { Database } from '../schema.js';
import type { CustomEventType, EventTypesRepo } from './threatq-workflow-types.js';

/** ThreatQ ships event types 1–14. */
const DEFAULT_TYPES = 14;
const ATTEMPTS = 5;

const toType = (r: any): CustomEventType => ({ id: Number(r.id), name: r.name, createdAt: Number(r.created_at) });

/**
 * Creates the custom event types repository.
 * ```ts
 * const type = await createEventTypesRepo(db).create(orgId, 'Phishing Campaign'); // { id: 15, … }
 * ```
 */
export function createEventTypesRepo(database: Kysely<Database>): EventTypesRepo {
  const db = database as unknown as Kysely<any>;
  return {
    async list(orgId) {
      const rows = await db.selectFrom('event_types').select(['id', 'name', 'created_at']).where('org_id', '=', orgId).orderBy('id').execute();
      return rows.map(toType);
    },

    async create(orgId, name, now = Date.now()) {
      const norm = name.toLowerCase();
      for (let attempt = 1; ; attempt++) {
        const existing = await db.selectFrom('event_types').select('id').where('org_id', '=', orgId).where('name_norm', '=', norm).executeTakeFirst();
        if (existing) throw new StoreConflictError('an event type with that name already exists');
        const top: { id?: unknown } | undefined = await db.selectFrom('event_types').select((eb: any) => eb.fn.max('id').as('id')).where('org_id', '=', orgId).executeTakeFirst();
        const id = Math.max(DEFAULT_TYPES, Number(top?.id ?? 0)) + 1;
        try {
          const row = await db
            .insertInto('event_types')
            .values({ org_id: orgId, id, name, name_norm: norm, created_at: now })
            .returning(['id', 'name', 'created_at'])
            .executeTakeFirstOrThrow();
          return toType(row);
        } catch (err) {
          // Two creates took the same next id (or name) at once: look again.
          if (!(translateDbError(err, 'event type') instanceof StoreConflictError) || attempt >= ATTEMPTS) throw translateDbError(err, 'event type');
        }
      }
    },
  };
}
