/**
 * Why the demo team dismissed alerts: reasons with the free-text notes analysts typically leave.
 * @module
 */

import type { DismissReason } from '../vocabulary.js';

export interface DismissalReasonDefinition {
  reason: DismissReason;
  texts: readonly string[];
  /** relative frequency for severity 2–3 alerts (severity 1 alerts are dismissed as OTHER only) */
  weight: number;
}

export const DISMISSAL_REASONS: readonly DismissalReasonDefinition[] = [
  {
    reason: 'MAINTENANCE',
    texts: [
      'Patch Tuesday maintenance window (CHG-4182)',
      'Planned kernel upgrade, approved change CHG-4207',
      'Scheduled package upgrades during maintenance',
    ],
    weight: 40,
  },
  {
    reason: 'BUSINESS_OP',
    texts: [
      'Expected: release pipeline and on-call debugging',
      'Partner API on 8443 is approved (VEND-88)',
      'Confirmed with the engineer in #sec-triage',
    ],
    weight: 35,
  },
  {
    reason: 'COMPANY_POLICY',
    texts: ['Access reviewed per policy SEC-07', 'Accepted risk, documented in RISK-112'],
    weight: 10,
  },
  {
    reason: 'OTHER',
    texts: ['Duplicate of an earlier alert', 'Red team exercise (SEC-1423)', 'Contained, host replaced — INC-2291'],
    weight: 15,
  },
];

/** Who dismissed the demo alerts (the demo has no users of its own). */
export const DISMISSED_BY = 'system';
