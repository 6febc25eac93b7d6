/**
 * Sends the webhook outbox: claims due deliveries (a lease, so several processes can run it), sends each
 * one, records the attempt and schedules the next on {@link RETRY_DELAYS_MS} with ±10 % jitter. A 2xx
 * is success; 410 Gone disables the endpoint; an endpoint that has failed for {@link DISABLE_AFTER_MS}
 * is disabled and an audit record tells the organization's owners. At least once: a crash after the
 * send and before the record sends again, with the same `webhook-id`.
 * @module
 */
import type { Store, WebhookDelivery } from '@vigil/store';
import type { DeliverOptions, DeliveryResult } from '../webhooks/deliver.js';
import { sendAlert } from '../webhooks/send-alert.js';

/**
 * Delays before retry 1, 2, …: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (Svix's schedule; 8 attempts
 * over ≈ 27.6 h, so ≥ 24 h even with the jitter taken off).
 */
export const RETRY_DELAYS_MS: readonly number[] = [
  5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
];
/** an endpoint failing this long without a success is disabled */
export const DISABLE_AFTER_MS = 3 * 86_400_000;
const LEASE_MS = 60_000;
const BATCH = 20;

export interface WebhookWorker {
  /** sends every due delivery now; resolves to how many were attempted */
  tick(): Promise<number>;
  stop(): Promise<void>;
}

export interface WebhookWorkerOptions {
  store: Store;
  deliverOptions: DeliverOptions;
  /** base URL of the console, for links in payloads */
  consoleUrl: string;
  intervalMs?: number;
  retryDelaysMs?: readonly number[];
  onError?: (err: unknown) => void;
  now?: () => number;
  random?: () => number;
}

function isSuccess(r: DeliveryResult): boolean {
  return r.statusCode !== null && r.statusCode >= 200 && r.statusCode < 300;
}

/**
 * Starts the delivery loop (the timer does not keep the process alive).
 *
 * ```ts
 * const worker = startWebhookWorker({ store, deliverOptions: deliverOptionsFrom(config.webhooks), consoleUrl });
 * await worker.stop();
 * ```
 */
export function startWebhookWorker(options: WebhookWorkerOptions): WebhookWorker {
  const { store, deliverOptions, consoleUrl } = options;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const delays = options.retryDelaysMs ?? RETRY_DELAYS_MS;
  let running: Promise<number> | undefined;
  let stopped = false;

  async function disable(orgId: string, endpointId: string, url: string, reason: string, at: number) {
    await store.webhooks.setEnabled(orgId, endpointId, false, at, reason);
    // System records have no user; owners find them in the audit log.
    await store.auditLogs.record({
      orgId,
      userId: null,
      userEmail: null,
      result: 'success',
      crud: 'update',
      action: 'disable_webhook',
      source: 'system',
      description: `Webhook endpoint ${url} was disabled: ${reason}`,
      context: { webhookId: endpointId, reason },
    });
  }

  async function attempt(d: WebhookDelivery): Promise<void> {
    const at = now();
    const fail = (error: string) =>
      store.webhooks.recordAttempt(
        d.id,
        { attemptedAt: at, statusCode: null, latencyMs: 0, error, responseBody: null },
        { status: 'failed', nextAttemptAt: null },
      );
    const endpoint = await store.webhooks.getEndpointWithSecrets(d.orgId, d.endpointId);
    if (endpoint === undefined) return void (await fail('endpoint deleted'));
    if (!endpoint.enabled) return void (await fail('endpoint disabled'));
    const alert = await store.alerts.get(d.orgId, d.alertId);
    if (alert === undefined) return void (await fail('alert no longer exists'));

    const result = await sendAlert(store, endpoint, alert, d.id, deliverOptions, consoleUrl, at);
    const record = { attemptedAt: at, statusCode: result.statusCode, latencyMs: result.latencyMs, error: result.error, responseBody: result.body };
    if (isSuccess(result)) {
      await store.webhooks.recordAttempt(d.id, record, { status: 'succeeded', nextAttemptAt: null });
      if (endpoint.failingSince !== null) await store.webhooks.setFailingSince(d.orgId, d.endpointId, null);
      return;
    }
    if (result.statusCode === 410) {
      await store.webhooks.recordAttempt(d.id, record, { status: 'failed', nextAttemptAt: null });
      await disable(d.orgId, d.endpointId, endpoint.url, 'the receiver answered 410 Gone', at);
      return;
    }
    const retry = d.attempts; // attempts made before this one = index of the next delay
    if (retry < delays.length) {
      const jitter = 0.9 + 0.2 * random();
      await store.webhooks.recordAttempt(d.id, record, { status: 'pending', nextAttemptAt: at + Math.round(delays[retry]! * jitter) });
    } else {
      await store.webhooks.recordAttempt(d.id, record, { status: 'failed', nextAttemptAt: null });
    }
    if (endpoint.failingSince === null) await store.webhooks.setFailingSince(d.orgId, d.endpointId, at);
    else if (at - endpoint.failingSince >= DISABLE_AFTER_MS) {
      await disable(d.orgId, d.endpointId, endpoint.url, 'every delivery failed for 3 days', at);
    }
  }

  async function pass(): Promise<number> {
    let total = 0;
    for (;;) {
      const due = await store.webhooks.claimDue(now(), BATCH, LEASE_MS);
      // One endpoint's slow receiver must not hold the others: a batch is sent concurrently.
      const results = await Promise.allSettled(due.map(attempt));
      for (const r of results) if (r.status === 'rejected') options.onError?.(r.reason);
      total += due.length;
      if (due.length < BATCH || stopped) return total;
    }
  }

  const tick = () => {
    running ??= pass().finally(() => {
      running = undefined;
    });
    return running;
  };

  const timer = setInterval(() => {
    if (!stopped) tick().catch((err: unknown) => options.onError?.(err));
  }, options.intervalMs ?? 1000);
  timer.unref();

  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => {});
    },
  };
}
