/**
 * Webhook endpoints, deliveries and attempts as `/v2/integrations/webhooks` returns them.
 * @module
 */
import type { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from '@vigil/store';
import { formatTime } from '../http/time.js';

/** ```ts presentWebhookEndpoint(endpoint) // {id, url, description, minSeverity, format, enabled, …} ``` */
export function presentWebhookEndpoint(e: WebhookEndpoint) {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    minSeverity: e.minSeverity,
    rulesets: e.rulesets,
    sources: e.sources,
    format: e.format,
    enabled: e.enabled,
    disabledReason: e.disabledReason,
    failingSince: formatTime(e.failingSince),
    previousSecretExpiresAt: formatTime(e.previousSecretExpiresAt),
    createdAt: formatTime(e.createdAt),
    updatedAt: formatTime(e.updatedAt),
  };
}

/** ```ts presentWebhookAttempt(attempt) // {attemptedAt, statusCode, latencyMs, error, responseBody} ``` */
export function presentWebhookAttempt(a: WebhookAttempt) {
  return {
    attemptedAt: formatTime(a.attemptedAt),
    statusCode: a.statusCode,
    latencyMs: a.latencyMs,
    error: a.error,
    responseBody: a.responseBody,
  };
}

/** ```ts presentWebhookDelivery(delivery, attempts) // {id, alertId, test, status, attempts, nextAttemptAt, log: […]} ``` */
export function presentWebhookDelivery(d: WebhookDelivery, attempts: WebhookAttempt[]) {
  return {
    id: d.id,
    alertId: d.alertId,
    test: d.test,
    status: d.status,
    attempts: d.attempts,
    createdAt: formatTime(d.createdAt),
    lastAttemptAt: formatTime(d.lastAttemptAt),
    nextAttemptAt: formatTime(d.nextAttemptAt),
    log: attempts.map(presentWebhookAttempt),
  };
}
