/**
 * The bodies a webhook endpoint receives, one alert per POST, in the endpoint's format.
 * @module
 */
import type { Alert, WebhookFormat } from '@vigil/store';
import { presentAlert } from '../presenters/v2.js';

/** What a payload needs besides the alert. */
export interface PayloadContext {
  organizationName: string;
  /** hostname of the alert's agent (or null when it has none or is gone) */
  host: string | null;
  /** the console's base URL, for links to the alert (no trailing slash) */
  consoleUrl: string;
}

const SEVERITY_NAMES: Record<number, string> = { 1: 'High', 2: 'Medium', 3: 'Low' };

/**
 * The Threat Stack alert object (reference §11): numbers as numbers, `source` "Host" for agent alerts.
 *
 * ```ts
 * threatStackAlert(alert, ctx); // { id, title, created_at: 1700000000000, severity: 1, organization_id, … }
 * ```
 */
export function threatStackAlert(alert: Alert, ctx: PayloadContext) {
  return {
    id: alert.id,
    title: alert.title,
    created_at: alert.createdAt,
    severity: alert.severity,
    organization_id: alert.orgId,
    organization_name: ctx.organizationName,
    server_or_region: ctx.host ?? '',
    source: 'Host',
  };
}

/**
 * The JSON body for `format`.
 *
 * ```ts
 * webhookPayload('threatstack', alert, ctx); // { alerts: [{ id, title, created_at, … }] }
 * ```
 */
export function webhookPayload(format: WebhookFormat, alert: Alert, ctx: PayloadContext): unknown {
  switch (format) {
    case 'threatstack':
      return { alerts: [threatStackAlert(alert, ctx)] };
    case 'threatstack-flat':
      return threatStackAlert(alert, ctx);
    case 'full':
      return presentAlert(alert);
    case 'slack': {
      const severity = SEVERITY_NAMES[alert.severity] ?? String(alert.severity);
      const link = `${ctx.consoleUrl}/alerts/${encodeURIComponent(alert.id)}`;
      // Slack's mrkdwn escapes: only &, < and > are special.
      const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      const line = `*[${severity}]* ${esc(alert.title)} on \`${esc(ctx.host ?? 'unknown host')}\` <${link}|view alert>`;
      return { text: line, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: line } }] };
    }
  }
}
