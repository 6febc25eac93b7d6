/**
 * Sources, attributes, tags and comments of events, adversaries and attachments (migration 0012): generic tables keyed by
 * (`object_type`, `object_id`), with the per-organization names (intel_sources, intel_attributes, intel_tags)
 * shared with indicators. Context is only ever added to; deleting the object removes it (see removeObject).
 * @module
 */
import { sql, type Kysely } from 'kysely';
import { StoreValidationError } from '../errors.js';
import type { ThreatObjectContext, ThreatObjectContextInput, ThreatObjectType } from './threat-objects-types.js';

const MAX_NAME_LENGTH = 255;
/** ids per `IN (…)` list: well under SQLite's and PostgreSQL's parameter limits */
const IN_CHUNK = 500;

type NamedTable = 'intel_sources' | 'intel_tags' | 'intel_attributes';

const num = (v: unknown) => Number(v);
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function checkName(kind: string, name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_NAME_LENGTH) {
    throw new StoreValidationError(`${kind} name must be a non-empty string of at most ${MAX_NAME_LENGTH} characters`);
  }
  return name.trim();
}

/** Splits ids into `IN` lists of a safe size. */
export function idChunks(ids: number[]): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < ids.length; i += IN_CHUNK) out.push(ids.slice(i, i + IN_CHUNK));
  return out;
}

/** Finds or creates a per-organization name (source, tag, attribute). */
async function nameId(trx: Kysely<any>, table: NamedTable, orgId: string, name: string, now: number): Promise<number> {
  const values: Record<string, unknown> = { org_id: orgId, name, name_norm: name.toLowerCase(), created_at: now };
  if (table === 'intel_sources') Object.assign(values, { tlp_id: null, updated_at: now });
  const row = await trx
    .insertInto(table)
    .values(values)
    // A no-op update so RETURNING yields the existing row's id too.
    .onConflict((oc: any) => oc.columns(['org_id', 'name_norm']).doUpdateSet({ name_norm: sql`excluded.name_norm` }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/**
 * Adds context to one object inside the caller's transaction.
 * ```ts
 * await addContext(trx, orgId, 'event', event.id, { tags: ['apt'] }, now);
 * ```
 */
export async function addContext(trx: Kysely<any>, orgId: string, type: ThreatObjectType, id: number, input: ThreatObjectContextInput, now: number): Promise<void> {
  const key = { object_type: type, object_id: id };
  for (const source of input.sources ?? []) {
    const sourceId = await nameId(trx, 'intel_sources', orgId, checkName('source', source.name), now);
    await trx
      .insertInto('object_sources')
      .values({ ...key, source_id: sourceId, tlp_id: source.tlpId ?? null, published_at: source.publishedAt ?? null, created_at: now, updated_at: now })
      .onConflict((oc: any) =>
        oc.columns(['object_type', 'object_id', 'source_id']).doUpdateSet({
          updated_at: now,
          // The more restrictive TLP (lower id) wins, as for indicators.
          tlp_id: sql`CASE WHEN excluded.tlp_id IS NULL THEN object_sources.tlp_id WHEN object_sources.tlp_id IS NULL OR excluded.tlp_id < object_sources.tlp_id THEN excluded.tlp_id ELSE object_sources.tlp_id END`,
        }),
      )
      .execute();
  }
  for (const attribute of input.attributes ?? []) {
    const attributeId = await nameId(trx, 'intel_attributes', orgId, checkName('attribute', attribute.name), now);
    await trx
      .insertInto('object_attributes')
      .values({ ...key, attribute_id: attributeId, value: attribute.value, created_at: now, updated_at: now })
      .onConflict((oc: any) => oc.columns(['object_type', 'object_id', 'attribute_id', 'value']).doUpdateSet({ updated_at: now }))
      .execute();
  }
  for (const tag of input.tags ?? []) {
    const tagId = await nameId(trx, 'intel_tags', orgId, checkName('tag', tag), now);
    await trx
      .insertInto('object_tags')
      .values({ ...key, tag_id: tagId, created_at: now })
      .onConflict((oc: any) => oc.columns(['object_type', 'object_id', 'tag_id']).doNothing())
      .execute();
  }
  for (const comment of input.comments ?? []) {
    await trx.insertInto('object_comments').values({ ...key, value: comment, created_at: now, updated_at: now }).execute();
  }
}

/**
 * Removes an object's context and relations inside the caller's transaction (the object row is the caller's).
 * ```ts
 * await removeObject(trx, 'adversary', id);
 * ```
 */
export async function removeObject(trx: Kysely<any>, type: ThreatObjectType, id: number): Promise<void> {
  for (const table of ['object_sources', 'object_attributes', 'object_tags', 'object_comments']) {
    await trx.deleteFrom(table).where('object_type', '=', type).where('object_id', '=', id).execute();
  }
  await trx
    .deleteFrom('object_links')
    .where((eb: any) => eb.or([eb.and([eb('a_type', '=', type), eb('a_id', '=', id)]), eb.and([eb('b_type', '=', type), eb('b_id', '=', id)])]))
    .execute();
}

/**
 * Removes one source or tag link of an object by its pivot id, inside the caller's transaction.
 * ```ts
 * await removeContextLink(trx, 'attachment', 3, 'tags', pivotId); // true when it existed
 * ```
 */
export async function removeContextLink(trx: Kysely<any>, type: ThreatObjectType, id: number, kind: 'sources' | 'tags', pivotId: number): Promise<boolean> {
  const result = await trx
    .deleteFrom(kind === 'sources' ? 'object_sources' : 'object_tags')
    .where('id', '=', pivotId)
    .where('object_type', '=', type)
    .where('object_id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * Loads the context of these objects of one type (one query per kind and chunk).
 * ```ts
 * const context = await loadContext(db, 'event', [1, 2]);
 * ```
 */
export async function loadContext(db: Kysely<any>, type: ThreatObjectType, ids: number[]): Promise<ThreatObjectContext> {
  const out: ThreatObjectContext = { sources: [], attributes: [], tags: [], comments: [] };
  for (const chunk of idChunks(ids)) {
    const sources = await db
      .selectFrom('object_sources as p')
      .innerJoin('intel_sources as s', 's.id', 'p.source_id')
      .select(['p.id', 'p.object_id', 'p.source_id', 's.name', 'p.tlp_id', 'p.published_at', 'p.created_at', 'p.updated_at'])
      .where('p.object_type', '=', type)
      .where('p.object_id', 'in', chunk)
      .orderBy('p.id')
      .execute();
    for (const r of sources) {
      out.sources.push({
        pivotId: num(r.id),
        objectId: num(r.object_id),
        sourceId: num(r.source_id),
        name: r.name,
        tlpId: numOrNull(r.tlp_id),
        publishedAt: numOrNull(r.published_at),
        createdAt: num(r.created_at),
        updatedAt: num(r.updated_at),
      });
    }
    const attributes = await db
      .selectFrom('object_attributes as a')
      .innerJoin('intel_attributes as n', 'n.id', 'a.attribute_id')
      .select(['a.id', 'a.object_id', 'a.attribute_id', 'n.name', 'a.value', 'a.created_at', 'a.updated_at'])
      .where('a.object_type', '=', type)
      .where('a.object_id', 'in', chunk)
      .orderBy('a.id')
      .execute();
    for (const r of attributes) {
      out.attributes.push({ id: num(r.id), objectId: num(r.object_id), attributeId: num(r.attribute_id), name: r.name, value: r.value, createdAt: num(r.created_at), updatedAt: num(r.updated_at) });
    }
    const tags = await db
      .selectFrom('object_tags as p')
      .innerJoin('intel_tags as t', 't.id', 'p.tag_id')
      .select(['p.id as pivot_id', 'p.object_id', 't.id', 't.name'])
      .where('p.object_type', '=', type)
      .where('p.object_id', 'in', chunk)
      .orderBy('p.id')
      .execute();
    for (const r of tags) out.tags.push({ id: num(r.id), pivotId: num(r.pivot_id), objectId: num(r.object_id), name: r.name });
    const comments = await db
      .selectFrom('object_comments')
      .select(['id', 'object_id', 'value', 'created_at', 'updated_at'])
      .where('object_type', '=', type)
      .where('object_id', 'in', chunk)
      .orderBy('id')
      .execute();
    for (const r of comments) out.comments.push({ id: num(r.id), objectId: num(r.object_id), value: r.value, createdAt: num(r.created_at), updatedAt: num(r.updated_at) });
  }
  return out;
}

/**
 * A count-then-page list of one organization's rows of `table`, newest rules of paging shared by every object.
 * ```ts
 * const { total, rows } = await pageOf(db, 'adversaries', query, (q) => q);
 * ```
 */
export async function pageOf(
  db: Kysely<any>,
  table: string,
  columns: readonly string[],
  query: { orgId: string; limit: number; offset: number; sort?: { field: string; desc: boolean } },
  filter: (q: any) => any,
): Promise<{ total: number; rows: any[] }> {
  const base = filter(db.selectFrom(table).where('org_id', '=', query.orgId));
  const counted = await base.select((eb: any) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const sort = query.sort ?? { field: 'id', desc: false };
  const direction = sort.desc ? 'desc' : 'asc';
  let page = base.select(columns).orderBy(sort.field, direction);
  if (sort.field !== 'id') page = page.orderBy('id', direction);
  const rows = await page.limit(query.limit).offset(query.offset).execute();
  return { total: Number(counted.n), rows };
}
