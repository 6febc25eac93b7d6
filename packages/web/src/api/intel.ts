/**
 * The threat library's reads, through the ThreatQ-compatible API under /api (the same routes threatqsdk
 * and Demisto call; the session cookie authenticates them): indicator search, vocabularies (types,
 * statuses, event and attachment types) and the related objects of any threat object.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, must } from './client.js';
import type { paths } from './schema.gen.js';
import type { Json } from './types.js';

export type Indicator = Json<'/api/indicators', 'get'>['data'][number];
export type NewIndicator = Extract<paths['/api/indicators']['post']['requestBody']['content']['application/json'], unknown[]>[number];
export type ImportSummary = Extract<Created<'/api/imports'>['data'], { found: number }>;
type Created<P extends keyof paths> = paths[P] extends { post: { responses: { 201: { content: { 'application/json': infer B } } } } } ? B : never;

/** One named entry of a vocabulary (`with=type`, `with=status`, /api/indicator/types …). */
export interface Named {
  id: number;
  name: string;
  description?: string | null;
}

/**
 * What `with=` adds to an indicator. The OpenAPI document says only "with= adds type, status, score,
 * sources, attributes, tags" (additionalProperties), so their fields are named here, as the API answers them.
 */
export interface IndicatorWith extends Indicator {
  type?: Named;
  status?: Named;
  score?: { generated_score: string; manual_score: string | null } | null;
  sources?: Array<{ id: number; name: string; pivot?: { created_at?: string } }>;
  attributes?: Array<{ id: number; name: string; value: string; sources?: Array<{ name: string }> }>;
  tags?: Array<{ id: number; name: string }>;
}

/** ThreatQ's objects other than indicators, by their path segment under /api. */
export type ObjectKind = 'events' | 'adversaries' | 'attachments';
export type AnyKind = ObjectKind | 'indicators';

/** A related object as `GET /api/<kind>/<id>/<other>` answers it (name, title or value, by kind). */
export interface RelatedObject {
  id: number;
  name?: string;
  title?: string | null;
  value?: string;
  [key: string]: unknown;
}

/**
 * The score an analyst sees: the manual one when set, otherwise the generated one.
 * ```ts
 * scoreOf(indicator) // 5
 * ```
 */
export function scoreOf(indicator: IndicatorWith): number | null {
  const s = indicator.score;
  if (!s) return null;
  const n = Number(s.manual_score ?? s.generated_score);
  return Number.isFinite(n) ? n : null;
}

/** The indicator search's filters, as the URL holds them. */
export interface IndicatorSearch {
  value?: string;
  type?: string;
  status?: string;
  minScore?: number;
  sort?: string;
  offset: number;
}

export const PAGE_SIZE = 50;

/**
 * POST /api/indicators/query: the value contains the text, the type and status are names, the score is at
 * least minScore; sorted and paged by offset, with type, status and score inlined.
 * ```ts
 * const page = useIndicatorSearch({ value: 'example', minScore: 5, offset: 0 });
 * ```
 */
export function useIndicatorSearch(search: IndicatorSearch) {
  return useQuery({
    queryKey: ['intel-indicators', search],
    placeholderData: keepPreviousData,
    queryFn: async ({ signal }) => {
      const and: unknown[] = [];
      if (search.type) and.push({ type_name: search.type });
      if (search.status) and.push({ status_name: search.status });
      if (search.minScore !== undefined) and.push({ score: { '+gte': search.minScore } });
      const body = {
        ...(search.value ? { criteria: { value: { '+contains': search.value } } } : {}),
        ...(and.length > 0 ? { filters: { '+and': and } } : {}),
      };
      const query = { limit: PAGE_SIZE, offset: search.offset, with: 'type,status,score', ...(search.sort ? { sort: search.sort } : {}) };
      const page = must(await api.POST('/api/indicators/query', { params: { query }, body, signal }));
      return { total: page.total, indicators: page.data as IndicatorWith[] };
    },
  });
}

const VOCABULARY = { staleTime: 5 * 60_000 } as const;

/** GET /api/indicator/types (ThreatQ's 34 types). */
export function useIndicatorTypes() {
  return useQuery({ ...VOCABULARY, queryKey: ['intel-indicator-types'], queryFn: async ({ signal }) => must(await api.GET('/api/indicator/types', { signal })).data as Named[] });
}

/** GET /api/indicator/statuses (Active, Expired, Indirect, Review, Whitelisted). */
export function useIndicatorStatuses() {
  return useQuery({ ...VOCABULARY, queryKey: ['intel-indicator-statuses'], queryFn: async ({ signal }) => must(await api.GET('/api/indicator/statuses', { signal })).data as Named[] });
}

/** GET /api/attachments/types. */
export function useAttachmentTypes() {
  return useQuery({ ...VOCABULARY, queryKey: ['intel-attachment-types'], queryFn: async ({ signal }) => must(await api.GET('/api/attachments/types', { signal })).data as Named[] });
}

/**
 * The objects of one kind related to a threat object: `GET /api/<kind>/<id>/<other>` (first 100).
 * ```ts
 * const events = useRelated('indicators', 12, 'events');
 * ```
 */
export function useRelated(kind: AnyKind, id: number, other: AnyKind) {
  return useQuery({
    queryKey: ['intel-related', kind, id, other],
    queryFn: async ({ signal }) => {
      // Every relation route answers the same {total, data} shape; the path is built from the kinds, so it
      // is typed as one of them.
      const path = `/api/${kind}/{id}/${other}` as '/api/indicators/{id}/events';
      const page = must(await api.GET(path, { params: { path: { id }, query: { limit: 100 } }, signal }));
      return { total: page.total, items: page.data as RelatedObject[] };
    },
  });
}
