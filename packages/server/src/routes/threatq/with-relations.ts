/**
 * `with=`: which related collections to load for a page of indicators, fetched in one query per relation
 * for the whole page (never one per indicator).
 * @module
 */
import type { Indicator, Store } from '@vigil/store';
import { apiError } from '../../errors.js';
import { loadLinked } from './linked-objects.js';
import { loadComments } from './indicator-comments.js';
import { EMPTY_RELATIONS, type IndicatorRelations } from '../../presenters/threatq.js';

const LOADED = ['sources', 'attributes', 'tags'] as const;
const INLINE = ['score', 'type', 'status'] as const;
const KNOWN = new Set<string>([...LOADED, ...INLINE, ...EMPTY_RELATIONS]);

/**
 * Parses `with=sources,score` into names; nested forms like `indicators.type` count as their first part.
 * ```ts
 * parseWith('sources, score'); // Set { 'sources', 'score' }
 * ```
 */
export function parseWith(raw: string | undefined): Set<string> {
  const names = new Set<string>();
  for (const part of (raw ?? '').split(',')) {
    const name = part.trim().split('.')[0]!;
    if (name === '') continue;
    if (!KNOWN.has(name)) {
      throw apiError('VIGIL_INVALID_PARAMETER', 'query parameter with', `unknown relation ${name.slice(0, 40)}; use ${[...KNOWN].join(', ')}`);
    }
    names.add(name);
  }
  return names;
}

function group<T extends { indicatorId: number }>(rows: T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const row of rows) {
    const list = out.get(row.indicatorId);
    if (list) list.push(row);
    else out.set(row.indicatorId, [row]);
  }
  return out;
}

/**
 * Loads what `names` asks for, for these indicators.
 * ```ts
 * const relations = await loadRelations(store, page, parseWith(request.query.with));
 * ```
 */
export async function loadRelations(store: Store, indicators: Indicator[], names: Set<string>): Promise<IndicatorRelations> {
  const ids = indicators.map((i) => i.id);
  const relations: IndicatorRelations = { with: names };
  if (names.has('sources')) relations.sources = group(ids.length ? await store.indicators.sources(ids) : []);
  if (names.has('attributes')) relations.attributes = group(ids.length ? await store.indicators.attributes(ids) : []);
  if (names.has('tags')) relations.tags = group(ids.length ? await store.indicators.tags(ids) : []);
  // events, adversaries, attachments and related indicators (routes/threatq/linked-objects.ts)
  if (indicators.length) relations.linked = await loadLinked(store, indicators[0]!.orgId, 'indicator', ids, names);
  if (names.has('comments') && ids.length) (relations.linked ??= new Map()).set('comments', await loadComments(store, ids));
  return relations;
}
