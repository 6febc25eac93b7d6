/**
 * The base of the ThreatQ resources: one object, a write, and offset-paged lists over the client's {@link RequestSender}.
 * @module
 */
import type { QueryValue } from '../../http/query.js';
import type { ApiResponse, RequestSender, RequestSpec } from '../../http/request-sender.js';
import { listPromise, type ListPromise } from '../../paging.js';

export abstract class TqResource {
  readonly #sender: RequestSender;

  constructor(sender: RequestSender) {
    this.#sender = sender;
  }

  /** A positive integer id for a path segment; anything else is a caller bug (TypeError). */
  protected intId(value: number | string, name = 'id'): string {
    const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) throw new TypeError(`${name} must be a positive integer`);
    return String(n);
  }

  protected async call<T>(method: string, path: string, query?: Record<string, QueryValue>, body?: unknown, signal?: AbortSignal): Promise<T> {
    return (await this.#sender.send<T>({ method, path, query, body, signal })).body;
  }

  /** A call whose body is bytes as they are (multipart uploads), or whose answer is bytes (downloads). */
  protected exchange(spec: RequestSpec & { bytes?: false }): Promise<ApiResponse<any>>;
  protected exchange(spec: RequestSpec & { bytes: true }): Promise<ApiResponse<Buffer>>;
  protected exchange(spec: RequestSpec & { bytes?: boolean }): Promise<ApiResponse<any>> {
    const { bytes, ...rest } = spec;
    return bytes ? this.#sender.sendForBytes(rest) : this.#sender.send(rest);
  }

  /**
   * An offset-paged list (`{total, offset, limit, data}`) as a {@link ListPromise}: the page token is the
   * next offset. Offsets shift when indicators are added meanwhile; page a fixed `sort` for stable reads.
   */
  protected offsetPaged<T>(path: string, query: Record<string, QueryValue>, signal?: AbortSignal): ListPromise<T> {
    const start = Number(query.offset ?? 0);
    return listPromise<T>(async (token) => {
      const offset = token === undefined ? start : Number(token);
      const body: any = await this.call('GET', path, { ...query, offset }, undefined, signal);
      const items: T[] = Array.isArray(body?.data) ? body.data : [];
      const next = offset + items.length;
      const more = items.length > 0 && typeof body?.total === 'number' && next < body.total;
      return { items, token: more ? String(next) : null, raw: body };
    });
  }
}

/** The `with=` query value of a list of names. */
export const withParam = (names: readonly string[] | undefined): string | undefined => (names && names.length > 0 ? names.join(',') : undefined);

/** The `data` array of a `{total, data}` answer. */
export function dataOf<T>(body: any): T[] {
  return Array.isArray(body?.data) ? body.data : [];
}
