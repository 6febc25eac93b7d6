/**
 * What `pandas.DataFrame(records).to_csv(path, index=False)` writes, for the scripts that use pandas
 * (alerts, rules, users): columns in order of first appearance, `\n` line ends, minimal quoting, `None`
 * and missing values empty, `True`/`False`, lists and dicts as Python `str()`, and integer columns with
 * gaps (or mixed with floats) written as floats (`3.0`), as pandas' dtype inference does.
 * @module
 */
import { csvRow, LF } from '../format/csv.js';
import { allFields } from '../format/output.js';
import { pyNumber, pyStr } from '../format/python-repr.js';

export type CellFormatter = (values: readonly unknown[]) => string[];

const missing = (v: unknown) => v === null || v === undefined;

/** A column's cells as pandas renders them. */
export function pandasColumn(values: readonly unknown[]): string[] {
  const present = values.filter((v) => !missing(v));
  const numeric = present.length > 0 && present.every((v) => typeof v === 'number');
  const asFloat = numeric && (present.length < values.length || present.some((v) => !Number.isInteger(v)));
  return values.map((v) => {
    if (missing(v)) return '';
    if (asFloat) return Number.isInteger(v) ? `${pyNumber(v as number)}.0` : pyNumber(v as number);
    return pyStr(v);
  });
}

/**
 * The header and rows; `columns` fixes the columns (else every field in order of appearance) and
 * `formatters` renders a column specially (e.g. datetimes).
 * ```ts
 * pandasCsv([{ a: 1, b: true }]); // 'a,b\n1,True\n'
 * ```
 */
export function pandasCsv(
  records: readonly Record<string, unknown>[],
  options: { columns?: readonly string[]; formatters?: Record<string, CellFormatter>; header?: boolean } = {},
): string {
  const columns = options.columns ?? allFields(records);
  const cells = columns.map((c) => (options.formatters?.[c] ?? pandasColumn)(records.map((r) => r[c])));
  let out = options.header === false ? '' : csvRow(columns, LF);
  for (let i = 0; i < records.length; i++) out += csvRow(columns.map((_, j) => cells[j]![i]!), LF);
  // pandas writes an empty frame as one empty line
  return out === '' && options.header !== false ? LF : out;
}

/**
 * A column of millisecond times as pandas writes a datetime64 column: `YYYY-MM-DD HH:MM:SS` plus `.fff`
 * when any value has milliseconds, or just the date when every value is midnight.
 */
export const pandasDatetimes: CellFormatter = (values) => {
  const ms = values.map((v) => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : undefined));
  const present = ms.filter((v): v is number => v !== undefined);
  const datesOnly = present.length > 0 && present.every((v) => v % 86_400_000 === 0);
  const showMs = present.some((v) => v % 1000 !== 0);
  return ms.map((v) => {
    if (v === undefined) return '';
    const iso = new Date(v).toISOString(); // 2024-05-01T12:00:00.123Z
    if (datesOnly) return iso.slice(0, 10);
    return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${showMs ? iso.slice(19, 23) : ''}`;
  });
};
