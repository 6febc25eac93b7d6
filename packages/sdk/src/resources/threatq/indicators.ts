/**
 * `client.indicators`: ThreatQ indicators — list (offset pages as an async iterator), retrieve, create
 * (an upsert), consume (bulk, in chunks), update, delete, and the type and status vocabularies.
 * @module
 */
import { listPromise, type ListPromise } from '../../paging.js';
import type { TqIndicator, TqIndicatorInput, TqIndicatorPatch, TqIndicatorStatus, TqIndicatorType, TqList } from '../../threatq-types.js';
import { TqResource } from './tq-resource.js';

/** The server's limit per consume request (VIGIL_CONSUME_MAX_ITEMS default). */
export const CONSUME_CHUNK_SIZE = 2000;

/** Filters and paging of {@link IndicatorsResource.list}. */
export interface IndicatorListParams {
  /** matches the value as typed and normalized (`hxxp://evil[.]com` finds `http://evil.com`) */
  value?: string;
  type_id?: number;
  /** a type name, e.g. `"IP Address"` */
  type?: string;
  status_id?: number;
  status?: string;
  /** page size (default 50, at most 1000) */
  limit?: number;
  offset?: number;
  /** `id`, `value`, `type_id`, `status_id`, `score`, `created_at`, `updated_at`, `touched_at`; `-` for descending */
  sort?: string;
  /** related collections, e.g. `['sources', 'score', 'attributes']` */
  with?: readonly string[];
  signal?: AbortSignal;
}

/** Filters of the exports (as the list's, plus a page of at most 10,000 in id order). */
export interface ExportFilters {
  value?: string;
  type_id?: number;
  type?: string;
  status_id?: number;
  status?: string;
  limit?: number;
  offset?: number;
}

/** Options of {@link IndicatorsResource.consume}. */
export interface ConsumeOptions {
  /** indicators per request (1…2000, default 2000) */
  chunkSize?: number;
  /** called after each stored chunk with the running count */
  onChunk?: (progress: { chunk: number; stored: number }) => void;
  signal?: AbortSignal;
}

const withParam = (names: readonly string[] | undefined) => (names && names.length > 0 ? names.join(',') : undefined);

/**
 * ```ts
 * for await (const i of tq.indicators.list({ type: 'FQDN', with: ['sources'] })) console.log(i.value);
 * const [ip] = (await tq.indicators.create({ value: '80.85.158.121', type: 'IP Address', status: 'Review' })).data;
 * await tq.indicators.update(ip.id, { status: 'Active' });
 * ```
 */
export class IndicatorsResource extends TqResource {
  /**
   * Indicators page by page (`await` for the first page, `for await` for every indicator).
   *
   * ```ts
   * const page = await tq.indicators.list({ status: 'Active', limit: 100, sort: '-id' }); // page.raw.total
   * ```
   */
  list(params: IndicatorListParams = {}): ListPromise<TqIndicator> {
    const { signal, with: names, ...query } = params;
    return this.offsetPaged<TqIndicator>('/api/indicators', { ...query, with: withParam(names) }, signal);
  }

  /**
   * Search with ThreatQ's query body (`POST /api/indicators/query`), paged by `cursorMark`: stable while
   * indicators are added, unlike offsets. `await` for the first page, `for await` for every match.
   *
   * ```ts
   * const body = { criteria: { '+and': [{ type_name: 'FQDN' }, { value: { '+contains': 'evil' } }] } };
   * for await (const i of tq.indicators.query(body, { limit: 500, sort: 'id' })) console.log(i.value);
   * ```
   */
  query(
    body: { criteria?: unknown; filters?: unknown; fields?: readonly string[] } = {},
    options: { limit?: number; sort?: string; with?: readonly string[]; signal?: AbortSignal } = {},
  ): ListPromise<TqIndicator> {
    return listPromise<TqIndicator>(async (token) => {
      const cursorMark = token ?? '*';
      const query = { limit: options.limit, sort: options.sort, with: withParam(options.with), cursorMark };
      const raw: any = await this.call('POST', '/api/indicators/query', query, body, options.signal);
      const items: TqIndicator[] = Array.isArray(raw?.data) ? raw.data : [];
      const next = typeof raw?.nextCursorMark === 'string' ? raw.nextCursorMark : cursorMark;
      // ThreatQ's rule: paging ends when the cursor comes back unchanged.
      return { items, token: items.length > 0 && next !== cursorMark ? next : null, raw };
    });
  }

  /**
   * Extracts indicators from free text and stores them with a source (`POST /api/imports`).
   *
   * ```ts
   * const { data } = await tq.indicators.importText({ text: report, import_source: 'Analyst notes' });
   * console.log(data.found, data.created, data.existing);
   * ```
   */
  importText(
    input: { text: string; import_source?: string; status?: string; tags?: readonly string[] },
    options: { signal?: AbortSignal } = {},
  ): Promise<{ data: { found: number; created: number; existing: number; indicators: (TqIndicator & { import_result?: string })[] } }> {
    return this.call('POST', '/api/imports', undefined, input, options.signal);
  }

  /**
   * A STIX 2.1 bundle of the matching indicators (`GET /api/export/stix`, at most 10,000 per call).
   *
   * ```ts
   * const bundle = await tq.indicators.exportStix({ status: 'Active' }); // { type: 'bundle', objects: [...] }
   * ```
   */
  exportStix(filters: ExportFilters = {}, options: { signal?: AbortSignal } = {}): Promise<{ type: string; id: string; objects: any[] }> {
    return this.call('GET', '/api/export/stix', { ...filters }, undefined, options.signal);
  }

  /**
   * The matching indicators as CSV text (`GET /api/export/csv`).
   *
   * ```ts
   * writeFileSync('indicators.csv', await tq.indicators.exportCsv({ type: 'FQDN' }));
   * ```
   */
  async exportCsv(filters: ExportFilters = {}, options: { signal?: AbortSignal } = {}): Promise<string> {
    const body = await this.call<unknown>('GET', '/api/export/csv', { ...filters }, undefined, options.signal);
    return typeof body === 'string' ? body : '';
  }

  /**
   * One indicator.
   *
   * @throws {NotFoundError} for an unknown id or another organization's.
   *
   * ```ts
   * const indicator = await tq.indicators.retrieve(42, { with: ['score', 'sources'] });
   * ```
   */
  async retrieve(id: number, options: { with?: readonly string[]; signal?: AbortSignal } = {}): Promise<TqIndicator> {
    const body = await this.call<{ data: TqIndicator }>('GET', `/api/indicators/${this.intId(id)}`, { with: withParam(options.with) }, undefined, options.signal);
    return body.data;
  }

  /**
   * Creates one indicator or a few (at most 2,000); an indicator of the same type and normalized value is
   * merged, not duplicated. Answers the stored indicators.
   *
   * @throws {BadRequestError} naming the field, e.g. `Invalid value for body field value: not a valid IP Address`.
   *
   * ```ts
   * await tq.indicators.create([{ value: 'evil.example', type: 'FQDN', sources: [{ name: 'Feed' }] }]);
   * ```
   */
  create(input: TqIndicatorInput | TqIndicatorInput[], options: { with?: readonly string[]; signal?: AbortSignal } = {}): Promise<TqList<TqIndicator>> {
    return this.call('POST', '/api/indicators', { with: withParam(options.with) }, input, options.signal);
  }

  /**
   * Bulk load from any (async) iterable, sent in chunks of 2,000 (`POST /api/indicators/consume`); each
   * chunk is stored in one transaction. A refused chunk throws; the chunks before it stay stored
   * (`onChunk` tells how far it got), and upserting them again is harmless.
   *
   * ```ts
   * const { stored } = await tq.indicators.consume(readFeed(), { onChunk: (p) => console.log(p.stored) });
   * ```
   */
  async consume(items: Iterable<TqIndicatorInput> | AsyncIterable<TqIndicatorInput>, options: ConsumeOptions = {}): Promise<{ stored: number; chunks: number }> {
    const size = options.chunkSize ?? CONSUME_CHUNK_SIZE;
    if (!Number.isInteger(size) || size < 1 || size > CONSUME_CHUNK_SIZE) throw new RangeError(`chunkSize must be between 1 and ${CONSUME_CHUNK_SIZE}`);
    let stored = 0;
    let chunks = 0;
    let chunk: TqIndicatorInput[] = [];
    const flush = async () => {
      const body = await this.call<TqList<TqIndicator>>('POST', '/api/indicators/consume', undefined, chunk, options.signal);
      stored += body.total;
      chunks++;
      chunk = [];
      options.onChunk?.({ chunk: chunks, stored });
    };
    for await (const item of items) {
      chunk.push(item);
      if (chunk.length >= size) await flush();
    }
    if (chunk.length > 0) await flush();
    return { stored, chunks };
  }

  /**
   * Changes status, description, expires_at or last_detected_at.
   *
   * ```ts
   * await tq.indicators.update(42, { status: 'Whitelisted', description: 'our CDN' });
   * ```
   */
  async update(id: number, patch: TqIndicatorPatch, options: { with?: readonly string[]; signal?: AbortSignal } = {}): Promise<TqIndicator> {
    const body = await this.call<{ data: TqIndicator }>('PUT', `/api/indicators/${this.intId(id)}`, { with: withParam(options.with) }, patch, options.signal);
    return body.data;
  }

  /**
   * Deletes (hides) an indicator until it is reported again.
   *
   * ```ts
   * await tq.indicators.delete(42);
   * ```
   */
  async delete(id: number, options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.call('DELETE', `/api/indicators/${this.intId(id)}`, undefined, undefined, options.signal);
  }

  /**
   * ThreatQ's indicator types (`{id, name, class}`).
   *
   * ```ts
   * const types = await tq.indicators.types(); // [{ id: 1, name: 'ASN', class: 'network' }, …]
   * ```
   */
  async types(options: { signal?: AbortSignal } = {}): Promise<TqIndicatorType[]> {
    return dataOf(await this.call('GET', '/api/indicator/types', undefined, undefined, options.signal));
  }

  /**
   * The indicator statuses (Active, Expired, Indirect, Review, Whitelisted).
   *
   * ```ts
   * const statuses = await tq.indicators.statuses();
   * ```
   */
  async statuses(options: { signal?: AbortSignal } = {}): Promise<TqIndicatorStatus[]> {
    return dataOf(await this.call('GET', '/api/indicator/statuses', undefined, undefined, options.signal));
  }
}

function dataOf<T>(body: any): T[] {
  return Array.isArray(body?.data) ? body.data : Array.isArray(body) ? body : [];
}
