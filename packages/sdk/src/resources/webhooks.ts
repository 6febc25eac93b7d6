/**
 * `client.webhooks`: `/v2/integrations/webhooks…` (endpoints, secrets, tests and the delivery log).
 * @module
 */
import type { ListPromise } from '../paging.js';
import type {
  CallOptions,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
  WebhookTestOutcome,
} from '../types.js';
import { ApiResource } from './api-resource.js';

/** Fields of an endpoint; on update, omitted fields are unchanged. */
export interface WebhookInput {
  /** https:// URL whose host resolves to public addresses (unless the server allows otherwise) */
  url: string;
  description?: string;
  /** send alerts of this severity or higher (1 = high only, 3 = all; default 3) */
  minSeverity?: 1 | 2 | 3;
  /** only alerts of these rulesets; null or [] = all */
  rulesets?: string[] | null;
  /** only alerts of rules of these types; null or [] = all */
  sources?: Array<'Host' | 'File' | 'ThreatIntel' | 'Vulnerability'> | null;
  format?: 'threatstack' | 'threatstack-flat' | 'slack' | 'full';
}

/** A new endpoint: as {@link WebhookInput}, and whether it starts enabled (default true). */
export interface WebhookCreateInput extends WebhookInput {
  enabled?: boolean;
}

/**
 * Webhook endpoints that receive alerts, signed per Standard Webhooks.
 *
 * ```ts
 * const { id, secret } = await client.webhooks.create({ url: 'https://siem.example.com/hook', minSeverity: 2 });
 * ```
 */
export class WebhooksResource extends ApiResource {
  /**
   * The endpoints (one page; the API does not page them).
   *
   * ```ts
   * const { items: hooks } = await client.webhooks.list();
   * ```
   */
  list(options: CallOptions = {}): ListPromise<WebhookEndpoint> {
    return this.paged<WebhookEndpoint>('/v2/integrations/webhooks', 'webhooks', {}, options.signal);
  }

  /**
   * Creates an endpoint; the answer carries the signing `secret`, shown only here and on rotation.
   *
   * ```ts
   * const hook = await client.webhooks.create({ url, format: 'slack', enabled: false });
   * ```
   */
  create(body: WebhookCreateInput, options: CallOptions = {}): Promise<WebhookEndpointWithSecret> {
    return this.write<WebhookEndpointWithSecret>('POST', '/v2/integrations/webhooks', body, options.signal);
  }

  /**
   * One endpoint (without its secret).
   *
   * ```ts
   * const hook = await client.webhooks.retrieve(id);
   * ```
   */
  retrieve(webhookId: string, options: CallOptions = {}): Promise<WebhookEndpoint> {
    return this.get<WebhookEndpoint>(this.#path(webhookId), undefined, options.signal);
  }

  /**
   * Changes the given fields.
   *
   * ```ts
   * await client.webhooks.update(id, { minSeverity: 1 });
   * ```
   */
  update(webhookId: string, body: Partial<WebhookInput>, options: CallOptions = {}): Promise<WebhookEndpoint> {
    return this.write<WebhookEndpoint>('PUT', this.#path(webhookId), body, options.signal);
  }

  /**
   * Deletes an endpoint and its delivery log.
   *
   * ```ts
   * await client.webhooks.delete(id);
   * ```
   */
  async delete(webhookId: string, options: CallOptions = {}): Promise<void> {
    await this.write('DELETE', this.#path(webhookId), undefined, options.signal);
  }

  /**
   * Enables an endpoint and clears its failure state.
   *
   * ```ts
   * await client.webhooks.enable(id);
   * ```
   */
  enable(webhookId: string, options: CallOptions = {}): Promise<WebhookEndpoint> {
    return this.write<WebhookEndpoint>('POST', `${this.#path(webhookId)}/enable`, undefined, options.signal);
  }

  /**
   * Disables an endpoint; nothing is sent to it until it is enabled again.
   *
   * ```ts
   * await client.webhooks.disable(id);
   * ```
   */
  disable(webhookId: string, options: CallOptions = {}): Promise<WebhookEndpoint> {
    return this.write<WebhookEndpoint>('POST', `${this.#path(webhookId)}/disable`, undefined, options.signal);
  }

  /**
   * Issues a new signing secret; the old one keeps signing alongside it for 24 hours.
   *
   * ```ts
   * const { secret } = await client.webhooks.rotateSecret(id);
   * ```
   */
  rotateSecret(webhookId: string, options: CallOptions = {}): Promise<WebhookEndpointWithSecret> {
    return this.write<WebhookEndpointWithSecret>('POST', `${this.#path(webhookId)}/rotate-secret`, undefined, options.signal);
  }

  /**
   * Sends a sample alert now and reports the receiver's answer (logged as a test delivery, never retried).
   *
   * ```ts
   * const { success, statusCode } = await client.webhooks.test(id);
   * ```
   */
  test(webhookId: string, options: CallOptions = {}): Promise<WebhookTestOutcome> {
    return this.write<WebhookTestOutcome>('POST', `${this.#path(webhookId)}/test`, undefined, options.signal);
  }

  /**
   * The delivery log of an endpoint, newest first, 100 per page, with every attempt.
   *
   * ```ts
   * for await (const d of client.webhooks.deliveries(id, { status: 'failed' })) console.log(d.id, d.log.at(-1)?.error);
   * ```
   */
  deliveries(webhookId: string, params: { status?: 'pending' | 'succeeded' | 'failed' } & CallOptions = {}): ListPromise<WebhookDelivery> {
    return this.paged<WebhookDelivery>(`${this.#path(webhookId)}/deliveries`, 'deliveries', { status: params.status }, params.signal);
  }

  /**
   * Sends a delivery again now (same webhook-id; the retry schedule restarts). Test sends cannot be
   * redelivered (BadRequestError).
   *
   * ```ts
   * const delivery = await client.webhooks.redeliver(deliveryId);
   * ```
   */
  redeliver(deliveryId: string, options: CallOptions = {}): Promise<WebhookDelivery> {
    return this.write<WebhookDelivery>(
      'POST',
      `/v2/integrations/webhooks/deliveries/${this.id(deliveryId, 'deliveryId')}/redeliver`,
      undefined,
      options.signal,
    );
  }

  #path(webhookId: string): string {
    return `/v2/integrations/webhooks/${this.id(webhookId, 'webhookId')}`;
  }
}
