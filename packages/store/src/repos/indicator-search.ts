/**
 * Indicator search for `…/query`: compiles an {@link IndicatorFilter} tree to one WHERE clause (related
 * sources, tags and attributes as EXISTS subqueries), with offset or keyset paging on (sort column, id),
 * and applies bulk status changes and deletes to the same matches. Every query is scoped to one
 * organization and skips soft-deleted rows.
 * @module
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { IndicatorFilter, IndicatorSearchRepo, TextMatch } from './indicator-lifecycle-types.js';
import { INDICATOR_COLUMNS, toIndicator, type IndicatorRow } from './indicators.js';
import type { Database } from '../schema.js';
import type { Indicator } from './indicators-types.js';

const EXPIRED = 2;
/** ids per UPDATE … IN (…): well under both databases' parameter limits */
const UPDATE_CHUNK = 500;



/** The SQL of a filterable column of `indicators` (aliased `i`). */
function column(field: string): RawBuilder<unknown> {
  return field === 'score' ? sql`COALESCE(i.manual_score, i.generated_score)` : sql.ref(`i.${field}`);
}

/** `%text%` for LIKE with the wildcards of the text escaped. */
const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function textMatch(expr: RawBuilder<unknown>, m: TextMatch): RawBuilder<unknown> {
  return m.op === 'contains' ? sql`lower(${expr}) LIKE ${likePattern(m.value)} ESCAPE '\\'` : sql`${expr} = ${m.value.toLowerCase()}`;
}

const COMPARE = { eq: '=', ne: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/** Compiles a filter tree to a boolean SQL expression over `indicators i`. */
export function compileFilter(f: IndicatorFilter): RawBuilder<unknown> {
  if ('and' in f) return f.and.length ? sql`(${sql.join(f.and.map(compileFilter), sql` AND `)})` : sql`1 = 1`;
  if ('or' in f) return f.or.length ? sql`(${sql.join(f.or.map(compileFilter), sql` OR `)})` : sql`1 = 0`;
  if ('source' in f) {
    return sql`EXISTS (SELECT 1 FROM indicator_sources p JOIN intel_sources s ON s.id = p.source_id WHERE p.indicator_id = i.id AND ${textMatch(sql.ref('s.name_norm'), f.source)})`;
  }
  if ('tag' in f) {
    return sql`EXISTS (SELECT 1 FROM indicator_tags p JOIN intel_tags t ON t.id = p.tag_id WHERE p.indicator_id = i.id AND ${textMatch(sql.ref('t.name_norm'), f.tag)})`;
  }
  if ('attribute' in f) {
    const parts: RawBuilder<unknown>[] = [sql`a.indicator_id = i.id`];
    if (f.attribute.name) parts.push(textMatch(sql.ref('n.name_norm'), f.attribute.name));
    // Attribute values keep their case; equality compares case-insensitively like the other text matches.
    if (f.attribute.value) parts.push(f.attribute.value.op === 'eq' ? sql`lower(a.value) = ${f.attribute.value.value.toLowerCase()}` : textMatch(sql.ref('a.value'), f.attribute.value));
    return sql`EXISTS (SELECT 1 FROM indicator_attributes a JOIN intel_attributes n ON n.id = a.attribute_id WHERE ${sql.join(parts, sql` AND `)})`;
  }
  const col = column(f.field);
  if (f.op === 'in') {
    const values = Array.isArray(f.value) ? f.value : [f.value];
    return values.length ? sql`${col} IN (${sql.join(values.map((v) => sql`${v}`))})` : sql`1 = 0`;
  }
  if (f.op === 'contains') return sql`lower(${col}) LIKE ${likePattern(String(f.value))} ESCAPE '\\'`;
  if (f.value === null) return f.op === 'ne' ? sql`${col} IS NOT NULL` : sql`${col} IS NULL`;
  return sql`${col} ${sql.raw(COMPARE[f.op])} ${f.value}`;
}

function where(orgId: string, filter: IndicatorFilter | undefined): RawBuilder<unknown> {
  const base = sql`i.org_id = ${orgId} AND i.deleted_at IS NULL`;
  return filter ? sql`${base} AND ${compileFilter(filter)}` : base;
}

/**
 * Creates the search repository.
 * ```ts
 * const page = await createIndicatorSearchRepo(db).search({ orgId, filter: { field: 'type_id', op: 'eq', value: 11 }, limit: 50 });
 * ```
 */
export function createIndicatorSearchRepo(db: Kysely<Database>): IndicatorSearchRepo {
  /** Applies `set` to every match in one transaction (all or nothing), in chunks of ids; returns how many. */
  async function updateMatches(orgId: string, filter: IndicatorFilter | undefined, set: RawBuilder<unknown>): Promise<number> {
    return db.transaction().execute(async (trx) => {
      const rows = await sql<{ id: number }>`SELECT i.id FROM indicators i WHERE ${where(orgId, filter)}`.execute(trx);
      const ids = rows.rows.map((r) => Number(r.id));
      for (let k = 0; k < ids.length; k += UPDATE_CHUNK) {
        await sql`UPDATE indicators SET ${set} WHERE id IN (${sql.join(ids.slice(k, k + UPDATE_CHUNK))})`.execute(trx);
      }
      return ids.length;
    });
  }

  return {
    async search(query) {
      const cond = where(query.orgId, query.filter);
      const counted = await sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM indicators i WHERE ${cond}`.execute(db);
      const sort = query.sort ?? { field: 'id', desc: false };
      const dir = sql.raw(sort.desc ? 'DESC' : 'ASC');
      const sortExpr = column(sort.field);
      let pageCond = cond;
      if (query.after) {
        const cmp = sql.raw(sort.desc ? '<' : '>');
        pageCond =
          sort.field === 'id'
            ? sql`${cond} AND i.id ${cmp} ${query.after.id}`
            : sql`${cond} AND (${sortExpr} ${cmp} ${query.after.sortValue} OR (${sortExpr} = ${query.after.sortValue} AND i.id ${cmp} ${query.after.id}))`;
      }
      const offset = query.after ? 0 : (query.offset ?? 0);
      const cols = sql.join(INDICATOR_COLUMNS.map((c) => sql.ref(`i.${c}`)));
      const rows = await sql`SELECT ${cols}, ${sortExpr} AS sort_value FROM indicators i WHERE ${pageCond}
        ORDER BY ${sortExpr} ${dir}, i.id ${dir} LIMIT ${query.limit} OFFSET ${offset}`.execute(db);
      const items = rows.rows.map((r) => toIndicator(r as IndicatorRow));
      const lastRow = rows.rows.at(-1) as any;
      const sortValue = lastRow === undefined ? undefined : typeof lastRow.sort_value === 'string' ? lastRow.sort_value : Number(lastRow.sort_value);
      return {
        total: Number(counted.rows[0]!.n),
        items,
        last: lastRow === undefined ? undefined : { sortValue: sortValue!, id: Number(lastRow.id) },
      };
    },

    async bulkStatus(orgId, filter, statusId, now = Date.now()) {
      const expired = statusId === EXPIRED ? sql`, expired_at = ${now}` : sql`, expired_at = NULL`;
      return updateMatches(orgId, filter, sql`status_id = ${statusId}, updated_at = ${now}${expired}`);
    },

    async bulkDelete(orgId, filter, now = Date.now()) {
      return updateMatches(orgId, filter, sql`deleted_at = ${now}, updated_at = ${now}`);
    },
  };
}
