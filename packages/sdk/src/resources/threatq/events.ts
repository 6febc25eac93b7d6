/**
 * `client.events`: ThreatQ events — list (offset pages as an async iterator), retrieve, create, update,
 * delete, and the event types (listed and, custom ones, created).
 * @module
 */
import type { ListPromise } from '../../paging.js';
import type { TqEvent, TqEventInput, TqEventPatch, TqEventType } from '../../threatq-object-types.js';
import type { TqList } from '../../threatq-types.js';
import { dataOf, TqResource, withParam } from './tq-resource.js';

/** Filters and paging of {@link EventsResource.list}. */
export interface EventListParams {
  /** an event type name (`"Malware"`) or id */
  type?: string | number;
  /** exact title */
  title?: string;
  /** page size (default 50, at most 1000) */
  limit?: number;
  offset?: number;
  /** `id`, `title`, `type_id`, `happened_at`, `created_at`, `updated_at`; `-` for descending */
  sort?: string;
  /** `type`, `sources`, `attributes`, `tags`, `comments`, `indicators`, `events`, `adversaries`, `attachments` */
  with?: readonly string[];
  signal?: AbortSignal;
}

type Options = { with?: readonly string[]; signal?: AbortSignal };

/**
 * ```ts
 * const event = await tq.events.create({ title: 'Phishing wave', type: 'Spearphish', tags: ['q3'] });
 * for await (const e of tq.events.list({ type: 'Spearphish' })) console.log(e.title);
 * ```
 */
export class EventsResource extends TqResource {
  /**
   * Events page by page (`await` for the first page, `for await` for every event).
   *
   * ```ts
   * const page = await tq.events.list({ sort: '-happened_at', limit: 20, with: ['type'] }); // page.raw.total
   * ```
   */
  list(params: EventListParams = {}): ListPromise<TqEvent> {
    const { signal, with: names, type, ...query } = params;
    const typeQuery = typeof type === 'number' || (typeof type === 'string' && /^\d+$/.test(type)) ? { type_id: Number(type) } : { type };
    return this.offsetPaged<TqEvent>('/api/events', { ...query, ...typeQuery, with: withParam(names) }, signal);
  }

  /**
   * One event.
   *
   * @throws {NotFoundError} for an unknown id or another organization's.
   *
   * ```ts
   * const event = await tq.events.retrieve(7, { with: ['type', 'sources', 'indicators'] });
   * ```
   */
  async retrieve(id: number, options: Options = {}): Promise<TqEvent> {
    const body = await this.call<{ data: TqEvent }>('GET', `/api/events/${this.intId(id)}`, { with: withParam(options.with) }, undefined, options.signal);
    return body.data;
  }

  /**
   * Creates one event (answers it) or several (answers `{total, data}`); every item is checked before any
   * is stored.
   *
   * @throws {BadRequestError} naming the field, e.g. `Invalid value for body field type: unknown event type`.
   *
   * ```ts
   * const e = await tq.events.create({ title: 'C2 beacon', type: 'Malware', happened_at: '2026-11-30 08:00:00' });
   * const { total } = await tq.events.create([{ title: 'a', type: 'Malware' }, { title: 'b', type: 'Incident' }]);
   * ```
   */
  create(input: TqEventInput, options?: Options): Promise<TqEvent>;
  create(inputs: TqEventInput[], options?: Options): Promise<TqList<TqEvent>>;
  async create(input: TqEventInput | TqEventInput[], options: Options = {}): Promise<TqEvent | TqList<TqEvent>> {
    const body = await this.call<any>('POST', '/api/events', { with: withParam(options.with) }, input, options.signal);
    return Array.isArray(input) ? body : body.data;
  }

  /**
   * Changes title, type, happened_at, description or published_at; sources, attributes, tags and comments
   * given are added.
   *
   * ```ts
   * await tq.events.update(7, { description: 'contained', tags: ['closed'] });
   * ```
   */
  async update(id: number, patch: TqEventPatch, options: Options = {}): Promise<TqEvent> {
    const body = await this.call<{ data: TqEvent }>('PUT', `/api/events/${this.intId(id)}`, { with: withParam(options.with) }, patch, options.signal);
    return body.data;
  }

  /**
   * Deletes an event with its context and relations.
   *
   * ```ts
   * await tq.events.delete(7);
   * ```
   */
  async delete(id: number, options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.call('DELETE', `/api/events/${this.intId(id)}`, undefined, undefined, options.signal);
  }

  /**
   * The event types (`{id, name}`): ThreatQ's 14, then the organization's custom ones.
   *
   * ```ts
   * const types = await tq.events.types(); // [{ id: 1, name: 'Spearphish' }, …]
   * ```
   */
  async types(options: { signal?: AbortSignal } = {}): Promise<TqEventType[]> {
    return dataOf(await this.call('GET', '/api/event/types', undefined, undefined, options.signal));
  }

  /**
   * Adds a custom event type to the organization (ids from 15).
   *
   * @throws {ConflictError} when the name is taken (ThreatQ's or a custom one, ignoring case).
   *
   * ```ts
   * const type = await tq.events.createType({ name: 'Tabletop exercise' });
   * await tq.events.create({ title: 'Q4 drill', type: type.name });
   * ```
   */
  async createType(input: { name: string }, options: { signal?: AbortSignal } = {}): Promise<TqEventType> {
    return (await this.call<{ data: TqEventType }>('POST', '/api/event/types', undefined, input, options.signal)).data;
  }
}
