/**
 * What events, adversaries and attachments routes share: reading list parameters, `with=`, and the
 * context fields (sources, attributes, tags, comments) of a body, every refusal naming the field.
 * @module
 */
import type { Store, ThreatObjectContextInput, ThreatObjectType } from '@vigil/store';
import type { FastifyRequest } from 'fastify';
import { Type, type Static, type TOptional, type TString } from 'typebox';
import { apiError } from '../../errors.js';
import { schemaChecker } from '../../http/validation.js';
import type { ObjectRelations } from '../../presenters/threatq-objects.js';
import { commentTexts, IndicatorInputError, nameOf, readTlp } from './indicator-input.js';
import { ContextFields, MAX_DESCRIPTION, Name } from './input-schemas.js';
import { loadLinked } from './linked-objects.js';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 1000;
export { MAX_DESCRIPTION };

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Readers may look, not change. */
export function requireWriter(request: FastifyRequest): void {
  if (request.auth?.role === 'reader') throw apiError('VIGIL_FORBIDDEN', 'readers cannot change the threat library');
}

/** Runs `fn`, turning input errors into 400s. */
export function readInput<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof IndicatorInputError) throw apiError('VIGIL_BAD_REQUEST', err.message);
    throw err;
  }
}

/** The list query string of object collections. */
export const ObjectListQuery = <E extends Record<string, TString>>(sortFields: readonly string[], extra?: E) =>
  Type.Object(
    {
      ...(Object.fromEntries(Object.entries(extra ?? {}).map(([k, v]) => [k, Type.Optional(v)])) as { [K in keyof E]: TOptional<E[K]> }),
      limit: Type.Optional(Type.Integer({ minimum: 1, description: `default ${DEFAULT_LIMIT}; larger than ${MAX_LIMIT} is capped` })),
      offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
      sort: Type.Optional(Type.String({ maxLength: 40, description: `${sortFields.join(', ')}; a leading - sorts descending` })),
      with: Type.Optional(Type.String({ maxLength: 300, description: 'comma list' })),
    },
    { additionalProperties: true },
  );

/** limit/offset/sort of a list request. */
export function readPage<F extends string>(q: { limit?: number; offset?: number; sort?: string }, sortFields: readonly F[]) {
  let sort: { field: F; desc: boolean } | undefined;
  if (q.sort !== undefined) {
    const desc = q.sort.startsWith('-');
    const field = (desc ? q.sort.slice(1) : q.sort.replace(/^\+/, '')) as F;
    if (!sortFields.includes(field)) {
      throw apiError('VIGIL_INVALID_PARAMETER', 'query parameter sort', `must be one of ${sortFields.join(', ')}, optionally with a leading -`);
    }
    sort = { field, desc };
  }
  return { limit: Math.min(q.limit ?? DEFAULT_LIMIT, MAX_LIMIT), offset: q.offset ?? 0, sort };
}

/**
 * Parses `with=` against the names an object type knows (nested `indicators.type` counts as `indicators`).
 * ```ts
 * parseObjectWith('sources,indicators', EVENT_WITH);
 * ```
 */
export function parseObjectWith(raw: string | undefined, known: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const part of (raw ?? '').split(',')) {
    const name = part.trim().split('.')[0]!;
    if (name === '') continue;
    if (!known.includes(name)) {
      throw apiError('VIGIL_INVALID_PARAMETER', 'query parameter with', `unknown relation ${name.slice(0, 40)}; use ${known.join(', ')}`);
    }
    names.add(name);
  }
  return names;
}

export const RELATION_NAMES = ['indicators', 'events', 'adversaries', 'attachments'] as const;
export const CONTEXT_WITH = ['sources', 'attributes', 'tags', 'comments', ...RELATION_NAMES] as const;

/**
 * Loads what `with=` asks for a page of objects.
 * ```ts
 * const relations = await loadObjectRelations(store, orgId, 'event', ids, names);
 * ```
 */
export async function loadObjectRelations(store: Store, orgId: string, type: ThreatObjectType, ids: number[], names: Set<string>): Promise<ObjectRelations> {
  const relations: ObjectRelations = { with: names };
  const wantsContext = ['sources', 'attributes', 'tags', 'comments'].some((n) => names.has(n));
  if (wantsContext && ids.length && type !== 'indicator') {
    relations.context = await (type === 'event' ? store.threatEvents : type === 'adversary' ? store.adversaries : store.attachments).context(ids);
  } else if (wantsContext) {
    relations.context = { sources: [], attributes: [], tags: [], comments: [] };
  }
  relations.linked = await loadLinked(store, orgId, type, ids, names);
  return relations;
}

const checkName = schemaChecker(Name);
const checkedContext = Type.Object(ContextFields, { additionalProperties: true });
const checkContext = schemaChecker(checkedContext);

/** A name as a string or `{name}`, trimmed; throws IndicatorInputError naming `field`. */
export function readName(value: unknown, field: string): string {
  const failure = checkName(value);
  if (failure) throw new IndicatorInputError(field, failure.reason);
  return nameOf(value as Name);
}

/**
 * A description as a string, null, or ThreatQ's consume form `[{"value": "…"}]`; undefined when absent.
 * ```ts
 * readDescription([{ value: 'x' }], 'description'); // 'x'
 * ```
 */
export function readDescription(value: unknown, field: string): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  const text = Array.isArray(value) && value.length === 1 && isObject(value[0]) ? value[0].value : value;
  if (typeof text !== 'string' || text.length > MAX_DESCRIPTION) {
    throw new IndicatorInputError(field, `must be a string of at most ${MAX_DESCRIPTION} characters, [{"value": "…"}] or null`);
  }
  return text;
}

/**
 * The context fields of a body: sources, attributes, tags (names or `{name}`), comments (strings or
 * `{value}`), their shapes checked by the schemas indicator bodies use.
 * ```ts
 * const context = readContext(body, '[0]');
 * ```
 */
export function readContext(item: Record<string, unknown>, prefix: string): ThreatObjectContextInput {
  const failure = checkContext(item);
  if (failure) {
    const field = failure.field.startsWith('[') || !prefix ? `${prefix}${failure.field}` : `${prefix}.${failure.field}`;
    throw new IndicatorInputError(field, failure.requiredReason ?? failure.reason);
  }
  const context = item as Static<typeof checkedContext>;
  const at = (field: string) => (prefix ? `${prefix}.${field}` : field);
  return {
    sources: (context.sources ?? []).map((s, i) => {
      if (typeof s === 'string') return { name: nameOf(s) };
      const tlpId = readTlp(s, `${at('sources')}[${i}].tlp`);
      return tlpId === undefined ? { name: nameOf(s.name) } : { name: nameOf(s.name), tlpId };
    }),
    attributes: (context.attributes ?? []).map((a) => ({ name: nameOf(a.name), value: String(a.value) })),
    tags: (context.tags ?? []).map(nameOf),
    comments: commentTexts(context.comments),
  };
}

/** Reads an object body or an array of them (at most `max`). */
export function readBodyItems(body: unknown, what: string, max: number): { items: unknown[]; array: boolean } {
  if (body === undefined || body === null || typeof body !== 'object') throw apiError('VIGIL_BAD_REQUEST', `Request body must be an ${what} object or an array of them`);
  const array = Array.isArray(body);
  const items = array ? (body as unknown[]) : [body];
  if (items.length === 0) throw apiError('VIGIL_BAD_REQUEST', `Request body must contain at least one ${what}`);
  if (items.length > max) throw apiError('VIGIL_BAD_REQUEST', `Too many ${what}s in one request: ${items.length}; at most ${max}`);
  return { items, array };
}

export const ObjectItem = (title: string) => Type.Object({ id: Type.Integer() }, { title, additionalProperties: true });
