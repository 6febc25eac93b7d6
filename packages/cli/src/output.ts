/**
 * Plain tables for people, JSON for scripts.
 * @module
 */

/**
 * Prints rows as an aligned table (or a JSON array with `json`).
 * ```ts
 * printRows([{ id: 'a', name: 'Acme' }], ['id', 'name']);
 * ```
 */
export function printRows(rows: object[], columns: string[], json = false, out: NodeJS.WritableStream = process.stdout): void {
  if (json) {
    out.write(JSON.stringify(rows, null, 2) + '\n');
    return;
  }
  const cell = (row: object, c: string) => {
    const v = (row as Record<string, unknown>)[c];
    return v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  };
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r, c).length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd() + '\n';
  out.write(line(columns.map((c) => c.toUpperCase())));
  for (const r of rows) out.write(line(columns.map((c) => cell(r, c))));
}
