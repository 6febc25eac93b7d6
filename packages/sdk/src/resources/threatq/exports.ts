/**
 * `client.exports`: the matching indicators as a STIX 2.1 bundle (with related adversaries as
 * threat-actors) or as CSV; at most 10,000 per call, in id order (page with `offset`).
 * @module
 */
import { TqResource } from './tq-resource.js';
import type { ExportFilters } from './indicators.js';

/** A STIX 2.1 bundle. */
export interface StixBundle {
  type: string;
  id: string;
  objects: any[];
}

/**
 * ```ts
 * const bundle = await tq.exports.stix({ status: 'Active' });
 * writeFileSync('fqdn.csv', await tq.exports.csv({ type: 'FQDN' }));
 * ```
 */
export class ExportsResource extends TqResource {
  /**
   * A STIX 2.1 bundle of the matching indicators (`GET /api/export/stix`).
   *
   * ```ts
   * const { objects } = await tq.exports.stix({ type: 'IP Address', limit: 500 });
   * ```
   */
  stix(filters: ExportFilters = {}, options: { signal?: AbortSignal } = {}): Promise<StixBundle> {
    return this.call('GET', '/api/export/stix', { ...filters }, undefined, options.signal);
  }

  /**
   * The matching indicators as CSV text (`GET /api/export/csv`).
   *
   * ```ts
   * const csv = await tq.exports.csv({ status: 'Active' });
   * ```
   */
  async csv(filters: ExportFilters = {}, options: { signal?: AbortSignal } = {}): Promise<string> {
    const body = await this.call<unknown>('GET', '/api/export/csv', { ...filters }, undefined, options.signal);
    return typeof body === 'string' ? body : '';
  }
}
