/**
 * Types of the detection repository (`detection.ts`).
 * @module
 */
import type { NewAlert, NewAlertEvent } from './alerts-types.js';
import type { StoredEvent } from './ingest-types.js';

/** A stored event batch detection has not processed yet. */
export interface PendingBatch {
  orgId: string;
  agentId: string;
  batchId: string;
  receivedAt: number;
}

/** What detection decided for some processed batches; written by `DetectionRepo.commit` in one transaction. */
export interface DetectionCommit {
  /** the batches processed (marked so they are never processed again) */
  batches: Array<Pick<PendingBatch, 'agentId' | 'batchId'>>;
  /** alerts to create, with their events; the id is chosen by the caller so later events can attach */
  newAlerts: Array<{ alert: NewAlert & { id: string }; events: NewAlertEvent[] }>;
  /** events to add to existing alerts of `orgId` (alerts that no longer exist are skipped) */
  attach: Array<{ orgId: string; alertId: string; events: NewAlertEvent[] }>;
}

export interface DetectionRepo {
  /** pending batches of every organization, oldest first */
  pendingBatches(limit: number): Promise<PendingBatch[]>;
  /** the events of a batch in the order they were sent */
  batchEvents(batch: PendingBatch): Promise<StoredEvent[]>;
  /**
   * In one transaction: marks the batches processed, inserts the new alerts and attaches the events. Returns
   * false and writes nothing when one of the batches was already processed (by another worker).
   */
  commit(decisions: DetectionCommit, at?: number): Promise<boolean>;
  /**
   * A cheap fingerprint of the organization's rules (count and newest update): when it changes, cached
   * compiled rules are stale. Not every change moves it (a cache should also expire by age).
   */
  rulesFingerprint(orgId: string): Promise<string>;
}
