/**
 * Turns index matches into what ThreatIntel rules see: for each event naming an active indicator, the event's
 * data plus `threatintel_value`, `threatintel_type`, `threatintel_source` (source names, comma-separated),
 * `threatintel_score` and `threatintel_reason` — fields for filters' companions: aggregates and title
 * templates (`{{threatintel_value}}`). When an event names several indicators the highest score wins.
 * Indicator details are read only for matches, once per call.
 * @module
 */
import { indicatorType } from '@vigil/intel';
import type { Store } from '@vigil/store';
import type { EngineEvent } from './engine-types.js';
import type { IntelIndex, IntelMatch } from './intel-index.js';

/** The fields a match adds to the event, always among a ThreatIntel alert's aggregates. */
export const INTEL_FIELDS = ['threatintel_value', 'threatintel_type', 'threatintel_source', 'threatintel_score'] as const;

interface Details {
  value: string;
  type: string;
  sources: string;
  score: number;
}

/**
 * ```ts
 * const hits = await intelHits(store, orgId, await intel.get(orgId), events);
 * hits.get(events[0])?.threatintel_value; // '203.0.113.5'
 * ```
 */
export async function intelHits(
  store: Store,
  orgId: string,
  index: IntelIndex,
  events: readonly EngineEvent[],
): Promise<Map<EngineEvent, Record<string, unknown>>> {
  const out = new Map<EngineEvent, Record<string, unknown>>();
  if (index.size === 0) return out;
  const matched: Array<[EngineEvent, IntelMatch[]]> = [];
  const ids = new Set<number>();
  for (const event of events) {
    const matches = index.match(event.data);
    if (matches.length === 0) continue;
    matched.push([event, matches]);
    for (const m of matches) ids.add(m.indicatorId);
  }
  if (matched.length === 0) return out;

  const details = new Map<number, Details>();
  for (const id of ids) {
    const indicator = await store.indicators.get(orgId, id);
    if (indicator === undefined) continue;
    details.set(id, {
      value: indicator.value,
      type: indicatorType(indicator.typeId)?.name ?? String(indicator.typeId),
      sources: '',
      score: indicator.manualScore ?? indicator.generatedScore,
    });
  }
  for (const link of await store.indicators.sources([...details.keys()])) {
    const d = details.get(link.indicatorId)!;
    d.sources = d.sources === '' ? link.name : `${d.sources}, ${link.name}`;
  }

  for (const [event, matches] of matched) {
    let best: [IntelMatch, Details] | undefined;
    for (const m of matches) {
      const d = details.get(m.indicatorId);
      if (d !== undefined && (best === undefined || d.score > best[1].score)) best = [m, d];
    }
    if (best === undefined) continue;
    const [m, d] = best;
    out.set(event, {
      ...event.data,
      threatintel_value: d.value,
      threatintel_type: d.type,
      threatintel_source: d.sources,
      threatintel_score: d.score,
      threatintel_reason: `${m.field} ${m.value} matches ${d.type} indicator ${d.value}`,
    });
  }
  return out;
}
