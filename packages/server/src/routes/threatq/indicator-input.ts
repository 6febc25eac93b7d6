/**
 * Reads indicator objects in the shapes ThreatQ clients send (reference threatq-api.md §1.3), once their
 * shape has passed the schemas of input-schemas.ts: the type as `type_id`, `type: "<name>"` or
 * `type: {name}` and the status likewise, from the vocabularies; TLP names; dates; values normalized per
 * type by `@vigil/intel`. Every refusal names the field (with its index in an array body) and the reason.
 * `comments: [{value}]` ride along on the item (stored after the upsert, see indicator-comments.ts);
 * related objects are accepted and not stored yet.
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
import { schemaChecker } from '../../http/validation.js';
import {
  IndicatorBodyItem,
  type AttributeInput,
  type CommentInput,
  type Name,
  type SourceInput,
} from './input-schemas.js';

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

/** A name as the schema let it through (a string or `{name}`), trimmed. */
export function nameOf(value: Name): string {
  return (typeof value === 'string' ? value : value.name).trim();
}

/**
 * The TLP of a source: a name (`amber`, `TLP:AMBER`), `{name}` or an id 1–4; undefined when it has none.
 * ```ts
 * readTlp({ name: 'S', tlp: 'TLP:GREEN' }, 'sources[0].tlp'); // 3
 * ```
 */
export function readTlp(source: Record<string, unknown>, field: string): number | undefined {
  const raw = source.tlp_id ?? source.tlp;
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'number' && [1, 2, 3, 4].includes(raw)) return raw;
  const text = isObject(raw) ? raw.name : raw;
  const id = typeof text === 'string' ? TLP[text.trim().toLowerCase().replace(/^tlp:/, '')] : undefined;
  if (id === undefined) throw new IndicatorInputError(field, 'must be a TLP name (red, amber, green, white) or id 1–4');
  return id;
}

function sources(value: SourceInput[] | null | undefined, prefix: string): IndicatorSourceInput[] {
  return (value ?? []).map((s, i) => {
    const field = `${join(prefix, 'sources')}[${i}]`;
    if (typeof s === 'string') return { name: nameOf(s) };
    const out: IndicatorSourceInput = { name: nameOf(s.name) };
    const tlp = readTlp(s, `${field}.tlp`);
    if (tlp !== undefined) out.tlpId = tlp;
    if (s.published_at !== undefined) out.publishedAt = parseTqDate(s.published_at, `${field}.published_at`);
    return out;
  });
}

function attributes(value: AttributeInput[] | null | undefined, prefix: string): IndicatorAttributeInput[] {
  return (value ?? []).map((a, i) => ({
    name: nameOf(a.name),
    value: String(a.value),
    sources: sources(a.sources, `${join(prefix, 'attributes')}[${i}]`),
  }));
}

/** Comments as strings or `{value}`, as their text. */
export function commentTexts(value: CommentInput[] | null | undefined): string[] {
  return (value ?? []).map((c) => (typeof c === 'string' ? c : c.value));
}

function optionalDate(item: Record<string, unknown>, key: string, prefix: string): number | null | undefined {
  return item[key] === undefined ? undefined : parseTqDate(item[key], join(prefix, key));
}

/**
 * Turns one item of a create or consume body, its shape checked by {@link IndicatorBodyItem}, into a store
 * upsert: the type and status from the vocabularies, the value normalized per type, the dates parsed;
 * throws {@link IndicatorInputError} naming the field.
 * ```ts
 * const upsert = readIndicator(body[0], '[0]');
 * ```
 */
export function readIndicator(item: IndicatorBodyItem, prefix: string): IndicatorItem {
  const type = resolveType(item, prefix);
  const status = resolveStatus(item, prefix);
  if (item.class !== undefined && item.class !== type.class) {
    throw new IndicatorInputError(join(prefix, 'class'), `must be ${type.class} for type ${type.name} (or left out)`);
  }
  const normalized = normalizeIndicatorValue(type.name, item.value);
  if (!normalized.ok) throw new IndicatorInputError(join(prefix, 'value'), `not a valid ${type.name}: ${normalized.reason}`);
  const srcs = sources(item.sources, prefix);
  const out: IndicatorItem = {
    typeId: type.id,
    class: type.class,
    value: normalized.value,
    hash: indicatorHash(type.name, normalized.value),
    statusId: status?.id,
    description: item.description,
    generatedScore: generatedScore({ typeName: type.name, sourceWeights: srcs.map(() => DEFAULT_SOURCE_WEIGHT) }),
    publishedAt: optionalDate(item, 'published_at', prefix),
    lastDetectedAt: optionalDate(item, 'last_detected_at', prefix),
    expiresAt: optionalDate(item, 'expires_at', prefix),
    sources: srcs,
    attributes: attributes(item.attributes, prefix),
    tags: (item.tags ?? []).map(nameOf),
  };
  if (item.comments !== undefined && item.comments !== null) out.comments = commentTexts(item.comments);
  return out;
}

const checkIndicator = schemaChecker(IndicatorBodyItem);

/**
 * {@link readIndicator} for items that did not come through a route's schema (import candidates): the
 * schema is checked here first.
 * ```ts
 * const upsert = readUncheckedIndicator({ value: c.value, type: c.type, sources: [{ name: 'STIX import' }] });
 * ```
 */
export function readUncheckedIndicator(item: unknown): IndicatorItem {
  const failure = checkIndicator(item);
  if (failure) throw new IndicatorInputError(failure.field || '(root)', failure.requiredReason ?? failure.reason);
  return readIndicator(item as IndicatorBodyItem, '');
}
