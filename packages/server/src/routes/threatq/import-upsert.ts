/**
 * Storing what an import found (one-shot `POST /api/imports` and the commit of a staged import): upserted
 * in one transaction with the import's source and tags; only new indicators get the import's status.
 * @module
 */
import { StoreValidationError, type Indicator, type IndicatorUpsert, type Store } from '@vigil/store';
import { apiError } from '../../errors.js';
import { presentIndicator } from '../../presenters/threatq.js';
import { IndicatorInputError, readUncheckedIndicator } from './indicator-input.js';

export const DEFAULT_SOURCE = 'Free-text import';
/** ThreatQ's importer sets `indicator_global_status: 4`. */
export const REVIEW = 4;

/**
 * Upserts what an import found with its source, tags and status; only new indicators get the status
 * (re-finding a known one must not demote it to Review). Answers the items, the saved indicators (same
 * order) and which keys (`typeId\0value`) already existed.
 * ```ts
 * const { saved, existing } = await upsertFound(store, orgId, [{ type: 'FQDN', value: 'evil.example' }], { source: 'Notes', statusId: 4, tags: [] });
 * ```
 */
export async function upsertFound(
  store: Store,
  orgId: string,
  found: ReadonlyArray<{ type: string | number; value: string }>,
  options: { source: string; statusId: number; tags: string[] },
): Promise<{ items: IndicatorUpsert[]; saved: Indicator[]; existing: Set<string> }> {
  const items: IndicatorUpsert[] = [];
  for (const f of found) {
    // The extractor already normalizes; readIndicator computes the hash and score like any create.
    try {
      const type = typeof f.type === 'number' ? { type_id: f.type } : { type: f.type };
      items.push(readUncheckedIndicator({ value: f.value, ...type, sources: [{ name: options.source }], tags: options.tags }));
    } catch (err) {
      if (!(err instanceof IndicatorInputError)) throw err;
    }
  }
  const known = items.length
    ? await store.indicators.list({ orgId, values: [...new Set(items.map((i) => i.value))], limit: items.length * 2 + 10, offset: 0 })
    : { items: [] };
  const existing = new Set(known.items.map((i) => keyOf(i)));
  for (const item of items) if (!existing.has(keyOf(item))) item.statusId = options.statusId;
  try {
    return { items, saved: await store.indicators.upsertMany(orgId, items), existing };
  } catch (err) {
    if (err instanceof StoreValidationError) throw apiError('VIGIL_BAD_REQUEST', err.message);
    throw err;
  }
}

const keyOf = (i: { typeId: number; value: string }) => `${i.typeId}\u0000${i.value}`;

/** `{found, created, existing, indicators: [… import_result]}` of an import. */
export function importSummary(items: IndicatorUpsert[], saved: Indicator[], existing: Set<string>) {
  const relations = { with: new Set(['type']) };
  const created = items.filter((i) => !existing.has(keyOf(i))).length;
  return {
    found: items.length,
    created,
    existing: items.length - created,
    indicators: saved.map((ind, i) => ({ ...presentIndicator(ind, relations), import_result: existing.has(keyOf(items[i]!)) ? 'existing' : 'created' })),
  };
}
