/**
 * Sends the webhook outbox: claims due deliveries (a lease, so several processes can run it), sends each
 * one, records the attempt and schedules the next on {@link RETRY_DELAYS_MS} with ±10 % jitter. A 2xx
 * is success; 410 Gone disables the endpoint; an endpoint that has failed for {@link DISABLE_AFTER_MS}
 * is disabled and an audit record tells the organization's owners. At least once: a crash after the
 * send and before the record sends again (once the lease ends), with the same `webhook-id`.
 *
 * Throughput: up to `concurrency` sends in flight over keep-alive connections; claims are one statement
 * per batch; attempts are written by a group commit (one transaction for every attempt finished while the
 * previous one was being written). Latency: the outbox wakes the worker of its own process when an alert
 * transaction adds deliveries; other processes find them by polling.
 * @module
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Store, WebhookAttemptRecord, WebhookDelivery, WebhookEndpointWithSecrets } from '@vigil/store';
import type { DeliverOptions, DeliveryResult } from '../webhooks/deliver.js';
import { formatDuration } from '../webhooks/durations.js';
import { payloadLookups, sendAlert, type PayloadLookups } from '../webhooks/send-alert.js';

/**
 * Delays before retry 1, 2, …: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (Svix's schedule; 8 attempts
 * over ≈ 27.6 h, so ≥ 24 h even with the jitter taken off). VIGIL_WEBHOOK_RETRY_SCHEDULE replaces it.
 */
export const RETRY_DELAYS_MS: readonly number[] = [
  5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
];
/** an endpoint failing this long without a success is disabled (VIGIL_WEBHOOK_DISABLE_AFTER) */
export const DISABLE_AFTER_MS = 3 * 86_400_000;
/** a claimed delivery is someone else's to send again after this (VIGIL_WEBHOOK_LEASE); must exceed the send timeout */
export const LEASE_MS = 30_000;
/** sends in flight at once, over every endpoint */
export const CONCURRENCY = 128;
const CLAIM_BATCH = 200;
/**
 * After the outbox signals, look at these delays (ms): the signal comes from inside the alert's
 * transaction, so the first look may run before the commit makes the deliveries visible.
 */
const FOLLOW_UPS_MS = [0, 3, 10, 30, 100, 250];

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
  disableAfterMs?: number;
  leaseMs?: number;
  concurrency?: number;
  onError?: (err: unknown) => void;
  now?: () => number;
  random?: () => number;
}

function isSuccess(r: DeliveryResult): boolean {
  return r.statusCode !== null && r.statusCode >= 200 && r.statusCode < 300;
}

/** What one claimed batch shares: endpoints and payload lookups read once, endpoint updates made once. */
interface BatchContext {
  endpoints: Map<string, Promise<WebhookEndpointWithSecrets | undefined>>;
  lookups: PayloadLookups;
  touched: Set<string>;
}

/** Records are collected this long (or until {@link GROUP_MAX}) before a transaction writes them. */
const GROUP_WINDOW_MS = 5;
const GROUP_MAX = 200;

/**
 * Writes attempts by group commit: records finishing within a few milliseconds of each other, or while a
 * transaction is being written, go into one transaction (SQLite answers synchronously, so without the
 * window every record would get its own). `add` resolves once its record is committed.
 */
function attemptWriter(store: Store) {
  let queue: Array<{ record: WebhookAttemptRecord; resolve: () => void; reject: (err: unknown) => void }> = [];
  let writing = false;
  let timer: NodeJS.Timeout | undefined;
  async function drain() {
    clearTimeout(timer);
    timer = undefined;
    writing = true;
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      try {
        await store.webhooks.recordAttempts(batch.map((b) => b.record));
        for (const b of batch) b.resolve();
      } catch (err) {
        // Unrecorded deliveries stay leased and are sent again when the lease ends: at least once holds.
        for (const b of batch) b.reject(err);
      }
    }
    writing = false;
  }
  return {
    add(record: WebhookAttemptRecord): Promise<void> {
      return new Promise((resolve, reject) => {
        queue.push({ record, resolve, reject });
        if (writing) return;
        if (queue.length >= GROUP_MAX) void drain();
        else timer ??= setTimeout(() => void drain(), GROUP_WINDOW_MS);
      });
    },
  };
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
  const disableAfterMs = options.disableAfterMs ?? DISABLE_AFTER_MS;
  const leaseMs = options.leaseMs ?? LEASE_MS;
  const concurrency = Math.max(1, options.concurrency ?? CONCURRENCY);
  const minClaim = Math.max(1, Math.floor(concurrency / 4));
  const onError = (err: unknown) => options.onError?.(err);
  const writer = attemptWriter(store);
  let stopped = false;
  /** sends under way (each holds a slot) */
  let inFlight = 0;
  /** claimed deliveries whose attempt is not yet recorded */
  let unfinished = 0;
  let attempted = 0;
  /** the last claim filled every free slot, so more may be due as soon as a send finishes */
  let saturated = false;
  let driving: Promise<number> | undefined;
  let again = false;
  let redrive = false;
  let idleWaiters: Array<() => void> = [];

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

  function endpointOf(ctx: BatchContext, d: WebhookDelivery) {
    let endpoint = ctx.endpoints.get(d.endpointId);
    if (endpoint === undefined) {
      endpoint = store.webhooks.getEndpointWithSecrets(d.orgId, d.endpointId);
      ctx.endpoints.set(d.endpointId, endpoint);
    }
    return endpoint;
  }

  /** Once per endpoint and batch: a success ends a failure streak, a failure starts one or disables. */
  async function updateEndpoint(ctx: BatchContext, endpoint: WebhookEndpointWithSecrets, ok: boolean, at: number) {
    if (ctx.touched.has(endpoint.id)) return;
    if (ok) {
      if (endpoint.failingSince === null) return;
      ctx.touched.add(endpoint.id);
      await store.webhooks.setFailingSince(endpoint.orgId, endpoint.id, null);
      return;
    }
    ctx.touched.add(endpoint.id);
    if (endpoint.failingSince === null) await store.webhooks.setFailingSince(endpoint.orgId, endpoint.id, at);
    else if (at - endpoint.failingSince >= disableAfterMs) {
      await disable(endpoint.orgId, endpoint.id, endpoint.url, `every delivery failed for ${formatDuration(disableAfterMs)}`, at);
    }
  }

  /** Sends one delivery and records it; `sent` frees its slot as soon as the receiver has answered. */
  async function attempt(ctx: BatchContext, d: WebhookDelivery, sent: () => void): Promise<void> {
    const at = now();
    const fail = (error: string) =>
      writer.add({
        deliveryId: d.id,
        attempt: { attemptedAt: at, statusCode: null, latencyMs: 0, error, responseBody: null },
        outcome: { status: 'failed', nextAttemptAt: null },
      });
    const endpoint = await endpointOf(ctx, d);
    if (endpoint === undefined) return fail('endpoint deleted');
    if (!endpoint.enabled) return fail('endpoint disabled');
    const alert = await store.alerts.get(d.orgId, d.alertId);
    if (alert === undefined) return fail('alert no longer exists');

    const result = await sendAlert(store, endpoint, alert, d.id, deliverOptions, consoleUrl, at, ctx.lookups);
    // The delivery stays leased until its record commits, so a crash before that still sends it again.
    sent();
    const record = { attemptedAt: at, statusCode: result.statusCode, latencyMs: result.latencyMs, error: result.error, responseBody: result.body };
    if (isSuccess(result)) {
      await writer.add({ deliveryId: d.id, attempt: record, outcome: { status: 'succeeded', nextAttemptAt: null } });
      await updateEndpoint(ctx, endpoint, true, at);
      return;
    }
    if (result.statusCode === 410) {
      await writer.add({ deliveryId: d.id, attempt: record, outcome: { status: 'failed', nextAttemptAt: null } });
      if (!ctx.touched.has(endpoint.id)) {
        ctx.touched.add(endpoint.id);
        await disable(d.orgId, d.endpointId, endpoint.url, 'the receiver answered 410 Gone', at);
      }
      return;
    }
    const retry = d.attempts; // attempts made before this one = index of the next delay
    const outcome =
      retry < delays.length
        ? { status: 'pending' as const, nextAttemptAt: at + Math.round(delays[retry]! * (0.9 + 0.2 * random())) }
        : { status: 'failed' as const, nextAttemptAt: null };
    await writer.add({ deliveryId: d.id, attempt: record, outcome });
    await updateEndpoint(ctx, endpoint, false, at);
  }

  function checkIdle() {
    if (unfinished > 0 || driving !== undefined) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  }

  const idle = () =>
    new Promise<void>((resolve) => {
      idleWaiters.push(resolve);
      checkIdle();
    });

  function start(due: WebhookDelivery[]) {
    if (due.length === 0) return;
    const ctx: BatchContext = { endpoints: new Map(), lookups: payloadLookups(store), touched: new Set() };
    inFlight += due.length;
    unfinished += due.length;
    for (const d of due) {
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        inFlight--;
        attempted++;
        // Sends ending free slots: fill them if the last claim left due deliveries behind — once a
        // quarter of the slots are free (or all), so claims (and their lookups) come in batches.
        if (saturated && !stopped && !redrive && (concurrency - inFlight >= minClaim || inFlight === 0)) {
          redrive = true;
          setImmediate(() => {
            redrive = false;
            void drive();
          });
        }
      };
      attempt(ctx, d, release)
        .catch(onError)
        .finally(() => {
          release();
          unfinished--;
          checkIdle();
        });
    }
  }

  async function fill(): Promise<number> {
    let claimed = 0;
    saturated = false;
    while (!stopped) {
      const room = concurrency - inFlight;
      if (room <= 0) {
        saturated = true;
        break;
      }
      const want = Math.min(room, CLAIM_BATCH);
      const due = await store.webhooks.claimDue(now(), want, leaseMs);
      claimed += due.length;
      start(due);
      if (due.length < want) break;
    }
    return claimed;
  }

  /** Claims and starts sends until nothing is due or every slot is busy; resolves to how many it claimed. */
  function drive(): Promise<number> {
    if (driving !== undefined) {
      again = true;
      return driving;
    }
    driving = (async () => {
      let claimed = 0;
      do {
        again = false;
        claimed += await fill();
      } while (again && !stopped);
      return claimed;
    })()
      .catch((err: unknown) => {
        onError(err);
        return 0;
      })
      .finally(() => {
        driving = undefined;
        checkIdle();
      });
    return driving;
  }

  let signalled = false;
  let following = false;
  async function followUp() {
    signalled = true;
    if (following) return;
    following = true;
    try {
      while (signalled && !stopped) {
        signalled = false;
        for (const ms of FOLLOW_UPS_MS) {
          if (ms > 0) await sleep(ms, undefined, { ref: false });
          if (stopped) return;
          // A new signal restarts the sequence; otherwise stop at the first look that finds work.
          if ((await drive()) > 0 && !signalled) break;
        }
      }
    } finally {
      following = false;
    }
  }
  const unsubscribe = store.webhooks.onEnqueued(() => {
    if (!stopped) void followUp();
  });

  const timer = setInterval(() => {
    if (!stopped) void drive();
  }, options.intervalMs ?? 1000);
  timer.unref();

  return {
    async tick() {
      const before = attempted;
      for (;;) {
        const claimed = await drive();
        await idle();
        if (claimed === 0 || stopped) return attempted - before;
      }
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      unsubscribe();
      await idle();
    },
  };
}
