/**
 * The adversary half of a STIX import: `threat-actor`s become adversaries (an upsert by name, like POST
 * /api/adversaries) and `indicates` relationships between an imported indicator and an imported
 * threat-actor become indicator–adversary links, so an export imports back whole. Read first (bad names
 * are skipped, nothing is written), stored after the indicators.
 * @module
 */
import type { ImportAdversary, ImportRelationship } from '@vigil/intel';
import type { Adversary, AdversaryInput, Store } from '@vigil/store';
import { IndicatorInputError } from './indicator-input.js';
import { readDescription, readName } from './object-input.js';

export interface StixAdversaryPlan {
  adversaries: Array<{ stixId: string; input: AdversaryInput }>;
  relationships: ImportRelationship[];
  skipped: Array<{ id: string; reason: string }>;
}

/**
 * Validates the bundle's threat-actors like POST /api/adversaries items, and keeps the relationships whose
 * ends are both imported (`importedIndicators` holds the indicator SDO ids that yield indicators).
 * ```ts
 * const plan = planStixAdversaries(bundle.adversaries, bundle.relationships, new Set(candidates.map((c) => c.stixId)), { source: 'STIX import' });
 * ```
 */
export function planStixAdversaries(
  adversaries: readonly ImportAdversary[],
  relationships: readonly ImportRelationship[],
  importedIndicators: ReadonlySet<string>,
  options: { source: string },
): StixAdversaryPlan {
  const plan: StixAdversaryPlan = { adversaries: [], relationships: [], skipped: [] };
  for (const a of adversaries) {
    try {
      const description = readDescription(a.description, 'description');
      plan.adversaries.push({
        stixId: a.stixId,
        input: { name: readName(a.name, 'name'), ...(typeof description === 'string' ? { description } : {}), sources: [{ name: options.source }] },
      });
    } catch (err) {
      if (!(err instanceof IndicatorInputError)) throw err;
      plan.skipped.push({ id: a.stixId, reason: `threat-actor ${err.field} ${err.reason}` });
    }
  }
  const actors = new Set(plan.adversaries.map((a) => a.stixId));
  for (const r of relationships) {
    if (importedIndicators.has(r.sourceRef) && actors.has(r.targetRef)) plan.relationships.push(r);
    else plan.skipped.push({ id: r.stixId, reason: 'its indicator or threat-actor is not imported from this bundle' });
  }
  return plan;
}

/**
 * Stores the planned adversaries and links; `indicatorIds` maps an indicator SDO id to the stored
 * indicators it gave.
 * ```ts
 * const stored = await storeStixAdversaries(store, orgId, plan, indicatorIds);
 * ```
 */
export async function storeStixAdversaries(
  store: Store,
  orgId: string,
  plan: StixAdversaryPlan,
  indicatorIds: ReadonlyMap<string, readonly number[]>,
  now: number = Date.now(),
): Promise<Adversary[]> {
  const byStixId = new Map<string, Adversary>();
  for (const { stixId, input } of plan.adversaries) byStixId.set(stixId, await store.adversaries.create(orgId, input, now));
  for (const r of plan.relationships) {
    const adversary = byStixId.get(r.targetRef)!;
    for (const id of indicatorIds.get(r.sourceRef) ?? []) await store.objectLinks.link(orgId, { type: 'indicator', id }, 'adversary', [adversary.id], now);
  }
  return [...new Map([...byStixId.values()].map((a) => [a.id, a])).values()];
}
