/**
 * Comments inside indicator create and consume bodies (`comments: [{value}]`, threatqsdk `bulk_object.py`),
 * stored after the upsert. A comment the indicator already has (same text) is not added again, so loading
 * the same feed twice leaves one copy.
 * @module
 */
import type { Indicator, Store } from '@vigil/store';
import type { IndicatorItem } from './indicator-input.js';

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
