/**
 * Aligned plain-text tables for people: one line per item, long cells shortened.
 * @module
 */

/** A column: a field name, or a header with a function picking the value. */
export type Column = string | { header: string; value: (item: any) => unknown };

const MAX_CELL = 60;

/** A cell as people read it: arrays joined, objects as JSON, null as empty. */
export function displayCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null)) return v.join(',');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v).replace(/[\r\n\t]+/g, ' ');
}

const shorten = (s: string) => (s.length > MAX_CELL ? s.slice(0, MAX_CELL - 1) + '…' : s);

export const headerOf = (c: Column) => (typeof c === 'string' ? c : c.header);
export const valueOf = (c: Column, item: any): unknown => (typeof c === 'string' ? item?.[c] : c.value(item));

/**
 * ```ts
 * renderTable([{ id: 'a', status: 'online' }], ['id', 'status']); // "ID  STATUS\na   online\n"
 * ```
 */
export function renderTable(items: readonly unknown[], columns: readonly Column[]): string {
  const rows = items.map((item) => columns.map((c) => shorten(displayCell(valueOf(c, item)))));
  const headers = columns.map((c) => headerOf(c).toUpperCase());
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd() + '\n';
  return line(headers) + rows.map(line).join('');
}

/** An object as `key  value` lines. */
export function renderRecord(item: Record<string, unknown>): string {
  const keys = Object.keys(item);
  const width = Math.max(0, ...keys.map((k) => k.length));
  return keys.map((k) => `${k.padEnd(width)}  ${displayCell(item[k])}`.trimEnd() + '\n').join('');
}
