/**
 * `client.whitelist`: values and CIDR blocks that never alert. Matching indicators take status
 * Whitelisted; a CIDR block covers every IP inside it.
 * @module
 */
import type { TqWhitelistEntry } from '../../threatq-object-types.js';
import { TqResource } from './tq-resource.js';

/** One entry to add: a value (normalized for its type), or a CIDR block such as `10.0.0.0/8`. */
export interface WhitelistInput {
  value: string;
  /** the value's indicator type (default: what it looks like) */
  type?: string;
  note?: string;
}

/**
 * ```ts
 * await tq.whitelist.add([{ value: '10.0.0.0/8', note: 'internal' }, 'cdn.example']);
 * const { '10.1.2.3': listed } = await tq.whitelist.check(['10.1.2.3']);
 * ```
 */
export class WhitelistResource extends TqResource {
  /**
   * Every entry.
   *
   * ```ts
   * for (const e of await tq.whitelist.list()) console.log(e.kind, e.value);
   * ```
   */
  async list(options: { signal?: AbortSignal } = {}): Promise<TqWhitelistEntry[]> {
    return (await this.call<{ data: TqWhitelistEntry[] }>('GET', '/api/indicators/whitelist', undefined, undefined, options.signal)).data;
  }

  /**
   * Adds entries (at most 1,000); answers them and how many existing indicators became Whitelisted.
   *
   * @throws {BadRequestError} naming the entry whose value does not normalize.
   *
   * ```ts
   * const { data, whitelisted_indicators } = await tq.whitelist.add({ value: 'cdn.example', note: 'ours' });
   * ```
   */
  add(
    entries: WhitelistInput | string | readonly (WhitelistInput | string)[],
    options: { signal?: AbortSignal } = {},
  ): Promise<{ total: number; whitelisted_indicators: number; data: TqWhitelistEntry[] }> {
    return this.call('POST', '/api/indicators/whitelist', undefined, entries, options.signal);
  }

  /**
   * Whether each value is whitelisted (at most 1,000 values).
   *
   * ```ts
   * const result = await tq.whitelist.check(['10.1.2.3', 'evil.example']); // { '10.1.2.3': true, 'evil.example': false }
   * ```
   */
  async check(values: readonly string[], options: { signal?: AbortSignal } = {}): Promise<Record<string, boolean>> {
    return (await this.call<{ data: Record<string, boolean> }>('POST', '/api/indicators/whitelist/check', undefined, { values }, options.signal)).data;
  }

  /**
   * Removes an entry.
   *
   * ```ts
   * await tq.whitelist.remove(entry.id);
   * ```
   */
  async remove(id: number, options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.call('DELETE', `/api/indicators/whitelist/${this.intId(id)}`, undefined, undefined, options.signal);
  }
}
