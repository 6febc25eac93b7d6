/**
 * The threat library's indicators: one row per organization, type and normalized value, with the sources
 * that reported it (each link has its own `pivot` id), tags and attributes. Writes are upserts so feeds can
 * re-send what they already sent: a re-report touches the indicator and merges its context.
 * @module
 */
import { CompiledQuery, sql, type Compilable, type Kysely, type Selectable, type SelectQueryBuilder } from 'kysely';
import { StoreValidationError } from '../errors.js';
import { ARRAY_ROWS_MARKER } from '../internal/array-rows.js';
import { placeInInputOrder, typedValueKey } from '../internal/input-order.js';
import type { QueryTemplates } from '../internal/query-templates.js';
import type { Database, IndicatorsTable } from '../schema.js';
import type { Indicator, IndicatorAttribute, IndicatorListQuery, IndicatorPosition, IndicatorSortField, IndicatorSourceInput, IndicatorSourceLink, IndicatorTag, IndicatorUpsert, IndicatorsRepo } from './indicators-types.js';

/** New indicators without a status are put up for review, as ThreatQ's importers do. */
const DEFAULT_STATUS_ID = 4;
const MAX_NAME_LENGTH = 255;
/** ids per `IN (…)` list: well under SQLite's and PostgreSQL's parameter limits */
const IN_CHUNK = 500;
/**
 * Up to this many values, a lookup by value reads all its matches in one query and pages them here: a
 * (type, value) pair is unique per organization, so the matches are at most one row per type and value.
 */
const FEW_VALUES = 8;

/** The columns an Indicator is read from (shared by the repositories that read indicators). */
export const INDICATOR_COLUMNS = [
  'id',
  'org_id',
  'type_id',
  'status_id',
  'class',
  'value',
  'hash',
  'description',
  'generated_score',
  'manual_score',
  'created_at',
  'updated_at',
  'touched_at',
  'published_at',
  'last_detected_at',
  'expires_at',
  'expired_at',
] as const;

export type IndicatorRow = Pick<Selectable<IndicatorsTable>, (typeof INDICATOR_COLUMNS)[number]>;

const numOrNull = (v: number | string | null) => (v === null ? null : Number(v));

/** An `indicators` row read as an array of INDICATOR_COLUMNS, in that order, as an Indicator. */
function arrayToIndicator(r: unknown[]): Indicator {
  return {
    id: Number(r[0]),
    orgId: r[1] as string,
    typeId: Number(r[2]),
    statusId: Number(r[3]),
    class: r[4] as string,
    value: r[5] as string,
    hash: r[6] as string,
    description: r[7] as string | null,
    generatedScore: Number(r[8]),
    manualScore: numOrNull(r[9] as number | string | null),
    createdAt: Number(r[10]),
    updatedAt: Number(r[11]),
    touchedAt: Number(r[12]),
    publishedAt: numOrNull(r[13] as number | string | null),
    lastDetectedAt: numOrNull(r[14] as number | string | null),
    expiresAt: numOrNull(r[15] as number | string | null),
    expiredAt: numOrNull(r[16] as number | string | null),
  };
}

/** An `indicators` row as an Indicator. */
export function toIndicator(row: IndicatorRow): Indicator {
  return arrayToIndicator(INDICATOR_COLUMNS.map((column) => row[column]));
}

function checkName(kind: string, name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_NAME_LENGTH) {
    throw new StoreValidationError(`${kind} name must be a non-empty string of at most ${MAX_NAME_LENGTH} characters`);
  }
  return name.trim();
}

const norm = (name: string) => name.toLowerCase();
/** a name's key in the per-batch cache of ids */
const nameKey = (table: NamedTable, name: string) => `${table}\u0000${norm(name)}`;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

type NamedTable = 'intel_sources' | 'intel_tags' | 'intel_attributes';

/** Which optional fields an item sets: a merge overwrites only those (the rest keep their stored values). */
const OPTIONAL_FIELDS = [
  ['statusId', 'status_id'],
  ['description', 'description'],
  ['publishedAt', 'published_at'],
  ['lastDetectedAt', 'last_detected_at'],
  ['expiresAt', 'expires_at'],
] as const;

function shapeOf(item: IndicatorUpsert): string {
  return OPTIONAL_FIELDS.map(([key]) => (item[key] === undefined ? '0' : '1')).join('');
}

function indicatorRow(orgId: string, item: IndicatorUpsert, now: number) {
  return {
    org_id: orgId,
    type_id: item.typeId,
    status_id: item.statusId ?? DEFAULT_STATUS_ID,
    class: item.class,
    value: item.value,
    hash: item.hash,
    description: item.description ?? null,
    generated_score: item.generatedScore,
    manual_score: null,
    created_at: now,
    updated_at: now,
    touched_at: now,
    published_at: item.publishedAt ?? null,
    last_detected_at: item.lastDetectedAt ?? null,
    expires_at: item.expiresAt ?? null,
    expired_at: null,
    deleted_at: null,
  };
}

/** The ON CONFLICT update for rows of one shape: touch, revive, keep the higher score, overwrite what was sent. */
function mergeSet(shape: string, now: unknown): Record<string, unknown> {
  const merge: Record<string, unknown> = {
    updated_at: now,
    touched_at: now,
    deleted_at: null,
    generated_score: sql`CASE WHEN excluded.generated_score > indicators.generated_score THEN excluded.generated_score ELSE indicators.generated_score END`,
  };
  OPTIONAL_FIELDS.forEach(([, column], i) => {
    if (shape[i] === '1') merge[column] = sql.ref(`excluded.${column}`);
  });
  return merge;
}

/** Rows per multi-row statement: 18 columns × 400 stays far below both databases' parameter limits. */
const ROWS_PER_STATEMENT = 400;

const SOURCE_LINK_MERGE = (now: unknown) => ({
  updated_at: now,
  // The more restrictive TLP (lower id: red=1 … white=4) wins a merge.
  tlp_id: sql`CASE WHEN excluded.tlp_id IS NULL THEN indicator_sources.tlp_id
                   WHEN indicator_sources.tlp_id IS NULL THEN excluded.tlp_id
                   WHEN excluded.tlp_id < indicator_sources.tlp_id THEN excluded.tlp_id
                   ELSE indicator_sources.tlp_id END`,
  published_at: sql`COALESCE(indicator_sources.published_at, excluded.published_at)`,
});


type IndicatorSort = NonNullable<IndicatorListQuery['sort']>;

/** The SQL expression an indicator listing sorts by (before the id that breaks ties). */
function sortExpression(field: IndicatorSortField) {
  return field === 'score' ? sql<number>`COALESCE(manual_score, generated_score)` : sql.ref<number | string>(field);
}

/** Orders a list query; ties (and the id sort itself) fall back to the id. */
function ordered<Q extends SelectQueryBuilder<Database, 'indicators', IndicatorRow>>(q: Q, sort: IndicatorSort, byValue: boolean): Q {
  const direction = sort.desc ? 'desc' : 'asc';
  // With a value, a handful of rows come from the value index and are sorted; ordered by the bare id,
  // SQLite would rather walk the organization's whole id index (every indicator) to skip the sort.
  const byId = byValue ? sql`id + 0` : sql.ref('id');
  if (sort.field === 'id') return q.orderBy(byId, direction) as Q;
  return q.orderBy(sortExpression(sort.field), direction).orderBy(byId, direction) as Q;
}

/** The value of {@link sortExpression} for one indicator. */
function positionOf(i: Indicator, field: IndicatorSortField): IndicatorPosition {
  const key: Record<IndicatorSortField, number | string> = {
    id: i.id,
    value: i.value,
    type_id: i.typeId,
    status_id: i.statusId,
    score: i.manualScore ?? i.generatedScore,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    touched_at: i.touchedAt,
  };
  return { sortValue: key[field], id: i.id };
}

/** Rows strictly after `after` in the order of `sort` (keyset paging). */
function afterPosition<Q extends SelectQueryBuilder<Database, 'indicators', IndicatorRow>>(q: Q, sort: IndicatorSort, after: IndicatorPosition): Q {
  const op = sort.desc ? '<' : '>';
  if (sort.field === 'id') return q.where('id', op, after.id) as Q;
  const key = sortExpression(sort.field);
  return q.where((eb) => eb.or([eb(key, op, after.sortValue), eb.and([eb(key, '=', after.sortValue), eb('id', op, after.id)])])) as Q;
}

/** Stands in for the i-th value while a statement shape is compiled once (see `StatementCache`). */
class Slot {
  constructor(readonly index: number) {}
}

/**
 * Bulk statements compiled by Kysely once per shape (row count, which optional fields are set) and then only
 * re-bound: building and compiling a 400-row INSERT costs about as much as running it.
 */
class StatementCache {
  private readonly shapes = new Map<string, { sql: string; slots: number[]; constants: unknown[] }>();

  compiled(key: string, values: readonly unknown[], build: (v: readonly any[]) => Compilable<unknown>, arrays = false): CompiledQuery {
    let t = this.shapes.get(key);
    if (t === undefined) {
      const compiled = build(values.map((_, i) => new Slot(i))).compile();
      t = { sql: arrays ? ARRAY_ROWS_MARKER + compiled.sql : compiled.sql, slots: compiled.parameters.map((p) => (p instanceof Slot ? p.index : -1)), constants: [...compiled.parameters] };
      if (this.shapes.size > 200) this.shapes.clear();
      this.shapes.set(key, t);
    }
    const parameters = new Array<unknown>(t.slots.length);
    for (let i = 0; i < t.slots.length; i++) parameters[i] = t.slots[i]! >= 0 ? values[t.slots[i]!] : t.constants[i];
    return CompiledQuery.raw(t.sql, parameters);
  }
}

const ROW_KEYS = Object.keys(indicatorRow('', { typeId: 0, class: 'network', value: '', hash: '', generatedScore: 0 }, 0)) as Array<keyof ReturnType<typeof indicatorRow>>;
const LINK_KEYS = ['indicator_id', 'source_id', 'tlp_id', 'published_at', 'created_at', 'updated_at'] as const;

/**
 * Creates the indicators repository.
 * ```ts
 * const indicators = createIndicatorsRepo(db, templates);
 * const [ind] = await indicators.upsertMany(orgId, [{ typeId: 11, class: 'network', value: 'example.com', hash, generatedScore: 5 }]);
 * ```
 */
export function createIndicatorsRepo(db: Kysely<Database>, templates: QueryTemplates): IndicatorsRepo {
  const statements = new StatementCache();

  /**
   * One multi-row upsert of indicators of one shape; answers the rows as stored. They come back as arrays:
   * better-sqlite3 builds a row object key by key, and for 2,000 rows of 17 columns that was 5–10 % of a
   * bulk load's time in the store (A/B, a million indicators).
   */
  async function upsertRows(trx: Kysely<Database>, orgId: string, shape: string, chunk: IndicatorUpsert[], now: number): Promise<Indicator[]> {
    const values: unknown[] = [now];
    for (const item of chunk) {
      const row = indicatorRow(orgId, item, now);
      for (const key of ROW_KEYS) values.push(row[key]);
    }
    const width = ROW_KEYS.length;
    const query = statements.compiled(`indicators:${shape}:${chunk.length}`, values, (v) =>
      trx
        .insertInto('indicators')
        .values(chunk.map((_, r) => Object.fromEntries(ROW_KEYS.map((key, c) => [key, v[1 + r * width + c]])) as never))
        .onConflict((oc) => oc.columns(['org_id', 'type_id', 'value']).doUpdateSet(mergeSet(shape, v[0]) as never))
        .returning(INDICATOR_COLUMNS),
      true,
    );
    return (await trx.executeQuery<unknown[]>(query)).rows.map(arrayToIndicator);
  }

  async function insertLinks(trx: Kysely<Database>, chunk: Array<Record<(typeof LINK_KEYS)[number], number | null>>, now: number): Promise<void> {
    const values: unknown[] = [now];
    for (const link of chunk) for (const key of LINK_KEYS) values.push(link[key]);
    const width = LINK_KEYS.length;
    const query = statements.compiled(`sources:${chunk.length}`, values, (v) =>
      trx
        .insertInto('indicator_sources')
        .values(chunk.map((_, r) => Object.fromEntries(LINK_KEYS.map((key, c) => [key, v[1 + r * width + c]])) as never))
        .onConflict((oc) => oc.columns(['indicator_id', 'source_id']).doUpdateSet(SOURCE_LINK_MERGE(v[0]) as never)),
    );
    await trx.executeQuery(query);
  }

  /** Finds or creates a per-organization name (source, tag, attribute), cached for one batch. */
  async function nameId(
    trx: Kysely<Database>,
    cache: Map<string, number>,
    table: NamedTable,
    orgId: string,
    name: string,
    now: number,
    tlpId?: number | null,
  ): Promise<number> {
    const key = nameKey(table, name);
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const values = { org_id: orgId, name, name_norm: norm(name), created_at: now };
    const t = trx as Kysely<any>;
    const row = await t
      .insertInto(table)
      .values(table === 'intel_sources' ? { ...values, tlp_id: tlpId ?? null, updated_at: now } : values)
      // A no-op update so RETURNING yields the existing row's id too (DO NOTHING returns nothing).
      .onConflict((oc: any) => oc.columns(['org_id', 'name_norm']).doUpdateSet({ name_norm: sql`excluded.name_norm` }))
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    cache.set(key, id);
    return id;
  }

  async function linkSource(trx: Kysely<Database>, cache: Map<string, number>, orgId: string, indicatorId: number, source: IndicatorSourceInput, now: number) {
    const sourceId = await nameId(trx, cache, 'intel_sources', orgId, checkName('source', source.name), now, source.tlpId);
    await trx
      .insertInto('indicator_sources')
      .values({
        indicator_id: indicatorId,
        source_id: sourceId,
        tlp_id: source.tlpId ?? null,
        published_at: source.publishedAt ?? null,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.columns(['indicator_id', 'source_id']).doUpdateSet(SOURCE_LINK_MERGE(now) as never))
      .execute();
  }

  async function attachAttributes(trx: Kysely<Database>, cache: Map<string, number>, orgId: string, indicatorId: number, item: IndicatorUpsert, now: number) {
    for (const attribute of item.attributes ?? []) {
      const attributeId = await nameId(trx, cache, 'intel_attributes', orgId, checkName('attribute', attribute.name), now);
      const link = await trx
        .insertInto('indicator_attributes')
        .values({ indicator_id: indicatorId, attribute_id: attributeId, value: attribute.value, created_at: now, updated_at: now, touched_at: now })
        .onConflict((oc) => oc.columns(['indicator_id', 'attribute_id', 'value']).doUpdateSet({ touched_at: now, updated_at: now }))
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const source of attribute.sources ?? []) {
        const sourceId = await nameId(trx, cache, 'intel_sources', orgId, checkName('source', source.name), now, source.tlpId);
        await trx
          .insertInto('indicator_attribute_sources')
          .values({ indicator_attribute_id: Number(link.id), source_id: sourceId, created_at: now })
          .onConflict((oc) => oc.columns(['indicator_attribute_id', 'source_id']).doNothing())
          .execute();
      }
    }
  }

  /**
   * The bulk path for batches without repeated (type, value): indicators, source links and tags are written
   * with multi-row statements (one per shape and chunk) instead of a few statements per item.
   */
  async function upsertBatch(trx: Kysely<Database>, cache: Map<string, number>, orgId: string, items: IndicatorUpsert[], now: number): Promise<Indicator[]> {
    // Positions of the items of each shape, so the stored rows can answer in input order.
    const shapes = new Map<string, number[]>();
    for (let i = 0; i < items.length; i++) {
      const shape = shapeOf(items[i]!);
      const group = shapes.get(shape);
      if (group) group.push(i);
      else shapes.set(shape, [i]);
    }
    const out = new Array<Indicator>(items.length);
    for (const [shape, positions] of shapes) {
      for (const chunk of chunks(positions, ROWS_PER_STATEMENT)) {
        const rows = await upsertRows(trx, orgId, shape, chunk.map((i) => items[i]!), now);
        placeInInputOrder(rows, chunk, items, out);
      }
    }

    // Source and tag ids first, one lookup per distinct name as sent (in item order, so the first mention of
    // a new source sets its TLP), so the loop over thousands of items below runs without awaiting.
    const sourceIds = new Map<string, number>();
    const tagIds = new Map<string, number>();
    for (const item of items) {
      for (const source of item.sources ?? []) {
        if (!sourceIds.has(source.name)) sourceIds.set(source.name, await nameId(trx, cache, 'intel_sources', orgId, checkName('source', source.name), now, source.tlpId));
      }
      for (const tag of item.tags ?? []) {
        if (!tagIds.has(tag)) tagIds.set(tag, await nameId(trx, cache, 'intel_tags', orgId, checkName('tag', tag), now));
      }
    }
    // Source links, one row per (indicator, source); the items are distinct indicators, so only an item's
    // own list can name a source twice, and such repeats merge like a re-report would.
    const links: Array<{ indicator_id: number; source_id: number; tlp_id: number | null; published_at: number | null; created_at: number; updated_at: number }> = [];
    const tagLinks: Array<{ indicator_id: number; tag_id: number; created_at: number }> = [];
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      const indicatorId = out[i]!.id;
      const first = links.length;
      for (const source of item.sources ?? []) {
        const sourceId = sourceIds.get(source.name)!;
        const tlp = source.tlpId ?? null;
        let seen;
        for (let k = first; k < links.length && !seen; k++) if (links[k]!.source_id === sourceId) seen = links[k];
        if (!seen) {
          links.push({ indicator_id: indicatorId, source_id: sourceId, tlp_id: tlp, published_at: source.publishedAt ?? null, created_at: now, updated_at: now });
        } else {
          if (tlp !== null && (seen.tlp_id === null || tlp < seen.tlp_id)) seen.tlp_id = tlp;
          seen.published_at ??= source.publishedAt ?? null;
        }
      }
      const firstTag = tagLinks.length;
      for (const tag of item.tags ?? []) {
        const tagId = tagIds.get(tag)!;
        let repeated = false;
        for (let k = firstTag; k < tagLinks.length && !repeated; k++) repeated = tagLinks[k]!.tag_id === tagId;
        if (!repeated) tagLinks.push({ indicator_id: indicatorId, tag_id: tagId, created_at: now });
      }
    }
    for (const chunk of chunks(links, ROWS_PER_STATEMENT)) await insertLinks(trx, chunk, now);
    for (const chunk of chunks(tagLinks, ROWS_PER_STATEMENT)) {
      await trx.insertInto('indicator_tags').values(chunk).onConflict((oc) => oc.columns(['indicator_id', 'tag_id']).doNothing()).execute();
    }
    for (let i = 0; i < items.length; i++) {
      if (items[i]!.attributes?.length) await attachAttributes(trx, cache, orgId, out[i]!.id, items[i]!, now);
    }
    return out;
  }

  async function upsertOne(trx: Kysely<Database>, cache: Map<string, number>, orgId: string, item: IndicatorUpsert, now: number): Promise<Indicator> {
    const row = await trx
      .insertInto('indicators')
      .values(indicatorRow(orgId, item, now))
      .onConflict((oc) => oc.columns(['org_id', 'type_id', 'value']).doUpdateSet(mergeSet(shapeOf(item), now) as never))
      .returning(INDICATOR_COLUMNS)
      .executeTakeFirstOrThrow();
    const indicator = toIndicator(row);

    for (const source of item.sources ?? []) await linkSource(trx, cache, orgId, indicator.id, source, now);
    for (const tag of item.tags ?? []) {
      const tagId = await nameId(trx, cache, 'intel_tags', orgId, checkName('tag', tag), now);
      await trx
        .insertInto('indicator_tags')
        .values({ indicator_id: indicator.id, tag_id: tagId, created_at: now })
        .onConflict((oc) => oc.columns(['indicator_id', 'tag_id']).doNothing())
        .execute();
    }
    await attachAttributes(trx, cache, orgId, indicator.id, item, now);
    return indicator;
  }

  /**
   * The hot path of `GET /api/indicators?value=…`: one query through the query templates (compiled once
   * per shape, the read connection on SQLite) instead of a count and a page built by Kysely each time.
   * Same rows, order and total as the general path.
   */
  async function listByValues(query: IndicatorListQuery, sort: IndicatorSort) {
    const values = query.values!;
    const n = values.length;
    const hasType = query.typeId !== undefined;
    const hasStatus = query.statusId !== undefined;
    const key = `indicators.byValues:${n}:${hasType}:${hasStatus}:${sort.field}:${sort.desc}`;
    const rows = await templates.objects<IndicatorRow>(key, [query.orgId, query.typeId, query.statusId, ...values], (v) => {
      let q = db
        .selectFrom('indicators')
        .where('org_id', '=', v[0])
        .where('deleted_at', 'is', null)
        .where('value', 'in', values.map((_, i) => v[3 + i]));
      if (hasType) q = q.where('type_id', '=', v[1]);
      if (hasStatus) q = q.where('status_id', '=', v[2]);
      return ordered(q.select(INDICATOR_COLUMNS), sort, true);
    });
    // Right after the remembered row while it is still there (the order is the database's, collation included).
    const at = query.after ? rows.findIndex((r) => Number(r.id) === query.after!.id) : -1;
    const start = at >= 0 ? at + 1 : query.offset;
    const items = rows.slice(start, start + query.limit).map(toIndicator);
    return { total: rows.length, items, last: items.length ? positionOf(items[items.length - 1]!, sort.field) : undefined };
  }

  return {
    async upsertMany(orgId, items, now = Date.now()) {
      if (items.length === 0) return [];
      return db.transaction().execute(async (trx) => {
        const cache = new Map<string, number>();
        const distinct = new Set(items.map(typedValueKey)).size === items.length;
        if (distinct) return upsertBatch(trx, cache, orgId, items, now);
        // Repeats of one indicator in a batch are applied in order, each as its own re-report.
        const out: Indicator[] = [];
        for (const item of items) out.push(await upsertOne(trx, cache, orgId, item, now));
        // Later duplicates in the batch may have changed an earlier row; answer with the final state.
        const latest = new Map(out.map((i) => [i.id, i]));
        return out.map((i) => latest.get(i.id)!);
      });
    },

    async get(orgId, id) {
      if (!Number.isSafeInteger(id)) return undefined;
      const row = await db
        .selectFrom('indicators')
        .select(INDICATOR_COLUMNS)
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      return row && toIndicator(row);
    },

    async list(query) {
      const sort = query.sort ?? { field: 'id', desc: false };
      if (query.values !== undefined && query.values.length > 0 && query.values.length <= FEW_VALUES) return listByValues(query, sort);
      let q = db.selectFrom('indicators').where('org_id', '=', query.orgId).where('deleted_at', 'is', null);
      if (query.values !== undefined) q = query.values.length ? q.where('value', 'in', query.values) : q.where(sql<boolean>`1 = 0`);
      if (query.typeId !== undefined) q = q.where('type_id', '=', query.typeId);
      if (query.statusId !== undefined) q = q.where('status_id', '=', query.statusId);
      const counted = await q.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
      let page = ordered(q.select(INDICATOR_COLUMNS), sort, query.values !== undefined).limit(query.limit);
      page = query.after ? afterPosition(page, sort, query.after) : page.offset(query.offset);
      const items = (await page.execute()).map(toIndicator);
      return { total: Number(counted.n), items, last: items.length ? positionOf(items[items.length - 1]!, sort.field) : undefined };
    },

    async update(orgId, id, patch, now = Date.now()) {
      if (!Number.isSafeInteger(id)) return undefined;
      const set: Record<string, unknown> = { updated_at: now };
      if (patch.statusId !== undefined) set.status_id = patch.statusId;
      if (patch.description !== undefined) set.description = patch.description;
      if (patch.expiresAt !== undefined) set.expires_at = patch.expiresAt;
      if (patch.lastDetectedAt !== undefined) set.last_detected_at = patch.lastDetectedAt;
      if (patch.manualScore !== undefined) set.manual_score = patch.manualScore;
      const row = await db
        .updateTable('indicators')
        .set(set as never)
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .returning(INDICATOR_COLUMNS)
        .executeTakeFirst();
      return row && toIndicator(row);
    },

    async delete(orgId, id, now = Date.now()) {
      if (!Number.isSafeInteger(id)) return false;
      const result = await db
        .updateTable('indicators')
        .set({ deleted_at: now, updated_at: now })
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async sources(indicatorIds) {
      const out: IndicatorSourceLink[] = [];
      for (const ids of chunks(indicatorIds, IN_CHUNK)) {
        const rows = await db
          .selectFrom('indicator_sources as p')
          .innerJoin('intel_sources as s', 's.id', 'p.source_id')
          .select(['p.id', 'p.indicator_id', 'p.source_id', 's.name', 'p.tlp_id', 'p.published_at', 'p.created_at', 'p.updated_at'])
          .where('p.indicator_id', 'in', ids)
          .orderBy('p.id')
          .execute();
        for (const r of rows) {
          out.push({
            pivotId: Number(r.id),
            indicatorId: Number(r.indicator_id),
            sourceId: Number(r.source_id),
            name: r.name,
            tlpId: numOrNull(r.tlp_id),
            publishedAt: numOrNull(r.published_at),
            createdAt: Number(r.created_at),
            updatedAt: Number(r.updated_at),
          });
        }
      }
      return out;
    },

    async attributes(indicatorIds) {
      const out: IndicatorAttribute[] = [];
      for (const ids of chunks(indicatorIds, IN_CHUNK)) {
        const rows = await db
          .selectFrom('indicator_attributes as a')
          .innerJoin('intel_attributes as n', 'n.id', 'a.attribute_id')
          .select(['a.id', 'a.indicator_id', 'a.attribute_id', 'n.name', 'a.value', 'a.created_at', 'a.updated_at', 'a.touched_at'])
          .where('a.indicator_id', 'in', ids)
          .orderBy('a.id')
          .execute();
        const byId = new Map<number, IndicatorAttribute>();
        for (const r of rows) {
          const attribute: IndicatorAttribute = {
            id: Number(r.id),
            indicatorId: Number(r.indicator_id),
            attributeId: Number(r.attribute_id),
            name: r.name,
            value: r.value,
            createdAt: Number(r.created_at),
            updatedAt: Number(r.updated_at),
            touchedAt: Number(r.touched_at),
            sources: [],
          };
          byId.set(attribute.id, attribute);
          out.push(attribute);
        }
        if (byId.size === 0) continue;
        const sources = await db
          .selectFrom('indicator_attribute_sources as l')
          .innerJoin('intel_sources as s', 's.id', 'l.source_id')
          .select(['l.indicator_attribute_id', 's.id', 's.name'])
          .where('l.indicator_attribute_id', 'in', [...byId.keys()])
          .orderBy('l.id')
          .execute();
        for (const s of sources) byId.get(Number(s.indicator_attribute_id))?.sources.push({ id: Number(s.id), name: s.name });
      }
      return out;
    },

    async matchRows(orgId, since) {
      let q = db.selectFrom('indicators').select(['id', 'type_id', 'status_id', 'value', 'deleted_at']).where('org_id', '=', orgId);
      if (since !== undefined) q = q.where('updated_at', '>=', since);
      const rows = await q.execute();
      return rows.map((r) => ({ id: Number(r.id), typeId: Number(r.type_id), statusId: Number(r.status_id), value: r.value, deleted: r.deleted_at !== null }));
    },

    async tags(indicatorIds) {
      const out: IndicatorTag[] = [];
      for (const ids of chunks(indicatorIds, IN_CHUNK)) {
        const rows = await db
          .selectFrom('indicator_tags as p')
          .innerJoin('intel_tags as t', 't.id', 'p.tag_id')
          .select(['p.id as pivot_id', 'p.indicator_id', 't.id', 't.name'])
          .where('p.indicator_id', 'in', ids)
          .orderBy('p.id')
          .execute();
        for (const r of rows) out.push({ id: Number(r.id), name: r.name, pivotId: Number(r.pivot_id), indicatorId: Number(r.indicator_id) });
      }
      return out;
    },
  };
}
