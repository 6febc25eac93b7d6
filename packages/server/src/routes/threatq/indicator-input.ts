/**
 * Reads indicator objects in the shapes ThreatQ clients send (reference threatq-api.md §1.3): the type as
 * `type_id`, `type: "<name>"` or `type: {name}`; the status likewise; sources as names or
 * `{name, tlp: {name} | "<name>" | tlp_id, published_at}`; attributes `{name, value, sources?}`; tags as names
 * or `{name}`. Values are normalized per type by `@vigil/intel`; every refusal names the field (with its
 * index in an array body) and the reason. `comments: [{value}]` ride along on the item (stored after the
 * upsert, see indicator-comments.ts); related objects are accepted and not stored yet.
 * @module
 */
import type { IndicatorAttributeInput, IndicatorSourceInput, IndicatorUpsert } from '@vigil/store';
import {
  generatedScore,
  indicatorHash,
  indicatorStatus,
  indicatorType,
  normalizeIndicatorValue,
  type IndicatorStatus,
  type IndicatorType,
} from '@vigil/intel';

/** An upsert and the comments its item carried (`comments` is only set when the item has some). */
export interface IndicatorItem extends IndicatorUpsert {
  comments?: string[];
}

/** One validation problem: `field` is a path like `[3].sources[0].name` or `value`. */
export class IndicatorInputError extends Error {
  constructor(readonly field: string, readonly reason: string) {
    super(`Invalid value for body field ${field}: ${reason}`);
  }
}

const TLP: Record<string, number> = { red: 1, amber: 2, green: 3, white: 4, clear: 4 };
const MAX_DESCRIPTION = 65_500;
const MAX_VALUE = 8_192;
const MAX_NAME = 255;
const MAX_LIST = 1_000;
/** Every source weighs the same until per-source weights are configurable (0–10, see @vigil/intel score). */
const DEFAULT_SOURCE_WEIGHT = 5;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const join = (prefix: string, field: string) => (prefix ? `${prefix}.${field}` : field);

/**
 * Parses ThreatQ's `"YYYY-MM-DD HH:MM:SS"` (UTC) or an ISO-8601 time with a zone; null clears.
 * ```ts
 * parseTqDate('2017-05-02 14:10:01', 'published_at'); // 1493734201000
 * ```
 */
export function parseTqDate(value: unknown, field: string): number | null {
  if (value === null) return null;
  if (typeof value !== 'string') throw new IndicatorInputError(field, 'must be a "YYYY-MM-DD HH:MM:SS" string or null');
  const plain = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(value.trim());
  let ms: number;
  if (plain) {
    const [, y, mo, d, h = '0', mi = '0', s = '0'] = plain;
    ms = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s);
    const check = new Date(ms);
    if (check.getUTCMonth() !== +mo! - 1 || check.getUTCDate() !== +d! || +h > 23 || +mi > 59 || +s > 59) ms = NaN;
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(value.trim())) {
    ms = Date.parse(value.trim());
  } else {
    ms = NaN;
  }
  if (!Number.isFinite(ms)) throw new IndicatorInputError(field, `"${value.slice(0, 40)}" is not a "YYYY-MM-DD HH:MM:SS" date`);
  return ms;
}

/** An id (integer or digit string) or a name (string or `{name}` / `{id}`) of a vocabulary entry. */
function vocabularyKey(value: unknown): string | number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return /^\d+$/.test(value.trim()) ? Number(value.trim()) : value;
  if (isObject(value)) return vocabularyKey(value.id ?? value.name);
  return undefined;
}

/**
 * Resolves the indicator type of an item from `type_id` or `type`.
 * ```ts
 * resolveType({ type: 'FQDN' }, '[0]'); // { id: …, name: 'FQDN', class: 'network' }
 * ```
 */
export function resolveType(item: Record<string, unknown>, prefix: string): IndicatorType {
  const field = item.type_id !== undefined ? 'type_id' : 'type';
  const raw = item.type_id ?? item.type;
  if (raw === undefined || raw === null) throw new IndicatorInputError(join(prefix, 'type'), 'is required (type_id, or type as a name)');
  const key = vocabularyKey(raw);
  const type = key === undefined ? undefined : indicatorType(key);
  if (!type) throw new IndicatorInputError(join(prefix, field), `unknown indicator type ${JSON.stringify(raw).slice(0, 60)} (see GET /api/indicator/types)`);
  return type;
}

/** Resolves `status_id` or `status`; undefined when neither is given. */
export function resolveStatus(item: Record<string, unknown>, prefix: string): IndicatorStatus | undefined {
  const field = item.status_id !== undefined ? 'status_id' : 'status';
  const raw = item.status_id ?? item.status;
  if (raw === undefined || raw === null) return undefined;
  const key = vocabularyKey(raw);
  const status = key === undefined ? undefined : indicatorStatus(key);
  if (!status) throw new IndicatorInputError(join(prefix, field), `unknown indicator status ${JSON.stringify(raw).slice(0, 60)} (see GET /api/indicator/statuses)`);
  return status;
}

function name(value: unknown, field: string): string {
  const text = isObject(value) ? value.name : value;
  if (typeof text !== 'string' || text.trim() === '' || text.length > MAX_NAME) {
    throw new IndicatorInputError(field, `must be a non-empty name of at most ${MAX_NAME} characters`);
  }
  return text.trim();
}

function list(value: unknown, field: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new IndicatorInputError(field, 'must be an array');
  if (value.length > MAX_LIST) throw new IndicatorInputError(field, `must have at most ${MAX_LIST} entries`);
  return value;
}

function tlpOf(source: Record<string, unknown>, field: string): number | null | undefined {
  const raw = source.tlp_id ?? source.tlp;
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'number' && [1, 2, 3, 4].includes(raw)) return raw;
  const text = isObject(raw) ? raw.name : raw;
  const id = typeof text === 'string' ? TLP[text.trim().toLowerCase().replace(/^tlp:/, '')] : undefined;
  if (id === undefined) throw new IndicatorInputError(field, 'must be a TLP name (red, amber, green, white) or id 1–4');
  return id;
}

function sources(value: unknown, prefix: string): IndicatorSourceInput[] {
  return list(value, join(prefix, 'sources')).map((s, i) => {
    const field = `${join(prefix, 'sources')}[${i}]`;
    if (!isObject(s)) return { name: name(s, `${field}.name`) };
    const out: IndicatorSourceInput = { name: name(s.name, `${field}.name`) };
    const tlp = tlpOf(s, `${field}.tlp`);
    if (tlp !== undefined) out.tlpId = tlp;
    if (s.published_at !== undefined) out.publishedAt = parseTqDate(s.published_at, `${field}.published_at`);
    return out;
  });
}

function attributes(value: unknown, prefix: string): IndicatorAttributeInput[] {
  return list(value, join(prefix, 'attributes')).map((a, i) => {
    const field = `${join(prefix, 'attributes')}[${i}]`;
    if (!isObject(a)) throw new IndicatorInputError(field, 'must be an object {name, value}');
    const v = a.value;
    if ((typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') || String(v).length > MAX_VALUE) {
      throw new IndicatorInputError(`${field}.value`, `must be a string of at most ${MAX_VALUE} characters`);
    }
    return { name: name(a.name, `${field}.name`), value: String(v), sources: sources(a.sources, field) };
  });
}

function optionalDate(item: Record<string, unknown>, key: string, prefix: string): number | null | undefined {
  return item[key] === undefined ? undefined : parseTqDate(item[key], join(prefix, key));
}

/**
 * Turns one request item into a store upsert; throws {@link IndicatorInputError} naming the field.
 * ```ts
 * const upsert = readIndicator(body[0], '[0]');
 * ```
 */
export function readIndicator(item: unknown, prefix: string): IndicatorItem {
  if (!isObject(item)) throw new IndicatorInputError(prefix || '(root)', 'must be an indicator object');
  if (typeof item.value !== 'string' || item.value.trim() === '') {
    throw new IndicatorInputError(join(prefix, 'value'), 'is required and must be a non-empty string');
  }
  if (item.value.length > MAX_VALUE) throw new IndicatorInputError(join(prefix, 'value'), `must be at most ${MAX_VALUE} characters`);
  const type = resolveType(item, prefix);
  const status = resolveStatus(item, prefix);
  if (item.class !== undefined && item.class !== type.class) {
    throw new IndicatorInputError(join(prefix, 'class'), `must be ${type.class} for type ${type.name} (or left out)`);
  }
  const normalized = normalizeIndicatorValue(type.name, item.value);
  if (!normalized.ok) throw new IndicatorInputError(join(prefix, 'value'), `not a valid ${type.name}: ${normalized.reason}`);
  let description: string | null | undefined;
  if (item.description !== undefined) {
    if (item.description !== null && (typeof item.description !== 'string' || item.description.length > MAX_DESCRIPTION)) {
      throw new IndicatorInputError(join(prefix, 'description'), `must be a string of at most ${MAX_DESCRIPTION} characters or null`);
    }
    description = item.description as string | null;
  }
  const srcs = sources(item.sources, prefix);
  const attrs = attributes(item.attributes, prefix);
  const tags = list(item.tags, join(prefix, 'tags')).map((t, i) => name(t, `${join(prefix, 'tags')}[${i}]`));
  const out: IndicatorItem = {
    typeId: type.id,
    class: type.class,
    value: normalized.value,
    hash: indicatorHash(type.name, normalized.value),
    statusId: status?.id,
    description,
    generatedScore: generatedScore({ typeName: type.name, sourceWeights: srcs.map(() => DEFAULT_SOURCE_WEIGHT) }),
    publishedAt: optionalDate(item, 'published_at', prefix),
    lastDetectedAt: optionalDate(item, 'last_detected_at', prefix),
    expiresAt: optionalDate(item, 'expires_at', prefix),
    sources: srcs,
    attributes: attrs,
    tags,
  };
  if (item.comments !== undefined && item.comments !== null) out.comments = comments(item.comments, prefix);
  return out;
}

function comments(value: unknown, prefix: string): string[] {
  return list(value, join(prefix, 'comments')).map((c, i) => {
    const text = isObject(c) ? c.value : c;
    if (typeof text !== 'string' || text.trim() === '' || text.length > MAX_DESCRIPTION) {
      throw new IndicatorInputError(`${join(prefix, 'comments')}[${i}]`, `must be a non-empty string (or {value}) of at most ${MAX_DESCRIPTION} characters`);
    }
    return text;
  });
}
