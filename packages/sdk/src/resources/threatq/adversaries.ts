/**
 * `client.adversaries`: ThreatQ adversaries — list (offset pages as an async iterator), retrieve, create
 * (an upsert by name, ignoring case), update and delete.
 * @module
 */
import type { ListPromise } from '../../paging.js';
import type { TqAdversary, TqAdversaryInput, TqAdversaryPatch } from '../../threatq-object-types.js';
import type { TqList } from '../../threatq-types.js';
import { TqResource, withParam } from './tq-resource.js';

/** Filters and paging of {@link AdversariesResource.list}. */
export interface AdversaryListParams {
  /** exact name, ignoring case */
  name?: string;
  /** page size (default 50, at most 1000) */
  limit?: number;
  offset?: number;
  /** `id`, `name`, `created_at`, `updated_at`; `-` for descending */
  sort?: string;
  /** `sources`, `attributes`, `tags`, `comments`, `indicators`, `events`, `adversaries`, `attachments` */
  with?: readonly string[];
  signal?: AbortSignal;
}

type Options = { with?: readonly string[]; signal?: AbortSignal };

/**
 * ```ts
 * const apt = await tq.adversaries.create({ name: 'APT 99', description: 'seen in Q3' });
 * await tq.adversaries.update(apt.id, { tags: ['state'] });
 * ```
 */
export class AdversariesResource extends TqResource {
  /**
   * Adversaries page by page (`await` for the first page, `for await` for every adversary).
   *
   * ```ts
   * for await (const a of tq.adversaries.list({ sort: 'name' })) console.log(a.name);
   * ```
   */
  list(params: AdversaryListParams = {}): ListPromise<TqAdversary> {
    const { signal, with: names, ...query } = params;
    return this.offsetPaged<TqAdversary>('/api/adversaries', { ...query, with: withParam(names) }, signal);
  }

  /**
   * One adversary.
   *
   * @throws {NotFoundError} for an unknown id or another organization's.
   *
   * ```ts
   * const apt = await tq.adversaries.retrieve(3, { with: ['indicators', 'sources'] });
   * ```
   */
  async retrieve(id: number, options: Options = {}): Promise<TqAdversary> {
    const body = await this.call<{ data: TqAdversary }>('GET', `/api/adversaries/${this.intId(id)}`, { with: withParam(options.with) }, undefined, options.signal);
    return body.data;
  }

  /**
   * Creates one adversary (answers it) or several (answers `{total, data}`); a name that exists (ignoring
   * case) gets the context added instead of a duplicate.
   *
   * ```ts
   * const apt = await tq.adversaries.create({ name: 'APT 99', sources: [{ name: 'Vendor report' }] });
   * ```
   */
  create(input: TqAdversaryInput, options?: Options): Promise<TqAdversary>;
  create(inputs: TqAdversaryInput[], options?: Options): Promise<TqList<TqAdversary>>;
  async create(input: TqAdversaryInput | TqAdversaryInput[], options: Options = {}): Promise<TqAdversary | TqList<TqAdversary>> {
    const body = await this.call<any>('POST', '/api/adversaries', { with: withParam(options.with) }, input, options.signal);
    return Array.isArray(input) ? body : body.data;
  }

  /**
   * Renames or describes an adversary; sources, attributes, tags and comments given are added.
   *
   * @throws {ConflictError} when the new name belongs to another adversary.
   *
   * ```ts
   * await tq.adversaries.update(3, { name: 'APT 99 (renamed)', comments: ['merged with APT 98'] });
   * ```
   */
  async update(id: number, patch: TqAdversaryPatch, options: Options = {}): Promise<TqAdversary> {
    const body = await this.call<{ data: TqAdversary }>('PUT', `/api/adversaries/${this.intId(id)}`, { with: withParam(options.with) }, patch, options.signal);
    return body.data;
  }

  /**
   * Deletes an adversary with its context and relations.
   *
   * ```ts
   * await tq.adversaries.delete(3);
   * ```
   */
  async delete(id: number, options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.call('DELETE', `/api/adversaries/${this.intId(id)}`, undefined, undefined, options.signal);
  }
}
