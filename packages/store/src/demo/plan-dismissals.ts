/**
 * Picks which demo alerts the team already triaged: about 15 % of the alerts older than a week, dismissed
 * in weekly triage batches (one `dismissByIds` call per reason and week).
 * @module
 */

import type { DismissReason } from '../vocabulary.js';
import type { Random } from './prng.js';
import type { DemoAlert, DemoDismissal } from './dataset.js';
import { DISMISSAL_REASONS, DISMISSED_BY } from './dismissal-reasons.js';
import { HOUR_MS, WEEK_MS } from './time.js';

export const DISMISSED_SHARE = 0.15;

/**
 * Groups of alert ids to dismiss; every group's `at` lies after all its alerts and before `now`.
 *
 * ```ts
 * for (const { ids, dismissal } of planDismissals(rng, alerts, now)) {
 *   await store.alerts.dismissByIds(orgId, ids, dismissal);
 * }
 * ```
 */
export function planDismissals(rng: Random, alerts: readonly DemoAlert[], now: number): DemoDismissal[] {
  const groups = new Map<string, { reason: DismissReason; week: number; ids: string[] }>();
  for (const { alert } of alerts) {
    const week = Math.floor((now - alert.createdAt) / WEEK_MS);
    if (week < 1 || !rng.chance(DISMISSED_SHARE)) continue;
    const reason: DismissReason =
      alert.severity === 1 ? 'OTHER' : rng.weighted(DISMISSAL_REASONS, (r) => r.weight).reason;
    const key = `${week}:${reason}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { reason, week, ids: [] }));
    group.ids.push(alert.id);
  }
  return [...groups.values()]
    .sort((a, b) => b.week - a.week || a.reason.localeCompare(b.reason))
    .map(({ reason, week, ids }) => ({
      ids,
      dismissal: {
        reason,
        text: rng.pick(DISMISSAL_REASONS.find((r) => r.reason === reason)!.texts),
        by: DISMISSED_BY,
        // weekly triage happens one to 36 hours after the end of the week the alerts fell in
        at: now - week * WEEK_MS + rng.int(HOUR_MS, 36 * HOUR_MS),
      },
    }));
}
