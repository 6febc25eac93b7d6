/**
 * Builds, signs and sends one alert to one endpoint: what the delivery worker does per attempt and
 * what the "test" route does with a sample alert.
 * @module
 */
import type { Alert, Store, WebhookEndpointWithSecrets } from '@vigil/store';
import { deliver, type DeliverOptions, type DeliveryResult } from './deliver.js';
import { webhookPayload } from './payloads.js';
import { signedHeaders } from './sign.js';

/** Organization names and agent hostnames for payloads, each read once per lookup object. */
export interface PayloadLookups {
  organizationName(orgId: string): Promise<string>;
  host(orgId: string, agentId: string | null): Promise<string | null>;
}

/**
 * Memoizing lookups; the worker makes one per claimed batch, so a batch of 200 alerts of one
 * organization reads its name once.
 *
 * ```ts
 * const lookups = payloadLookups(store);
 * await lookups.organizationName(orgId);
 * ```
 */
export function payloadLookups(store: Store): PayloadLookups {
  const orgs = new Map<string, Promise<string>>();
  const hosts = new Map<string, Promise<string | null>>();
  return {
    organizationName(orgId) {
      let name = orgs.get(orgId);
      if (name === undefined) {
        name = store.organizations.get(orgId).then((org) => org?.name ?? '');
        orgs.set(orgId, name);
      }
      return name;
    },
    host(orgId, agentId) {
      if (agentId === null) return Promise.resolve(null);
      const key = `${orgId}\0${agentId}`;
      let host = hosts.get(key);
      if (host === undefined) {
        host = store.agents.get(orgId, agentId).then((agent) => agent?.hostname ?? null);
        hosts.set(key, host);
      }
      return host;
    },
  };
}

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
  lookups: PayloadLookups = payloadLookups(store),
): Promise<DeliveryResult> {
  const payload = webhookPayload(endpoint.format, alert, {
    organizationName: await lookups.organizationName(alert.orgId),
    host: await lookups.host(alert.orgId, alert.agentId),
    consoleUrl,
  });
  const body = JSON.stringify(payload);
  // During a rotation's overlap both secrets sign, so receivers may switch at their own pace.
  const secrets = endpoint.previousSecret === null ? [endpoint.secret] : [endpoint.secret, endpoint.previousSecret];
  return deliver(endpoint.url, body, signedHeaders(secrets, messageId, body, now), options);
}
