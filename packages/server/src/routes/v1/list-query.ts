/**
 * REST v1's list parameters: `page` (from 0), `count` (default 50), `start`/`end` and `fields` partial
 * responses (`fields=a,b`, or repeated `fields=a&fields=b` as the Python client's requests sends a list).
 * @module
 */
import { Type } from 'typebox';
import { apiError } from '../../errors.js';
import { parseIsoTime } from '../../http/time.js';

export const DEFAULT_COUNT = 50;
export const MAX_COUNT = 1000;
/** v1 has no cap on `page`; this one only keeps offsets within what both databases handle comfortably. */
const MAX_PAGE = 1_000_000;
/** Below this an all-digit time is epoch seconds, above it epoch milliseconds (1e11 s is the year 5138). */
const SECONDS_BELOW = 100_000_000_000;

const TIME_FORMATS =
  'ISO-8601 (yyyy-mm-dd, …Thh:mm, …Thh:mm:ss[.fff], Z or an offset; naive = UTC) or epoch time (digits: seconds below 10^11, else milliseconds)';

export const FieldsQuery = {
  fields: Type.Optional(
    Type.Array(Type.String({ maxLength: 1024 }), {
      maxItems: 100,
      description:
        'partial response: only these top-level keys of each object, comma-separated (`fields=id,hostname`) or repeated. Names the object does not have are ignored.',
    }),
  ),
};

export const ListQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_PAGE, description: 'page number, from 0 (default 0)' })),
  count: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: MAX_COUNT,
      description: `items per page, default ${DEFAULT_COUNT}, at most ${MAX_COUNT} (more is a 400). An empty page marks the end.`,
    }),
  ),
  start: Type.Optional(Type.String({ maxLength: 40, description: `earliest time (inclusive): ${TIME_FORMATS}` })),
  end: Type.Optional(Type.String({ maxLength: 40, description: `latest time (inclusive), same formats as start` })),
  ...FieldsQuery,
});
export type ListQuery = Type.Static<typeof ListQuery>;

export const ItemQuery = Type.Object({ ...FieldsQuery });
export type ItemQuery = Type.Static<typeof ItemQuery>;

/**
 * Parses one `start`/`end` value to epoch ms, or undefined when it is neither ISO-8601 nor epoch digits.
 * ```ts
 * parseV1Time('2017-05-01');    // 1493596800000
 * parseV1Time('1493596800');    // 1493596800000 (seconds)
 * parseV1Time('1493596800000'); // 1493596800000 (milliseconds)
 * ```
 */
export function parseV1Time(text: string): number | undefined {
  if (/^\d{1,16}$/.test(text)) {
    const n = Number(text);
    return n < SECONDS_BELOW ? n * 1000 : n;
  }
  return parseIsoTime(text);
}

/**
 * Turns the parameters into an offset page and a time range (400 naming the parameter when a time is
 * malformed or `end` is before `start`).
 * ```ts
 * const { page, range } = readListQuery(request.query); // page: {offset, limit}, range: {from?, until?}
 * ```
 */
export function readListQuery(q: ListQuery): {
  page: { offset: number; limit: number };
  range: { from?: number; until?: number };
} {
  const limit = q.count ?? DEFAULT_COUNT;
  const range: { from?: number; until?: number } = {};
  for (const [name, key] of [
    ['start', 'from'],
    ['end', 'until'],
  ] as const) {
    const raw = q[name];
    if (raw === undefined) continue;
    const t = parseV1Time(raw);
    if (t === undefined) {
      throw apiError('VIGIL_INVALID_PARAMETER', name, `"${raw.slice(0, 64)}" is not an ISO-8601 date or time or epoch time`);
    }
    range[key] = t;
  }
  if (range.from !== undefined && range.until !== undefined && range.until < range.from) {
    throw apiError('VIGIL_BAD_REQUEST', 'end must not be before start');
  }
  return { page: { offset: (q.page ?? 0) * limit, limit }, range };
}

/**
 * The requested field names, or undefined for whole objects.
 * ```ts
 * requestedFields(['id,hostname', 'name']); // ['id', 'hostname', 'name']
 * ```
 */
export function requestedFields(fields: string[] | undefined): string[] | undefined {
  if (fields === undefined) return undefined;
  const names = fields.flatMap((f) => f.split(',')).map((f) => f.trim()).filter((f) => f !== '');
  return names.length > 0 ? [...new Set(names)] : undefined;
}

/**
 * Keeps only the requested top-level keys (all when `fields` is undefined); unknown names are ignored.
 * ```ts
 * pick({ id: 'a', hostname: 'h', name: 'n' }, ['id', 'nope']); // { id: 'a' }
 * ```
 */
export function pick<T extends object>(item: T, fields: string[] | undefined): Partial<T> {
  if (fields === undefined) return item;
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (Object.hasOwn(item, f)) out[f] = (item as Record<string, unknown>)[f];
  }
  return out as Partial<T>;
}
