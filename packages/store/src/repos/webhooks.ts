/**
 * Webhook endpoints, their deliveries (the outbox) and the attempt log.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { isSeverity, type RuleType } from '@vigil/rules';
import type { Kysely, Selectable } from 'kysely';
import type { SecretBox } from '../crypto/secret-box.js';
import { StoreValidationError } from '../errors.js';
import { chunks } from '../internal/chunks.js';
import { fetchLimit, toPage } from '../internal/paging.js';
import { outboxSignal } from '../internal/webhook-outbox.js';
import type { Database } from '../schema.js';
import type { DialectName } from '../shared-types.js';
import type { WebhookAttemptsTable, WebhookDeliveriesTable, WebhookEndpointsTable } from '../webhook-schema.js';
import type { NewWebhookAttempt, WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEndpointPatch, WebhooksRepo } from './webhooks-types.js';
import type { WebhookFormat } from '../vocabulary.js';
import { oneOf, WEBHOOK_DELIVERY_STATUSES, WEBHOOK_FORMATS } from '../vocabulary.js';


function toEndpoint(r: Selectable<WebhookEndpointsTable>): WebhookEndpoint {
  return {
    id: r.id,
    orgId: r.org_id,
    url: r.url,
    description: r.description,
    minSeverity: r.min_severity as WebhookEndpoint['minSeverity'],
    rulesets: r.rulesets === null ? null : (JSON.parse(r.rulesets) as string[]),
    sources: r.sources === null ? null : (JSON.parse(r.sources) as RuleType[]),
    format: r.format as WebhookFormat,
    enabled: r.enabled === 1,
    disabledReason: r.disabled_reason,
    failingSince: r.failing_since === null ? null : Number(r.failing_since),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    previousSecretExpiresAt: r.previous_secret_expires_at === null ? null : Number(r.previous_secret_expires_at),
  };
}

function toDelivery(r: Selectable<WebhookDeliveriesTable>): WebhookDelivery {
  return {
    id: r.id,
    orgId: r.org_id,
    endpointId: r.endpoint_id,
    alertId: r.alert_id,
    status: r.status as WebhookDelivery['status'],
    attempts: Number(r.attempts),
    nextAttemptAt: r.next_attempt_at === null ? null : Number(r.next_attempt_at),
    createdAt: Number(r.created_at),
    lastAttemptAt: r.last_attempt_at === null ? null : Number(r.last_attempt_at),
    test: Number(r.is_test) === 1,
  };
}

const ATTEMPT_COLUMN_COUNT = 7;

function attemptRow(deliveryId: string, attempt: NewWebhookAttempt): Selectable<WebhookAttemptsTable> {
  return {
    id: randomUUID(),
    delivery_id: deliveryId,
    attempted_at: attempt.attemptedAt,
    status_code: attempt.statusCode,
    latency_ms: Math.round(attempt.latencyMs),
    error: attempt.error,
    response_body: attempt.responseBody,
  };
}

function toAttempt(r: Selectable<WebhookAttemptsTable>): WebhookAttempt {
  return {
    id: r.id,
    deliveryId: r.delivery_id,
    attemptedAt: Number(r.attempted_at),
    statusCode: r.status_code === null ? null : Number(r.status_code),
    latencyMs: Number(r.latency_ms),
    error: r.error,
    responseBody: r.response_body,
  };
}

function checkSeverity(v: number | undefined): void {
  if (v !== undefined && !isSeverity(v)) throw new StoreValidationError('minSeverity must be 1, 2 or 3');
}

function checkFormat(v: string | undefined): void {
  if (v !== undefined && !oneOf(WEBHOOK_FORMATS, v)) {
    throw new StoreValidationError('format must be threatstack, threatstack-flat, slack or full');
  }
}

function jsonList(v: string[] | null | undefined): string | null {
  return v === undefined || v === null ? null : JSON.stringify(v);
}

/**
 * Creates the webhooks repository; secrets are sealed with `box` at rest.
 *
 * ```ts
 * const webhooks = createWebhooksRepo(db, 'sqlite', box);
 * const ep = await webhooks.createEndpoint({ orgId, url: 'https://example.com/hook', secret: 'whsec_…' });
 * ```
 */
export function createWebhooksRepo(db: Kysely<Database>, dialect: DialectName, box: SecretBox): WebhooksRepo {
  async function endpointRow(orgId: string, id: string) {
    return db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async function reread(orgId: string, id: string, changed: bigint): Promise<WebhookEndpoint | undefined> {
    if (changed === 0n) return undefined;
    const row = await endpointRow(orgId, id);
    return row && toEndpoint(row);
  }

  return {
    async createEndpoint(input) {
      checkSeverity(input.minSeverity);
      checkFormat(input.format);
      const at = Date.now();
      const row: Selectable<WebhookEndpointsTable> = {
        id: randomUUID(),
        org_id: input.orgId,
        url: input.url,
        description: input.description ?? '',
        min_severity: input.minSeverity ?? 3,
        rulesets: jsonList(input.rulesets),
        sources: jsonList(input.sources),
        format: input.format ?? 'threatstack',
        secret_sealed: box.seal(input.secret),
        previous_secret_sealed: null,
        previous_secret_expires_at: null,
        enabled: input.enabled === false ? 0 : 1,
        disabled_reason: null,
        failing_since: null,
        created_at: at,
        updated_at: at,
      };
      await db.insertInto('webhook_endpoints').values(row).execute();
      return toEndpoint(row);
    },

    async listEndpoints(orgId) {
      const rows = await db
        .selectFrom('webhook_endpoints')
        .selectAll()
        .where('org_id', '=', orgId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toEndpoint);
    },

    async getEndpoint(orgId, id) {
      const row = await endpointRow(orgId, id);
      return row && toEndpoint(row);
    },

    async getEndpointWithSecrets(orgId, id) {
      const row = await endpointRow(orgId, id);
      if (row === undefined) return undefined;
      const overlap =
        row.previous_secret_sealed !== null &&
        row.previous_secret_expires_at !== null &&
        Number(row.previous_secret_expires_at) > Date.now();
      return {
        ...toEndpoint(row),
        secret: box.open(row.secret_sealed),
        previousSecret: overlap ? box.open(row.previous_secret_sealed as string) : null,
      };
    },

    async updateEndpoint(orgId, id, patch: WebhookEndpointPatch, at) {
      checkSeverity(patch.minSeverity);
      checkFormat(patch.format);
      const set: Partial<Selectable<WebhookEndpointsTable>> = { updated_at: at };
      if (patch.url !== undefined) set.url = patch.url;
      if (patch.description !== undefined) set.description = patch.description;
      if (patch.minSeverity !== undefined) set.min_severity = patch.minSeverity;
      if (patch.rulesets !== undefined) set.rulesets = jsonList(patch.rulesets);
      if (patch.sources !== undefined) set.sources = jsonList(patch.sources);
      if (patch.format !== undefined) set.format = patch.format;
      const res = await db
        .updateTable('webhook_endpoints')
        .set(set)
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .executeTakeFirst();
      return reread(orgId, id, res.numUpdatedRows);
    },

    async setEnabled(orgId, id, enabled, at, reason) {
      const res = await db
        .updateTable('webhook_endpoints')
        .set({
          enabled: enabled ? 1 : 0,
          disabled_reason: enabled ? null : (reason ?? 'disabled by a user'),
          failing_since: null,
          updated_at: at,
        })
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .executeTakeFirst();
      return reread(orgId, id, res.numUpdatedRows);
    },

    async rotateSecret(orgId, id, secret, at, overlapUntil) {
      const row = await endpointRow(orgId, id);
      if (row === undefined) return undefined;
      const res = await db
        .updateTable('webhook_endpoints')
        .set({
          secret_sealed: box.seal(secret),
          previous_secret_sealed: row.secret_sealed,
          previous_secret_expires_at: overlapUntil,
          updated_at: at,
        })
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .executeTakeFirst();
      return reread(orgId, id, res.numUpdatedRows);
    },

    async setFailingSince(orgId, id, since) {
      let q = db
        .updateTable('webhook_endpoints')
        .set({ failing_since: since })
        .where('org_id', '=', orgId)
        .where('id', '=', id);
      if (since !== null) q = q.where('failing_since', 'is', null);
      await q.execute();
    },

    async deleteEndpoint(orgId, id) {
      return db.transaction().execute(async (trx) => {
        const ids = trx.selectFrom('webhook_deliveries').select('id').where('endpoint_id', '=', id).where('org_id', '=', orgId);
        await trx.deleteFrom('webhook_attempts').where('delivery_id', 'in', ids).execute();
        await trx.deleteFrom('webhook_deliveries').where('endpoint_id', '=', id).where('org_id', '=', orgId).execute();
        const res = await trx
          .deleteFrom('webhook_endpoints')
          .where('org_id', '=', orgId)
          .where('id', '=', id)
          .executeTakeFirst();
        return Number(res.numDeletedRows) > 0;
      });
    },

    async redeliver(orgId, id, at) {
      const res = await db
        .updateTable('webhook_deliveries')
        .set({ status: 'pending', attempts: 0, next_attempt_at: at, locked_until: null })
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        // A test send has no alert to send again.
        .where('is_test', '=', 0)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) return undefined;
      const row = await db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toDelivery(row);
    },

    async claimDue(now, limit, leaseMs) {
      const free = (eb: any) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]);
      // One statement: the subquery picks the oldest due rows, the outer condition re-checks the lease, so
      // of two workers racing for a row exactly one gets it (PostgreSQL re-evaluates it after the row lock).
      let due = db
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .where(free)
        .orderBy('next_attempt_at')
        .limit(limit);
      // PostgreSQL: lock the picked rows in the subquery, passing over rows another claim holds. Without
      // it two claims lock the same candidates in different orders and deadlock. (SQLite has one writer.)
      if (dialect === 'postgres') due = due.forUpdate().skipLocked();
      const rows = await db
        .updateTable('webhook_deliveries')
        .set({ locked_until: now + leaseMs })
        .where('id', 'in', due)
        .where('status', '=', 'pending')
        .where(free)
        .returningAll()
        .execute();
      return rows
        .map(toDelivery)
        .sort((a, b) => (a.nextAttemptAt ?? 0) - (b.nextAttemptAt ?? 0) || a.createdAt - b.createdAt);
    },

    async recordAttempt(deliveryId, attempt, outcome) {
      const row = attemptRow(deliveryId, attempt);
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('webhook_attempts').values(row).execute();
        await trx
          .updateTable('webhook_deliveries')
          .set((eb) => ({
            attempts: eb('attempts', '+', 1),
            status: outcome.status,
            next_attempt_at: outcome.status === 'pending' ? outcome.nextAttemptAt : null,
            locked_until: null,
            last_attempt_at: attempt.attemptedAt,
          }))
          .where('id', '=', deliveryId)
          .execute();
      });
      return toAttempt(row);
    },

    async recordAttempts(records) {
      if (records.length === 0) return;
      await db.transaction().execute(async (trx) => {
        const rows = records.map((r) => attemptRow(r.deliveryId, r.attempt));
        for (const part of chunks(rows, ATTEMPT_COLUMN_COUNT, 'sqlite')) {
          await trx.insertInto('webhook_attempts').values(part).execute();
        }
        // Successes (nearly all) in one statement; last_attempt_at comes from the attempts just written.
        const succeeded = records.filter((r) => r.outcome.status === 'succeeded').map((r) => r.deliveryId);
        for (const ids of chunks(succeeded, 1, 'sqlite')) {
          await trx
            .updateTable('webhook_deliveries')
            .set((eb) => ({
              attempts: eb('attempts', '+', 1),
              status: 'succeeded',
              next_attempt_at: null,
              locked_until: null,
              last_attempt_at: eb
                .selectFrom('webhook_attempts')
                .select((e) => e.fn.max('webhook_attempts.attempted_at').as('at'))
                .whereRef('webhook_attempts.delivery_id', '=', 'webhook_deliveries.id'),
            }))
            .where('id', 'in', ids)
            .execute();
        }
        for (const r of records) {
          if (r.outcome.status === 'succeeded') continue;
          await trx
            .updateTable('webhook_deliveries')
            .set((eb) => ({
              attempts: eb('attempts', '+', 1),
              status: r.outcome.status,
              next_attempt_at: r.outcome.status === 'pending' ? r.outcome.nextAttemptAt : null,
              locked_until: null,
              last_attempt_at: r.attempt.attemptedAt,
            }))
            .where('id', '=', r.deliveryId)
            .execute();
        }
      });
    },

    async recordTestDelivery(input) {
      const at = input.attempt.attemptedAt;
      const row: Selectable<WebhookDeliveriesTable> = {
        id: input.id,
        org_id: input.orgId,
        endpoint_id: input.endpointId,
        alert_id: input.alertId,
        status: input.succeeded ? 'succeeded' : 'failed',
        attempts: 1,
        next_attempt_at: null,
        locked_until: null,
        created_at: at,
        last_attempt_at: at,
        is_test: 1,
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('webhook_deliveries').values(row).execute();
        await trx.insertInto('webhook_attempts').values(attemptRow(input.id, input.attempt)).execute();
      });
      return toDelivery(row);
    },

    async getDelivery(orgId, id) {
      const row = await db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toDelivery(row);
    },

    async listDeliveries(orgId, endpointId, limit) {
      const rows = await db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('endpoint_id', '=', endpointId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toDelivery);
    },

    async pageDeliveries(orgId, endpointId, filter, page) {
      if (filter.status !== undefined && !oneOf(WEBHOOK_DELIVERY_STATUSES, filter.status)) {
        throw new StoreValidationError('status must be pending, succeeded or failed');
      }
      let q = db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('endpoint_id', '=', endpointId);
      if (filter.status !== undefined) q = q.where('status', '=', filter.status);
      const after = page.after;
      const limit = fetchLimit(page);
      if (after !== undefined) {
        // (created_at, id) < (at, id): deliveries added meanwhile are newer, so pages neither skip nor repeat.
        q = q
          .where('created_at', '<=', after[0])
          .where((eb) => eb.or([eb('created_at', '<', after[0]), eb('id', '<', after[1])]));
      }
      const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return toPage(rows, page.limit, toDelivery, (r) => [Number(r.created_at), r.id]);
    },

    async listAttemptsOf(orgId, deliveryIds) {
      const out = new Map<string, WebhookAttempt[]>();
      for (const ids of chunks([...deliveryIds], 1, 'sqlite')) {
        const rows = await db
          .selectFrom('webhook_attempts')
          .innerJoin('webhook_deliveries', 'webhook_deliveries.id', 'webhook_attempts.delivery_id')
          .selectAll('webhook_attempts')
          .where('webhook_deliveries.org_id', '=', orgId)
          .where('webhook_attempts.delivery_id', 'in', ids)
          .orderBy('webhook_attempts.attempted_at')
          .orderBy('webhook_attempts.id')
          .execute();
        for (const r of rows) {
          const list = out.get(r.delivery_id) ?? [];
          list.push(toAttempt(r));
          out.set(r.delivery_id, list);
        }
      }
      return out;
    },

    onEnqueued(listener) {
      outboxSignal.on('enqueued', listener);
      return () => void outboxSignal.off('enqueued', listener);
    },

    signalEnqueued() {
      outboxSignal.emit('enqueued');
    },

    async listAttempts(orgId, deliveryId) {
      const rows = await db
        .selectFrom('webhook_attempts')
        .innerJoin('webhook_deliveries', 'webhook_deliveries.id', 'webhook_attempts.delivery_id')
        .selectAll('webhook_attempts')
        .where('webhook_deliveries.org_id', '=', orgId)
        .where('webhook_attempts.delivery_id', '=', deliveryId)
        .orderBy('webhook_attempts.attempted_at')
        .execute();
      return rows.map(toAttempt);
    },
  };
}
