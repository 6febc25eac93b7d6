/**
 * CSV (RFC 4180) for indicator exports: CRLF line ends, fields quoted when they hold a comma, quote, CR or
 * LF, quotes doubled. A cell that a spreadsheet would run as a formula (starting with = + - @ tab or CR)
 * gets a leading apostrophe (OWASP "CSV injection").
 * @module
 */

const FORMULA = /^[=+\-@\t\r]/;

/** One field. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record with its CRLF. */
export function csvRow(fields: Array<string | number | null | undefined>): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}
