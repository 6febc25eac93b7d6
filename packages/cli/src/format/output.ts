/**
 * Prints what a client command got back as `table` (people), `json` (exactly the API objects) or `csv`.
 * @module
 */
import { CRLF, csvRow } from './csv.js';
import { displayCell, renderRecord, renderTable, type Column } from './table.js';
import { UsageError } from '../client/exit-codes.js';

export const FORMATS = ['table', 'json', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

/**
 * `--format`, or the default: `table` when stdout is a terminal, `json` when it is a pipe or file.
 */
export function chooseFormat(flag: string | undefined, stdout: { isTTY?: boolean }): Format {
  if (flag === undefined) return stdout.isTTY ? 'table' : 'json';
  if (!(FORMATS as readonly string[]).includes(flag)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${flag}")`);
  }
  return flag as Format;
}

/** The columns of a CSV of API objects: every top-level field, in order of first appearance. */
export function allFields(items: readonly unknown[]): string[] {
  const seen = new Set<string>();
  for (const item of items) if (item && typeof item === 'object') for (const k of Object.keys(item)) seen.add(k);
  return [...seen];
}

/** A CSV cell of an API value: scalars as text, arrays and objects as JSON. */
const csvCell = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

export class Output {
  constructor(
    readonly format: Format,
    private readonly out: NodeJS.WritableStream = process.stdout,
  ) {}

  /** A list: `columns` for the table; json and csv carry every field. */
  list(items: readonly unknown[], columns: readonly Column[]): void {
    if (this.format === 'json') return this.json(items);
    if (this.format === 'csv') {
      const fields = allFields(items);
      this.out.write(csvRow(fields, CRLF));
      for (const item of items) this.out.write(csvRow(fields.map((f) => csvCell((item as any)[f])), CRLF));
      return;
    }
    this.out.write(items.length === 0 ? '(none)\n' : renderTable(items, columns));
  }

  /** One object. */
  one(item: unknown): void {
    if (this.format === 'json') return this.json(item);
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      this.out.write(this.format === 'csv' ? csvRow([csvCell(item)], CRLF) : displayCell(item) + '\n');
      return;
    }
    if (this.format === 'csv') return this.list([item], []);
    this.out.write(renderRecord(item as Record<string, unknown>));
  }

  /** A confirmation for people (table only); json and csv print nothing when the API returned nothing. */
  note(text: string): void {
    if (this.format === 'table') this.out.write(text + '\n');
  }

  json(value: unknown): void {
    this.out.write(JSON.stringify(value, null, 2) + '\n');
  }
}
