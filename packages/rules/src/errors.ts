/**
 * The one error type of the filter language. Rule saves turn it into a 400, so it always names where in
 * the filter the problem is.
 * @module
 */

/**
 * A filter that cannot be compiled: a syntax error, an unknown field, an operator or value that does not
 * fit the field's type, an invalid regular expression, or a filter over the size limits.
 *
 * `position` is the 0-based offset into the filter source; `line` and `column` are 1-based and count
 * UTF-16 code units, like `position`. The message ends with `at <position>`, then in parentheses the
 * line and column when the filter has several lines and a hint when there is one:
 * `unknown field "comand" at 12 (did you mean "command"?)`,
 * `unknown field "comand" at 40 (line 2, column 5; did you mean "command"?)`.
 *
 * ```ts
 * try { compileFilter(body.filter); }
 * catch (err) {
 *   if (err instanceof FilterError) return reply.code(400).send({ errors: [err.message] });
 *   throw err;
 * }
 * ```
 */
export class FilterError extends Error {
  readonly position: number;
  readonly line: number;
  readonly column: number;
  /** the message without the location and hint, e.g. `unknown field "comand"` */
  readonly reason: string;
  /** the suggestion shown in parentheses, e.g. `did you mean "command"?` */
  readonly hint: string | undefined;

  constructor(reason: string, source: string, position: number, hint?: string) {
    const at = Math.max(0, Math.min(position, source.length));
    const { line, column } = lineAndColumn(source, at);
    const notes = [...(line > 1 ? [`line ${line}, column ${column}`] : []), ...(hint === undefined ? [] : [hint])];
    super(`${reason} at ${at}${notes.length === 0 ? '' : ` (${notes.join('; ')})`}`);
    this.name = 'FilterError';
    this.reason = reason;
    this.hint = hint;
    this.position = at;
    this.line = line;
    this.column = column;
  }
}

/** 1-based line and column of a 0-based offset; `\r\n`, `\n` and `\r` all end a line. */
function lineAndColumn(source: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < position; i++) {
    const c = source.charCodeAt(i);
    if (c === 10 || (c === 13 && source.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: position - lineStart + 1 };
}
