/**
 * `client.context`: the sources, attributes, tags and comments of one object of any kind. Indicators use
 * their `/api/indicators/{id}/{sources|attributes|tags|comments}` routes; events, adversaries and attachments
 * read their context with `with=` and add to it with `PUT`, which is how the server takes it. Removing uses
 * `DELETE /api/{kind}/{id}/{list}/{entryId}` wherever the server has it (indicators; attachments' sources and
 * tags). Adding merges: a source, attribute or tag that is already there is not duplicated.
 * @module
 */
import type { TqContextKind, TqObjectAttribute, TqObjectComment, TqObjectKind, TqObjectSource, TqObjectTag } from '../../threatq-object-types.js';
import { OBJECT_KINDS, type TqObjectRef } from './relations.js';
import { dataOf, TqResource } from './tq-resource.js';

export const CONTEXT_KINDS: readonly TqContextKind[] = ['sources', 'attributes', 'tags', 'comments'];

/** What each context list holds. */
export interface TqContextItems {
  sources: TqObjectSource;
  attributes: TqObjectAttribute;
  tags: TqObjectTag;
  comments: TqObjectComment;
}

/** What each context list takes when adding. */
export interface TqContextAdd {
  sources: string | { name: string; tlp?: string | { name: string }; published_at?: string };
  attributes: { name: string; value: string; sources?: { name: string }[] };
  tags: string | { name: string };
  comments: string | { value: string; sources?: { name: string }[] };
}

/** Kinds whose context is read and added through the object itself (`with=` and `PUT`). */
const THROUGH_OBJECT: ReadonlySet<TqObjectKind> = new Set(['events', 'adversaries', 'attachments']);

/**
 * ```ts
 * const ref = { kind: 'events', id: 7 } as const;
 * await tq.context.add(ref, 'tags', ['phishing']);
 * const tags = await tq.context.list(ref, 'tags'); // [{ id, name: 'phishing', pivot }]
 * await tq.context.remove({ kind: 'indicators', id: 42 }, 'tags', tags[0].pivot.id);
 * ```
 */
export class ContextResource extends TqResource {
  #base(ref: TqObjectRef, what: TqContextKind): string {
    if (!ref || !OBJECT_KINDS.includes(ref.kind)) throw new TypeError(`kind must be one of ${OBJECT_KINDS.join(', ')}`);
    if (!CONTEXT_KINDS.includes(what)) throw new TypeError(`the context list must be one of ${CONTEXT_KINDS.join(', ')}`);
    return `/api/${ref.kind}/${this.intId(ref.id)}`;
  }

  /**
   * One context list of an object.
   *
   * @throws {NotFoundError} for an unknown object or another organization's.
   *
   * ```ts
   * const sources = await tq.context.list({ kind: 'indicators', id: 42 }, 'sources');
   * ```
   */
  async list<K extends TqContextKind>(ref: TqObjectRef, what: K, options: { signal?: AbortSignal } = {}): Promise<TqContextItems[K][]> {
    const base = this.#base(ref, what);
    if (THROUGH_OBJECT.has(ref.kind)) {
      const body = await this.call<{ data: Record<string, unknown> }>('GET', base, { with: what }, undefined, options.signal);
      return (body.data[what] as TqContextItems[K][] | undefined) ?? [];
    }
    return dataOf(await this.call('GET', `${base}/${what}`, undefined, undefined, options.signal));
  }

  /**
   * Adds to a context list and answers the whole list afterwards.
   *
   * @throws {BadRequestError} naming the item that is malformed (nothing is added then).
   *
   * ```ts
   * await tq.context.add({ kind: 'adversaries', id: 3 }, 'attributes', [{ name: 'Motivation', value: 'espionage' }]);
   * await tq.context.add({ kind: 'indicators', id: 42 }, 'comments', ['seen in the phishing wave']);
   * ```
   */
  async add<K extends TqContextKind>(ref: TqObjectRef, what: K, items: readonly TqContextAdd[K][], options: { signal?: AbortSignal } = {}): Promise<TqContextItems[K][]> {
    const base = this.#base(ref, what);
    if (!Array.isArray(items) || items.length === 0) throw new RangeError('give at least one item to add');
    if (THROUGH_OBJECT.has(ref.kind)) {
      const body = await this.call<{ data: Record<string, unknown> }>('PUT', base, { with: what }, { [what]: items }, options.signal);
      return (body.data[what] as TqContextItems[K][] | undefined) ?? [];
    }
    if (what === 'comments') {
      // The comment route takes one comment per request.
      for (const item of items as TqContextAdd['comments'][]) {
        await this.call('POST', `${base}/comments`, undefined, typeof item === 'string' ? { value: item } : item, options.signal);
      }
      return this.list(ref, what, options);
    }
    return dataOf(await this.call('POST', `${base}/${what}`, undefined, items, options.signal));
  }

  /**
   * Removes one entry by the id its list shows: `pivot.id` for sources and tags, the attribute's or the
   * comment's `id`.
   *
   * @throws {NotFoundError} when the object has no such entry.
   *
   * ```ts
   * await tq.context.remove({ kind: 'indicators', id: 42 }, 'attributes', attribute.id);
   * ```
   */
  async remove(ref: TqObjectRef, what: TqContextKind, entryId: number, options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.call('DELETE', `${this.#base(ref, what)}/${what}/${this.intId(entryId, 'entryId')}`, undefined, undefined, options.signal);
  }

  /**
   * Changes the value of one attribute.
   *
   * ```ts
   * await tq.context.updateAttribute({ kind: 'indicators', id: 42 }, attribute.id, 'high');
   * ```
   */
  async updateAttribute(ref: TqObjectRef, attributeId: number, value: string, options: { signal?: AbortSignal } = {}): Promise<TqObjectAttribute> {
    const path = `${this.#base(ref, 'attributes')}/attributes/${this.intId(attributeId, 'attributeId')}`;
    return (await this.call<{ data: TqObjectAttribute }>('PUT', path, undefined, { value }, options.signal)).data;
  }
}
