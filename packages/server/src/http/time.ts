/**
 * ISO-8601 `from`/`until` parsing as Threat Stack clients send it: `yyyy-mm-dd`, `…Thh`, `…Thh:mm`,
 * `…Thh:mm:ss`, fractional seconds, and `Z` or an offset. A naive time is UTC (the API scripts send
 * `datetime.utcnow().isoformat()` without a zone).
 * @module
 */
import { apiError } from '../errors.js';

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Parses one timestamp to epoch ms, or returns undefined when it is not a valid ISO-8601 time.
 * ```ts
 * parseIsoTime('2024-03-01T12:30');        // 1709296200000
 * parseIsoTime('2024-03-01T12:30:00+02:00'); // 1709289000000
 * ```
 */
export function parseIsoTime(text: string): number | undefined {
  if (text.length > 40) return undefined;
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return undefined;
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  let t = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offH = Number(digits.slice(0, 2));
    const offM = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (offH > 23 || offM > 59) return undefined;
    t -= sign * (offH * 60 + offM) * 60_000;
  }
  return t;
}

/** Formats epoch ms as the API's time strings (`2024-03-01T12:30:00.000Z`). */
export function formatTime(ms: number): string;
export function formatTime(ms: number | null): string | null;
export function formatTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/**
 * Reads `from`/`until` query values into a range, rejecting bad formats and `until < from` with 400s
 * that name the parameter.
 * ```ts
 * const range = parseTimeRange(request.query); // {from?: number, until?: number}
 * ```
 */
export function parseTimeRange(query: { from?: string; until?: string }): { from?: number; until?: number } {
  const range: { from?: number; until?: number } = {};
  for (const name of ['from', 'until'] as const) {
    const raw = query[name];
    if (raw === undefined) continue;
    const t = parseIsoTime(raw);
    if (t === undefined) {
      throw apiError('VIGIL_INVALID_PARAMETER', name, `"${raw.slice(0, 64)}" is not an ISO-8601 date or time`);
    }
    range[name] = t;
  }
  if (range.from !== undefined && range.until !== undefined && range.until < range.from) {
    throw apiError('VIGIL_BAD_TIME_RANGE');
  }
  return range;
}
