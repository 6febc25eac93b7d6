/**
 * `client.taxiiCollections`: the organization's TAXII 2.1 collections, each a saved search over
 * indicators (a type and/or a status) served read-only under `/taxii2/`. Every member lists them; owners
 * create and delete; owners and users open a collection to TAXII writes.
 * @module
 */
import type { TqTaxiiCollection } from '../../threatq-object-types.js';
import { TqResource } from './tq-resource.js';

/** A new collection: a title and, optionally, the indicator type and status it serves. */
export interface TaxiiCollectionInput {
  title: string;
  description?: string | null;
  /** an indicator type name (`"FQDN"`) or id */
  type?: string | number;
  /** an indicator status name (`"Active"`) or id */
  status?: string | number;
  /** accept TAXII writes (POST objects) from owners and users (default false) */
  can_write?: boolean;
}

/**
 * ```ts
 * const c = await tq.taxiiCollections.create({ title: 'Active FQDNs', type: 'FQDN', status: 'Active' });
 * console.log(c.url); // /taxii2/<org>/collections/<id>/
 * ```
 */
export class TaxiiCollectionsResource extends TqResource {
  /**
   * Every collection with its TAXII URL.
   *
   * ```ts
   * for (const c of await tq.taxiiCollections.list()) console.log(c.title, c.url);
   * ```
   */
  async list(options: { signal?: AbortSignal } = {}): Promise<TqTaxiiCollection[]> {
    return (await this.call<{ data: TqTaxiiCollection[] }>('GET', '/api/taxii/collections', undefined, undefined, options.signal)).data;
  }

  /**
   * Creates a collection (owners).
   *
   * @throws {BadRequestError} for an unknown type or status; {@link PermissionDeniedError} for non-owners.
   *
   * ```ts
   * await tq.taxiiCollections.create({ title: 'Everything active', status: 'Active' });
   * ```
   */
  async create(input: TaxiiCollectionInput, options: { signal?: AbortSignal } = {}): Promise<TqTaxiiCollection> {
    const { type, status, ...rest } = input;
    const body: Record<string, unknown> = { ...rest };
    if (type !== undefined) body[typeof type === 'number' ? 'type_id' : 'type'] = type;
    if (status !== undefined) body[typeof status === 'number' ? 'status_id' : 'status'] = status;
    return (await this.call<{ data: TqTaxiiCollection }>('POST', '/api/taxii/collections', undefined, body, options.signal)).data;
  }

  /**
   * Opens a collection to TAXII writes or closes it (owners and users).
   *
   * ```ts
   * await tq.taxiiCollections.update(c.id, { can_write: true });
   * ```
   */
  async update(id: string, patch: { can_write: boolean }, options: { signal?: AbortSignal } = {}): Promise<TqTaxiiCollection> {
    return (await this.call<{ data: TqTaxiiCollection }>('PATCH', `/api/taxii/collections/${this.#id(id)}`, undefined, patch, options.signal)).data;
  }

  /**
   * Deletes a collection (owners).
   *
   * ```ts
   * await tq.taxiiCollections.delete(c.id);
   * ```
   */
  async delete(id: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.call('DELETE', `/api/taxii/collections/${this.#id(id)}`, undefined, undefined, options.signal);
  }

  #id(id: string): string {
    if (typeof id !== 'string' || id === '') throw new TypeError('id must be a non-empty string');
    return encodeURIComponent(id);
  }
}
