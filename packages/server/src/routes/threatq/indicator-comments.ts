/**
 * Comments of indicators: their ThreatQ shape, loading them for a page (`with=comments`), and the comments
 * inside indicator create and consume bodies (`comments: [{value}]`, threatqsdk `bulk_object.py`), stored
 * after the upsert. A comment the indicator already has (same text) is not added again, so loading the
 * same feed twice leaves one copy.
 * @module
 */
import type { Indicator, IndicatorComment, Store } from '@vigil/store';
import { tqDate } from '../../presenters/threatq.js';
import type { IndicatorItem } from './indicator-input.js';

/** A comment in ThreatQ's shape. */
export function presentComment(c: IndicatorComment): Record<string, unknown> {
  return {
    id: c.id,
    indicator_id: c.indicatorId,
    value: c.value,
    source_name: c.sourceName,
    sources: c.sourceName === null ? [] : [{ id: c.sourceId, name: c.sourceName }],
    created_at: tqDate(c.createdAt),
    updated_at: tqDate(c.updatedAt),
  };
}

/**
 * The comments of a page of indicators for `with=comments`, by indicator id (one query for the page).
 * ```ts
 * const byIndicator = await loadComments(store, [1, 2]);
 * ```
 */
export async function loadComments(store: Store, ids: number[]): Promise<Map<number, Record<string, unknown>[]>> {
  const out = new Map<number, Record<string, unknown>[]>();
  for (const c of ids.length ? await store.indicatorLifecycle.comments(ids) : []) {
    const list = out.get(c.indicatorId);
    if (list) list.push(presentComment(c));
    else out.set(c.indicatorId, [presentComment(c)]);
  }
  return out;
}

/**
 * Adds the comments of each item to the indicator it became (`saved[i]` is `items[i]`'s indicator).
 * ```ts
 * if (items.some((i) => i.comments)) await addItemComments(store, orgId, items, saved);
 * ```
 */
export async function addItemComments(store: Store, orgId: string, items: IndicatorItem[], saved: Indicator[]): Promise<void> {
  const ids = [...new Set(items.flatMap((item, i) => (item.comments?.length ? [saved[i]!.id] : [])))];
  const seen = new Set((await store.indicatorLifecycle.comments(ids)).map((c) => `${c.indicatorId}\u0000${c.value}`));
  for (const [i, item] of items.entries()) {
    const id = saved[i]!.id;
    for (const value of item.comments ?? []) {
      const key = `${id}\u0000${value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      await store.indicatorLifecycle.addComment(orgId, id, value);
    }
  }
}
