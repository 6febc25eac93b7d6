/**
 * Matching the rows a multi-row upsert returned to the items that produced them.
 * @module
 */

/** What identifies an indicator row and the item it came from. */
export interface TypedValue {
  typeId: number;
  value: string;
}

/** The key an indicator is upserted on within one organization: its type and normalized value. */
export const typedValueKey = (r: TypedValue): string => `${r.typeId}\u0000${r.value}`;

/**
 * Puts `rows` (returned for `items[positions[0]]`, `items[positions[1]]`, …) at their items' positions in
 * `out`. Both databases return a multi-row INSERT's rows in VALUES order, and that is checked row by row;
 * should it ever not hold, rows are matched by type and value instead.
 * ```ts
 * placeInInputOrder(rows, [0, 2], items, out); // out[0], out[2] are set
 * ```
 */
export function placeInInputOrder<R extends TypedValue>(rows: readonly R[], positions: readonly number[], items: readonly TypedValue[], out: R[]): void {
  const same = (row: R, k: number) => row.typeId === items[positions[k]!]!.typeId && row.value === items[positions[k]!]!.value;
  if (rows.length === positions.length && rows.every(same)) {
    rows.forEach((row, k) => (out[positions[k]!] = row));
    return;
  }
  const byKey = new Map(rows.map((row) => [typedValueKey(row), row]));
  for (const i of positions) {
    const row = byKey.get(typedValueKey(items[i]!));
    if (row === undefined) throw new Error(`the upsert returned no row for item ${i}`);
    out[i] = row;
  }
}
