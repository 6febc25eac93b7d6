/**
 * Stored indicators → STIX 2.1 objects (the mapping itself is in @vigil/intel's stix module): resolves
 * type and status names, the effective score and the tags.
 * @module
 */
import { INDICATOR_TYPES, indicatorStatus, indicatorType, stixPattern, type StixIndicatorInput } from '@vigil/intel';
import type { Indicator, Store } from '@vigil/store';

/** Indicator types that have a STIX pattern: every type since those without an observable use Vigil's custom objects. */
export const PATTERN_TYPE_IDS: readonly number[] = INDICATOR_TYPES.filter(
  (t) => stixPattern(t.name, t.name === 'ASN' ? 'AS1' : t.name === 'Fuzzy Hash' ? '3:a:b' : 'x') !== undefined,
).map((t) => t.id);

/** The mapping input for each indicator, in order; tags are loaded in one query. */
export async function stixInputs(store: Store, indicators: Indicator[]): Promise<StixIndicatorInput[]> {
  const tags = new Map<number, string[]>();
  if (indicators.length > 0) {
    for (const tag of await store.indicators.tags(indicators.map((i) => i.id))) {
      const list = tags.get(tag.indicatorId);
      if (list) list.push(tag.name);
      else tags.set(tag.indicatorId, [tag.name]);
    }
  }
  return indicators.map((i) => ({
    orgId: i.orgId,
    hash: i.hash,
    typeName: indicatorType(i.typeId)?.name ?? 'String',
    statusName: indicatorStatus(i.statusId)?.name ?? 'Review',
    value: i.value,
    description: i.description,
    score: i.manualScore ?? i.generatedScore,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
    publishedAt: i.publishedAt,
    expiresAt: i.expiresAt,
    expiredAt: i.expiredAt,
    tags: tags.get(i.id)?.sort(),
  }));
}
