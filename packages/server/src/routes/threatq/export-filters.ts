/**
 * The list filters of GET /api/indicators (value, type_id/type, status_id/status) for the export routes,
 * with a larger page: exports fetch up to `limit` indicators (default and maximum 10,000) from `offset`.
 * @module
 */
import { detectIndicatorType, indicatorStatus, indicatorType, normalizeIndicatorValue } from '@vigil/intel';
import type { Indicator, Store } from '@vigil/store';
import { Type } from 'typebox';
import { apiError } from '../../errors.js';

export const MAX_EXPORT = 10_000;
const PAGE = 1000;

export interface ExportQuery {
  value?: string;
  type_id?: number;
  type?: string;
  status_id?: number;
  status?: string;
  limit?: number;
  offset?: number;
}

export const ExportQuerySchema = Type.Object(
  {
    value: Type.Optional(Type.String({ maxLength: 8192, description: 'exact value; its normalized form matches too' })),
    type_id: Type.Optional(Type.Integer({ minimum: 1 })),
    type: Type.Optional(Type.String({ maxLength: 100, description: 'type name, e.g. FQDN' })),
    status_id: Type.Optional(Type.Integer({ minimum: 1 })),
    status: Type.Optional(Type.String({ maxLength: 100, description: 'status name, e.g. Active' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_EXPORT, description: `default and maximum ${MAX_EXPORT}` })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: true },
);

/**
 * The organization's indicators under the filters, in id order, and how many match in all.
 * ```ts
 * const { total, items } = await exportIndicators(store, orgId, request.query);
 * ```
 */
export async function exportIndicators(store: Store, orgId: string, q: ExportQuery): Promise<{ total: number; items: Indicator[] }> {
  let typeId = q.type_id;
  let typeName: string | undefined;
  if (typeId !== undefined || q.type !== undefined) {
    const type = indicatorType(typeId ?? q.type!);
    if (!type) throw apiError('VIGIL_INVALID_PARAMETER', `query parameter ${typeId !== undefined ? 'type_id' : 'type'}`, 'unknown indicator type (see GET /api/indicator/types)');
    typeId = type.id;
    typeName = type.name;
  }
  let statusId = q.status_id;
  if (statusId !== undefined || q.status !== undefined) {
    const status = indicatorStatus(statusId ?? q.status!);
    if (!status) throw apiError('VIGIL_INVALID_PARAMETER', `query parameter ${statusId !== undefined ? 'status_id' : 'status'}`, 'unknown indicator status (see GET /api/indicator/statuses)');
    statusId = status.id;
  }
  let values: string[] | undefined;
  if (q.value !== undefined) {
    const set = new Set([q.value]);
    const name = typeName ?? detectIndicatorType(q.value);
    const normalized = name ? normalizeIndicatorValue(name, q.value) : undefined;
    if (normalized?.ok) set.add(normalized.value);
    values = [...set];
  }
  const limit = Math.min(q.limit ?? MAX_EXPORT, MAX_EXPORT);
  const items: Indicator[] = [];
  let total = 0;
  for (let offset = q.offset ?? 0; items.length < limit; offset += PAGE) {
    const page = await store.indicators.list({ orgId, values, typeId, statusId, limit: Math.min(PAGE, limit - items.length), offset, sort: { field: 'id', desc: false } });
    total = page.total;
    items.push(...page.items);
    if (page.items.length === 0 || offset + page.items.length >= total) break;
  }
  return { total, items };
}
