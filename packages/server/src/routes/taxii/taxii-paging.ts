/**
 * TAXII 2.1 query parameters of objects and manifest requests (§3.4): `added_after`, `limit`, `next` and
 * `match[id|type|version|spec_version]`. Bad values are 400s.
 * @module
 */
import { parseStixTimestamp } from '@vigil/intel';
import type { TaxiiCursor } from '@vigil/store';
import { TaxiiError } from './taxii-errors.js';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

export interface TaxiiFilters {
  addedAfter?: number;
  limit: number;
  after?: TaxiiCursor;
  ids?: string[];
  types?: string[];
  /** 'first', 'last', 'all' or epoch ms of one version */
  versions: Array<'first' | 'last' | 'all' | number>;
  specVersions?: string[];
}

const bad = (parameter: string, reason: string) => new TaxiiError(400, 'Bad request', `Invalid ${parameter}: ${reason}`);

const list = (raw: unknown, parameter: string): string[] | undefined => {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw bad(parameter, 'give it once, as a comma-separated list');
  return raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
};

/** `next` is opaque to clients: the last row's updated_at and id. */
export function encodeNext(cursor: TaxiiCursor): string {
  return Buffer.from(`${cursor.updatedAt}.${cursor.id}`).toString('base64url');
}

function decodeNext(raw: string): TaxiiCursor {
  const m = /^(\d{1,16})\.(\d{1,16})$/.exec(Buffer.from(raw, 'base64url').toString('utf8'));
  if (!m) throw bad('next', 'not a value this server gave out');
  return { updatedAt: Number(m[1]), id: Number(m[2]) };
}

/**
 * Reads the query string.
 * ```ts
 * const filters = readTaxiiFilters(request.query as Record<string, unknown>);
 * ```
 */
export function readTaxiiFilters(query: Record<string, unknown>): TaxiiFilters {
  const filters: TaxiiFilters = { limit: DEFAULT_LIMIT, versions: ['last'] };
  if (query.added_after !== undefined) {
    const ms = parseStixTimestamp(query.added_after);
    if (ms === undefined) throw bad('added_after', 'must be an RFC 3339 UTC timestamp such as 2026-01-01T00:00:00.000Z');
    filters.addedAfter = ms;
  }
  if (query.limit !== undefined) {
    if (typeof query.limit !== 'string' || !/^-?\d+$/.test(query.limit)) throw bad('limit', 'must be an integer');
    const limit = Number(query.limit);
    if (limit <= 0) throw bad('limit', 'must be at least 1');
    filters.limit = Math.min(limit, MAX_LIMIT);
  }
  if (query.next !== undefined) {
    if (typeof query.next !== 'string' || query.next === '') throw bad('next', 'must be a string');
    filters.after = decodeNext(query.next);
  }
  filters.ids = list(query['match[id]'], 'match[id]');
  filters.types = list(query['match[type]'], 'match[type]');
  filters.specVersions = list(query['match[spec_version]'], 'match[spec_version]');
  const versions = list(query['match[version]'], 'match[version]');
  if (versions) {
    filters.versions = versions.map((v) => {
      if (v === 'first' || v === 'last' || v === 'all') return v;
      const ms = parseStixTimestamp(v);
      if (ms === undefined) throw bad('match[version]', 'must be first, last, all or a timestamp');
      return ms;
    });
  }
  return filters;
}
