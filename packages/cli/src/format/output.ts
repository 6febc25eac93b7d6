/**
 * The one way `vigil` prints: results on stdout as `table` (people), `json` (exactly the API objects) or
 * `csv`; progress and messages on stderr; a failure as one message and its exit code.
 * @module
 */
import type { CliIo } from '../io.js';
import { reportError, type ReportContext } from '../client/report-error.js';
import { UsageError } from '../client/exit-codes.js';
import { CRLF, csvRow } from './csv.js';
import { createProgress, type Progress } from './progress.js';
import { displayCell, renderRecord, renderTable, type Column } from './table.js';

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

/**
 * ```ts
 * const output = new Output('table', io);
 * output.list(agents, ['id', 'hostname']);
 * ```
 */
export class Output {
  constructor(
    readonly format: Format,
    private readonly io: Pick<CliIo, 'stdout' | 'stderr' | 'setExitCode'>,
  ) {}

  /** A list: `columns` for the table; json and csv carry every field. */
  list(items: readonly unknown[], columns: readonly Column[]): void {
    if (this.format === 'json') return this.json(items);
    if (this.format === 'csv') {
      const fields = allFields(items);
      this.text(csvRow(fields, CRLF));
      for (const item of items) this.text(csvRow(fields.map((f) => csvCell((item as any)[f])), CRLF));
      return;
    }
    this.text(items.length === 0 ? '(none)\n' : renderTable(items, columns));
  }

  /** One object. */
  one(item: unknown): void {
    if (this.format === 'json') return this.json(item);
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      this.text(this.format === 'csv' ? csvRow([csvCell(item)], CRLF) : displayCell(item) + '\n');
      return;
    }
    if (this.format === 'csv') return this.list([item], []);
    this.text(renderRecord(item as Record<string, unknown>));
  }

  /** A confirmation for people (table only); json and csv print nothing when the API returned nothing. */
  note(text: string): void {
    if (this.format === 'table') this.text(text + '\n');
  }

  /** A result people read as `sentence` (table) and scripts as `value` (json, csv). */
  outcome(value: unknown, sentence: string): void {
    if (this.format === 'table') this.text(sentence + '\n');
    else this.one(value);
  }

  json(value: unknown): void {
    this.text(JSON.stringify(value, null, 2) + '\n');
  }

  /** Text exactly as given (a file's content, YAML, the scripts' lines). */
  text(text: string | Uint8Array): void {
    this.io.stdout.write(text);
  }

  /** A line for people on stderr, so stdout stays the result. */
  inform(line: string): void {
    this.io.stderr.write(line + '\n');
  }

  /** A progress bar on stderr, shown only when stderr is a terminal so logs and pipes stay clean. */
  progress(label: string, enabled = true): Progress {
    return createProgress(this.io.stderr, label, { enabled });
  }

  /** Prints one clear message for `err` (never a secret) and sets its exit code. */
  fail(err: unknown, context: ReportContext = {}): void {
    reportFailure(this.io, err, context);
  }
}

/**
 * A failure before any output was chosen (a bad flag, missing credentials): one clear message on stderr
 * and its exit code.
 * ```ts
 * reportFailure(io, err, { secrets: [apiKey] });
 * ```
 */
export function reportFailure(io: Pick<CliIo, 'stderr' | 'setExitCode'>, err: unknown, context: ReportContext = {}): void {
  io.setExitCode(reportError(err, io.stderr, context));
}
