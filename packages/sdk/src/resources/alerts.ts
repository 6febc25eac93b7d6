/**
 * `client.alerts`: list, get, events, severity counts and dismissal (`/v2/alerts…`).
 * @module
 */
import type { ListPromise } from '../paging.js';
import type { Alert, AlertEvent, CallOptions, DateInput, SeverityCount } from '../types.js';
import { isoTime } from '../http/query.js';
import { ApiResource, splitSignal } from './api-resource.js';

/** Filters for {@link AlertsResource.list}; `from`/`until` bound `createdAt`; severity 1 (high) to 3 (low). */
export interface AlertListParams extends CallOptions {
  status: 'active' | 'dismissed';
  /** 1 (high), 2 (medium) or 3 (low) */
  severity?: 1 | 2 | 3;
  agentId?: string;
  ruleId?: string;
  rulesetId?: string;
  from?: DateInput;
  until?: DateInput;
}

/** Why alerts were dismissed (any case is accepted by the server). */
export type DismissReason = 'BUSINESS_OP' | 'COMPANY_POLICY' | 'MAINTENANCE' | 'OTHER';

/** Dismiss alerts by id (up to 512). */
export interface DismissByIds extends CallOptions {
  ids: string[];
  dismissReason: DismissReason;
  dismissReasonText?: string | null;
}

/** Dismiss every active alert created in a time range, optionally narrowed. */
export interface DismissByQuery extends CallOptions {
  from: DateInput;
  until: DateInput;
  /** 1 (high), 2 (medium) or 3 (low) */
  severity?: 1 | 2 | 3;
  ruleId?: string;
  agentId?: string;
  dismissReason: DismissReason;
  dismissReasonText?: string | null;
}

/**
 * The organization's alerts, newest first, 100 per page.
 *
 * ```ts
 * const { items } = await client.alerts.list({ status: 'active', severity: 1 });
 * ```
 */
export class AlertsResource extends ApiResource {
  /**
   * Lists alerts with a status (required by the API).
   *
   * ```ts
   * for await (const alert of client.alerts.list({ status: 'active', agentId })) console.log(alert.title);
   * ```
   */
  list(params: AlertListParams): ListPromise<Alert> {
    const [query, signal] = splitSignal(params);
    return this.paged<Alert>('/v2/alerts', 'alerts', { ...query }, signal);
  }

  /**
   * One alert by id.
   *
   * ```ts
   * const alert = await client.alerts.retrieve(alertId);
   * ```
   */
  retrieve(alertId: string, options: CallOptions = {}): Promise<Alert> {
    return this.get<Alert>(`/v2/alerts/${this.id(alertId, 'alertId')}`, undefined, options.signal);
  }

  /**
   * The events that raised an alert (one page; the API does not page them).
   *
   * ```ts
   * const { items: events } = await client.alerts.events(alertId);
   * ```
   */
  events(alertId: string, options: CallOptions = {}): ListPromise<AlertEvent> {
    return this.paged<AlertEvent>(`/v2/alerts/${this.id(alertId, 'alertId')}/events`, 'events', {}, options.signal);
  }

  /**
   * Active alerts per severity created in the range (all time by default).
   *
   * ```ts
   * const counts = await client.alerts.severityCounts({ from: '2026-01-01' }); // [{ severity: 1, count: 3 }, …]
   * ```
   */
  async severityCounts(params: { from?: DateInput; until?: DateInput } & CallOptions = {}): Promise<SeverityCount[]> {
    const [query, signal] = splitSignal(params);
    const body = await this.get<{ severityCounts: SeverityCount[] }>('/v2/alerts/severity-counts', { ...query }, signal);
    return body.severityCounts;
  }

  /**
   * Dismisses alerts by id, or every alert in a time range; returns how many changed.
   *
   * ```ts
   * await client.alerts.dismiss({ ids: [alertId], dismissReason: 'MAINTENANCE' });
   * await client.alerts.dismiss({ from: '2026-01-01', until: new Date(), severity: 3, dismissReason: 'OTHER' });
   * ```
   */
  async dismiss(params: DismissByIds | DismissByQuery): Promise<{ dismissedCount: number }> {
    const { signal, ...fields } = params;
    const body: Record<string, unknown> = { ...fields };
    if ('from' in params) body.from = isoTime(params.from);
    if ('until' in params) body.until = isoTime(params.until);
    return this.write<{ dismissedCount: number }>('POST', '/v2/alerts/dismiss', body, signal);
  }
}
