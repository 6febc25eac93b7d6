/**
 * The highest event rate detection keeps pace with (issue #16): the paced event→alert run of
 * alert-latency.ts held for `holdS` seconds (60 by default) at one rate after another, with the
 * organization's 100 enabled rules. A rate passes when every batch is acknowledged and every batch's marker
 * alert is readable over REST within 2 s of its POST for the whole hold. The first hold is at 10,000
 * events/s; then the rates bisect, in whole batches per second, up to the acknowledged ingest rate measured
 * just before (or down towards 0 when 10,000 falls behind), so the run is bounded: `probes` holds at most,
 * each cut short once a marker is more than 2 s late.
 */
import { alertLatencyBench, type AlertLatencyOptions, type AlertLatencyResult } from './alert-latency.js';

export const MAX_LAG_MS = 2000;
/** rates are probed in whole batches of 1,000 events per second */
const EVENTS_PER_BATCH = 1000;
/** the first rate held: 10,000 events/s */
const FLOOR_BATCHES_PER_SEC = 10;

export interface SustainedProbe {
  eventsPerSec: number;
  passed: boolean;
  result: AlertLatencyResult;
}

export interface SustainedResult {
  /** the highest rate that passed, 0 when none did */
  sustainedEventsPerSec: number;
  /** the lowest rate that failed, when one did */
  failedEventsPerSec: number | undefined;
  holdS: number;
  probes: SustainedProbe[];
}

export interface SustainedOptions extends Omit<AlertLatencyOptions, 'seconds' | 'batchesPerSec' | 'giveUpAfterMs' | 'agentBase'> {
  holdS: number;
  /** holds at most (the floor included) */
  probes: number;
  /** the upper end of the search, e.g. the acknowledged ingest rate */
  ceilingEventsPerSec: number;
  /** called after each hold, for progress output */
  onProbe?: (probe: SustainedProbe) => void;
}

/**
 * Bisects for the highest rate at which detection keeps pace.
 * ```ts
 * const r = await sustainedDetectionBench({ vigilUrl, rssUrl, deployKey, creds, holdS: 60, probes: 5, ceilingEventsPerSec: 90_000 });
 * console.log(r.sustainedEventsPerSec);
 * ```
 */
export async function sustainedDetectionBench(options: SustainedOptions): Promise<SustainedResult> {
  const { holdS, probes: maxProbes, ceilingEventsPerSec, onProbe, ...common } = options;
  const probes: SustainedProbe[] = [];
  const hold = async (batchesPerSec: number): Promise<boolean> => {
    const result = await alertLatencyBench({
      ...common,
      seconds: holdS,
      batchesPerSec,
      giveUpAfterMs: MAX_LAG_MS,
      agentBase: 200 + probes.length * 2,
    });
    const passed = !result.gaveUp && result.refused === 0 && result.missing === 0 && result.maxMs < MAX_LAG_MS;
    const probe = { eventsPerSec: batchesPerSec * EVENTS_PER_BATCH, passed, result };
    probes.push(probe);
    onProbe?.(probe);
    return passed;
  };

  // In batches per second: lo passed (0: nothing has), hi failed (or is one above the untested ceiling).
  // The first hold is at the floor; when even that falls behind, the bisection goes below it.
  let lo = 0;
  let hi = Math.max(FLOOR_BATCHES_PER_SEC, Math.floor(ceilingEventsPerSec / EVENTS_PER_BATCH)) + 1;
  let failed: number | undefined;
  while (probes.length < maxProbes && hi - lo > 1) {
    const rate = probes.length === 0 ? FLOOR_BATCHES_PER_SEC : Math.floor((lo + hi) / 2);
    if (await hold(rate)) lo = rate;
    else {
      hi = rate;
      failed = rate * EVENTS_PER_BATCH;
    }
  }
  return { sustainedEventsPerSec: lo * EVENTS_PER_BATCH, failedEventsPerSec: failed, holdS, probes };
}
