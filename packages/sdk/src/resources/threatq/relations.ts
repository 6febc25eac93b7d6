/**
 * `client.relations`: relations between indicators, events, adversaries and attachments. A relation has
 * no direction (linking A to B lists A under B too); each related object carries the relation's `pivot`.
 * @module
 */
import type { ListPromise } from '../../paging.js';
import type { TqObjectKind, TqPivot } from '../../threatq-object-types.js';
import { TqResource, withParam } from './tq-resource.js';

export const OBJECT_KINDS: readonly TqObjectKind[] = ['indicators', 'events', 'adversaries', 'attachments'];

/** An object at one end of a relation: its collection and id. */
export interface TqObjectRef {
  kind: TqObjectKind;
  id: number;
}

/** A related object (an indicator, event, adversary or attachment) with the relation's pivot. */
export type TqRelated = { id: number; pivot: TqPivot } & Record<string, any>;

/** The most ids one link or unlink request takes. */
export const MAX_RELATION_IDS = 1000;

/**
 * ```ts
 * await tq.relations.link({ kind: 'indicators', id: 42 }, 'adversaries', [3]);
 * for await (const a of tq.relations.list({ kind: 'indicators', id: 42 }, 'adversaries')) console.log(a.name, a.pivot.id);
 * await tq.relations.unlink({ kind: 'indicators', id: 42 }, 'adversaries', 3);
 * ```
 */
export class RelationsResource extends TqResource {
  #path(from: TqObjectRef, other: TqObjectKind): string {
    if (!from || !OBJECT_KINDS.includes(from.kind)) throw new TypeError(`kind must be one of ${OBJECT_KINDS.join(', ')}`);
    if (!OBJECT_KINDS.includes(other)) throw new TypeError(`the related kind must be one of ${OBJECT_KINDS.join(', ')}`);
    return `/api/${from.kind}/${this.intId(from.id)}/${other}`;
  }

  #ids(ids: readonly number[], name: string): number[] {
    const list = [...ids];
    if (list.length === 0 || list.length > MAX_RELATION_IDS) throw new RangeError(`give 1 to ${MAX_RELATION_IDS} ${name}s`);
    return list.map((id) => Number(this.intId(id, name)));
  }

  /**
   * The objects of kind `other` related to `from`, page by page.
   *
   * @throws {NotFoundError} when `from` is unknown or another organization's.
   *
   * ```ts
   * const page = await tq.relations.list({ kind: 'events', id: 7 }, 'indicators', { limit: 100, with: ['type'] });
   * ```
   */
  list(from: TqObjectRef, other: TqObjectKind, params: { limit?: number; offset?: number; with?: readonly string[]; signal?: AbortSignal } = {}): ListPromise<TqRelated> {
    const { signal, with: names, ...query } = params;
    return this.offsetPaged<TqRelated>(this.#path(from, other), { ...query, with: withParam(names) }, signal);
  }

  /**
   * Relates objects of kind `other` (by id) to `from`; already related ones keep their pivot. Answers the
   * related objects with their pivots.
   *
   * @throws {NotFoundError} when `from` or any id is unknown (nothing is linked then).
   *
   * ```ts
   * const linked = await tq.relations.link({ kind: 'adversaries', id: 3 }, 'indicators', [42, 43]);
   * ```
   */
  async link(from: TqObjectRef, other: TqObjectKind, ids: readonly number[], options: { signal?: AbortSignal } = {}): Promise<TqRelated[]> {
    const body = await this.call<{ data: TqRelated[] }>('POST', this.#path(from, other), undefined, this.#ids(ids, 'id'), options.signal);
    return body.data;
  }

  /**
   * Removes the relation between `from` and one object of kind `other`.
   *
   * @throws {NotFoundError} when they are not related.
   *
   * ```ts
   * await tq.relations.unlink({ kind: 'indicators', id: 42 }, 'events', 7);
   * ```
   */
  async unlink(from: TqObjectRef, other: TqObjectKind, otherId: number, options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.call('DELETE', `${this.#path(from, other)}/${this.intId(otherId, 'otherId')}`, undefined, undefined, options.signal);
  }

  /**
   * Removes relations by their pivot ids (as ThreatQ's Demisto integration does); a pivot that does not
   * relate `from` to a `other` makes the whole call a NotFoundError and removes nothing.
   *
   * ```ts
   * await tq.relations.unlinkPivots({ kind: 'indicators', id: 42 }, 'adversaries', [linked[0].pivot.id]);
   * ```
   */
  async unlinkPivots(from: TqObjectRef, other: TqObjectKind, pivotIds: readonly number[], options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.call('DELETE', this.#path(from, other), undefined, this.#ids(pivotIds, 'pivot id'), options.signal);
  }
}
