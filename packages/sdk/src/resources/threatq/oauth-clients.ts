/**
 * `client.oauthClients`: the organization's OAuth clients (owners only).
 * @module
 */
import type { TqOAuthClient } from '../../threatq-types.js';
import { TqResource } from './tq-resource.js';

/**
 * ```ts
 * const { client_id, client_secret } = await tq.oauthClients.create({ name: 'Feed loader' }); // secret shown once
 * ```
 */
export class OAuthClientsResource extends TqResource {
  /**
   * Every client of the organization (never the secrets).
   *
   * ```ts
   * for (const c of await tq.oauthClients.list()) console.log(c.client_id, c.revoked_at);
   * ```
   */
  async list(options: { signal?: AbortSignal } = {}): Promise<TqOAuthClient[]> {
    const body = await this.call<{ data: TqOAuthClient[] }>('GET', '/api/oauth/clients', undefined, undefined, options.signal);
    return body.data;
  }

  /**
   * A new client; the answer holds `client_secret`, which cannot be read again.
   *
   * ```ts
   * const created = await tq.oauthClients.create({ name: 'SIEM' });
   * ```
   */
  async create(input: { name: string }, options: { signal?: AbortSignal } = {}): Promise<TqOAuthClient> {
    const body = await this.call<{ data: TqOAuthClient }>('POST', '/api/oauth/clients', undefined, input, options.signal);
    return body.data;
  }

  /**
   * Revokes a client and ends its tokens.
   *
   * ```ts
   * await tq.oauthClients.revoke(created.client_id);
   * ```
   */
  async revoke(clientId: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    if (typeof clientId !== 'string' || clientId === '') throw new TypeError('clientId must be a non-empty string');
    await this.call('DELETE', `/api/oauth/clients/${encodeURIComponent(clientId)}`, undefined, undefined, options.signal);
  }
}
