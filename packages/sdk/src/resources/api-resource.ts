/**
 * The base of every resource class: the three request shapes (one object, a list, a write) over the
 * client's {@link RequestSender}.
 * @module
 */
import type { RequestSender } from '../http/request-sender.js';
import type { QueryValue } from '../http/query.js';
import { listPromise, toPage, type ListPromise } from '../paging.js';

/**
 * Shared plumbing for resources (stripe-node's `StripeResource`).
 *
 * ```ts
 * class AgentsResource extends ApiResource {
 *   retrieve(id: string) { return this.get<Agent>(`/v2/agents/${this.id(id)}`); }
 * }
 * ```
 */
export abstract class ApiResource {
  readonly #sender: RequestSender;

  constructor(sender: RequestSender) {
    this.#sender = sender;
  }

  /**
   * Encodes an id for a path segment; an empty or non-string id is a caller bug (TypeError).
   *
   * ```ts
   * `/v2/agents/${this.id(agentId, 'agentId')}`
   * ```
   */
  protected id(value: string, name = 'id'): string {
    if (typeof value !== 'string' || value === '') throw new TypeError(`${name} must be a non-empty string`);
    return encodeURIComponent(value);
  }

  /**
   * GET one object.
   *
   * ```ts
   * return this.get<Agent>(`/v2/agents/${this.id(agentId)}`, undefined, signal);
   * ```
   */
  protected async get<T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal): Promise<T> {
    return (await this.#sender.send<T>({ method: 'GET', path, query, signal })).body;
  }

  /**
   * A write (POST, PUT, DELETE) with an optional JSON body.
   *
   * ```ts
   * return this.write<Ruleset>('POST', '/v2/rulesets', body, signal);
   * ```
   */
  protected async write<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    return (await this.#sender.send<T>({ method, path, body, signal })).body;
  }

  /**
   * A write whose body is bytes of another media type (a file upload).
   *
   * ```ts
   * return this.upload<Result>('PUT', '/v2/aws/ec2/imports', { bytes, contentType: 'text/csv' }, signal);
   * ```
   */
  protected async upload<T>(method: 'POST' | 'PUT', path: string, payload: { bytes: Buffer; contentType: string }, signal?: AbortSignal): Promise<T> {
    return (await this.#sender.send<T>({ method, path, payload, signal })).body;
  }

  /**
   * A token-paged GET whose items sit under `key`.
   *
   * ```ts
   * return this.paged<Agent>('/v2/agents', 'agents', { status: 'online' }, signal);
   * ```
   */
  protected paged<T>(path: string, key: string, query: Record<string, QueryValue> = {}, signal?: AbortSignal): ListPromise<T> {
    return listPromise<T>(async (token) => {
      const { body } = await this.#sender.send({ method: 'GET', path, query: { ...query, token }, signal });
      return toPage<T>(body, key);
    });
  }
}

/**
 * Splits `signal` off an options object, leaving only query parameters.
 *
 * ```ts
 * const [query, signal] = splitSignal({ status: 'online', signal: ac.signal });
 * ```
 */
export function splitSignal<T extends { signal?: AbortSignal }>(options: T | undefined): [Omit<T, 'signal'>, AbortSignal | undefined] {
  const { signal, ...rest } = options ?? ({} as T);
  return [rest, signal];
}
