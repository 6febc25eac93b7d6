/**
 * Builds, signs and sends one alert to one endpoint: what the delivery worker does per attempt and
 * what the "test" route does with a sample alert.
 * @module
 */
import type { Alert, Store, WebhookEndpointWithSecrets } from '@vigil/store';
import { deliver, type DeliverOptions, type DeliveryResult } from './deliver.js';
import { webhookPayload } from './payloads.js';
import { signedHeaders } from './sign.js';

/**
 * Sends `alert` to `endpoint` as message `messageId` (the Standard Webhooks id, same on every retry).
 *
 * ```ts
 * const result = await sendAlert(store, endpoint, alert, delivery.id, options, 'https://vigil.example.com');
 * ```
 */
export async function sendAlert(
  store: Store,
  endpoint: WebhookEndpointWithSecrets,
  alert: Alert,
  messageId: string,
  options: DeliverOptions,
  consoleUrl: string,
  now: number = Date.now(),
): Promise<DeliveryResult> {
  const org = await store.organizations.get(alert.orgId);
  const agent = alert.agentId === null ? undefined : await store.agents.get(alert.orgId, alert.agentId);
  const payload = webhookPayload(endpoint.format, alert, {
    organizationName: org?.name ?? '',
    host: agent?.hostname ?? null,
    consoleUrl,
  });
  const body = JSON.stringify(payload);
  // During a rotation's overlap both secrets sign, so receivers may switch at their own pace.
  const secrets = endpoint.previousSecret === null ? [endpoint.secret] : [endpoint.secret, endpoint.previousSecret];
  return deliver(endpoint.url, body, signedHeaders(secrets, messageId, body, now), options);
}
