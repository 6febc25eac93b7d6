/**
 * The webhook outbox: the pending deliveries for newly created alerts, written by the caller's
 * transaction so an alert is never committed without them (and never sent without being committed).
 * @module
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.js';
import type { DialectName } from '../shared-types.js';
import { chunks } from './chunks.js';

const DELIVERY_COLUMN_COUNT = 11;

/**
 * In-process signal that deliveries were enqueued, so the worker of this process wakes at once instead of
 * waiting for its next poll (other processes still poll). Emitted inside the transaction, before commit.
 */
export const outboxSignal = new EventEmitter().setMaxListeners(0);

/** The alert columns the endpoint filters look at. */
export interface OutboxAlert {
  id: string;
  org_id: string;
  severity: number;
  ruleset_id: string | null;
  rule_id: string | null;
}

/**
 * A Standard Webhooks message id; the same on every retry of one delivery, so receivers can deduplicate.
 *
 * ```ts
 * newDeliveryId(); // 'msg_2b1f…'
 * ```
 */
export function newDeliveryId(): string {
  return `msg_${randomBytes(16).toString('hex')}`;
}

function listMatches(json: string | null, value: string | null): boolean {
  if (json === null) return true;
  const allowed = JSON.parse(json) as string[];
  if (allowed.length === 0) return true;
  return value !== null && allowed.some((a) => a.toLowerCase() === value.toLowerCase());
}

/**
 * Inserts one pending delivery per enabled endpoint of each alert's organization whose filters match.
 * Call it inside the transaction that inserts the alerts.
 *
 * ```ts
 * await db.transaction().execute(async (trx) => {
 *   await trx.insertInto('alerts').values(rows).execute();
 *   await enqueueWebhookDeliveries(trx, rows, 'sqlite', Date.now());
 * });
 * ```
 */
export async function enqueueWebhookDeliveries(
  trx: Transaction<Database> | Kysely<Database>,
  alerts: readonly OutboxAlert[],
  dialect: DialectName,
  at: number,
): Promise<number> {
  if (alerts.length === 0) return 0;
  const orgIds = [...new Set(alerts.map((a) => a.org_id))];
  const endpoints = [];
  for (const part of chunks(orgIds, 1, dialect)) {
    const rows = await trx
      .selectFrom('webhook_endpoints')
      .select(['id', 'org_id', 'min_severity', 'rulesets', 'sources'])
      .where('org_id', 'in', part)
      .where('enabled', '=', 1)
      .execute();
    endpoints.push(...rows);
  }
  // The common case (no webhooks configured) costs one indexed query.
  if (endpoints.length === 0) return 0;
  // Sources are rule types (Host, File, ThreatIntel): read them only when some endpoint filters on them.
  const ruleTypes = new Map<string, string>();
  if (endpoints.some((e) => e.sources !== null)) {
    const ruleIds = [...new Set(alerts.flatMap((a) => (a.rule_id === null ? [] : [a.rule_id])))];
    for (const part of chunks(ruleIds, 1, dialect)) {
      const found = await trx.selectFrom('rules').select(['id', 'type']).where('id', 'in', part).execute();
      for (const r of found) ruleTypes.set(r.id, r.type);
    }
  }
  const rows = [];
  for (const a of alerts) {
    for (const e of endpoints) {
      if (e.org_id !== a.org_id || a.severity > e.min_severity) continue;
      if (!listMatches(e.rulesets, a.ruleset_id) || !listMatches(e.sources, a.rule_id === null ? null : (ruleTypes.get(a.rule_id) ?? null))) continue;
      rows.push({
        id: newDeliveryId(),
        org_id: a.org_id,
        endpoint_id: e.id,
        alert_id: a.id,
        status: 'pending',
        attempts: 0,
        next_attempt_at: at,
        locked_until: null,
        created_at: at,
        last_attempt_at: null,
        is_test: 0,
      });
    }
  }
  for (const part of chunks(rows, DELIVERY_COLUMN_COUNT, dialect)) {
    await trx.insertInto('webhook_deliveries').values(part).execute();
  }
  if (rows.length > 0) outboxSignal.emit('enqueued');
  return rows.length;
}
