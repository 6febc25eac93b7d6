/**
 * Types of the alerts repository (`alerts.ts`).
 * @module
 */
import type { Severity } from '@vigil/rules';
import type { OffsetPage, Page, PageRequest, TimeRange } from '../shared-types.js';
import type { DismissReason } from '../vocabulary.js';

export interface AlertAggregate {
  fieldName: string;
  [k: string]: unknown;
}

export interface Alert {
  id: string;
  orgId: string;
  title: string;
  dataSource: string;
  createdAt: number;
  severity: Severity;
  agentId: string | null;
  ruleId: string | null;
  rulesetId: string | null;
  isDismissed: boolean;
  dismissedAt: number | null;
  dismissReason: DismissReason | null;
  dismissReasonText: string | null;
  dismissedBy: string | null;
  aggregates: AlertAggregate[];
}

/** An alert's place in the list order: what `listRefs` reads. */
export interface AlertRef {
  id: string;
  createdAt: number;
}

export type NewAlert = Omit<
  Alert,
  'id' | 'isDismissed' | 'dismissedAt' | 'dismissReason' | 'dismissReasonText' | 'dismissedBy'
> & { id?: string };

/** One host/file event attached to an alert; `data` is the event object as the agent sent it. */
export interface AlertEvent {
  id: string;
  alertId: string;
  orgId: string;
  timestamp: number;
  data: Record<string, unknown>;
}

export type NewAlertEvent = { id?: string; timestamp: number; data: Record<string, unknown> };

export interface AlertFilter extends TimeRange {
  isDismissed: boolean;
  severity?: Severity;
  agentId?: string;
  ruleId?: string;
  rulesetId?: string;
}

export interface DismissQuery extends TimeRange {
  severity?: Severity;
  ruleId?: string;
  agentId?: string;
}

export interface Dismissal {
  reason: DismissReason;
  text: string | null;
  /** user id of who dismissed */
  by: string;
  at: number;
}

export interface AlertsRepo {
  /** inserts the alert and its events in one transaction */
  create(alert: NewAlert, events?: NewAlertEvent[]): Promise<Alert>;
  /** bulk insert (demo data, detection batches) in one transaction */
  createMany(items: Array<{ alert: NewAlert; events?: NewAlertEvent[] }>): Promise<Alert[]>;
  get(orgId: string, id: string): Promise<Alert | undefined>;
  /** ordered by (createdAt DESC, id DESC); from/until apply to createdAt */
  list(orgId: string, filter: AlertFilter, page: PageRequest): Promise<Page<Alert>>;
  /**
   * The page `list` would return, ids and creation times only (read from an index, without the table). An
   * alert's row is never changed after it is written except by its dismissal, which is one way: so an
   * alert's id, creation time and the list's status name content a caller may have kept from `list`.
   */
  listRefs(orgId: string, filter: AlertFilter, page: PageRequest): Promise<Page<AlertRef>>;
  /** events of one alert ordered by timestamp ASC; undefined when the alert is not in this org */
  events(orgId: string, alertId: string): Promise<AlertEvent[] | undefined>;
  /** every alert (active and dismissed), ordered like list, by offset (REST v1) */
  listByOffset(orgId: string, range: TimeRange, page: OffsetPage): Promise<Alert[]>;
  /**
   * The newest `perAlert` events (newest first) and the event count of each listed alert of this org; alerts
   * without events (or not in the org) are absent from the map.
   */
  latestEvents(
    orgId: string,
    alertIds: string[],
    perAlert: number,
  ): Promise<Map<string, { events: AlertEvent[]; total: number }>>;
  /** counts of active (not dismissed) alerts by severity within the range; always three entries 1,2,3 */
  severityCounts(orgId: string, range: TimeRange): Promise<Array<{ severity: Severity; count: number }>>;
  /** dismisses the listed active alerts of this org (unknown ids ignored); returns how many changed */
  dismissByIds(orgId: string, ids: string[], d: Dismissal): Promise<number>;
  /** dismisses every active alert matching the query; returns how many changed */
  dismissByQuery(orgId: string, q: DismissQuery, d: Dismissal): Promise<number>;
  /** ids of this org's alerts among `ids` (to report unknown ids) */
  existingIds(orgId: string, ids: string[]): Promise<string[]>;
}
