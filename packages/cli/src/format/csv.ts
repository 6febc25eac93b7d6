/**
 * CSV rows written the way Python's `csv` module writes them (QUOTE_MINIMAL), byte for byte, because the
 * Threat Stack scripts' files are compared with ours. `csv.writer` ends rows with CRLF; pandas `to_csv`
 * with `\n`. A CSV library would quote differently in the corners (empty single fields, `\r`).
 * @module
 */

export const CRLF = '\r\n';
export const LF = '\n';

/** One field: quoted only when it holds a comma, a quote, CR or LF; quotes are doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * One row with its line terminator. Like Python, a row of a single empty field is written `""`.
 * ```ts
 * csvRow(['a', 'b,c']); // 'a,"b,c"\r\n'
 * ```
 */
export function csvRow(values: readonly string[], lineTerminator: string = CRLF): string {
  if (values.length === 1 && values[0] === '') return `""${lineTerminator}`;
  return values.map(csvField).join(',') + lineTerminator;
}

/**
 * Parses CSV text (quoted fields may hold commas, quotes and newlines) into rows; used to resume an
 * export into an existing file.
 * ```ts
 * parseCsv('a,"b,c"\n1,2\n'); // [['a', 'b,c'], ['1', '2']]
 * ```
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else field += ch;
      i++;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else field += ch;
    i++;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
