/**
 * Recursive-descent parser of the filter language. Precedence from loosest to tightest: `or`, `and`,
 * `not`, then a parenthesised expression or one comparison. Field names are resolved here so an unknown
 * field is reported where it is written.
 * @module
 */
import type { Comparison, ComparisonOperator, FilterNode, Literal } from './ast.js';
import type { FieldSpec } from './fields.js';
import type { Token } from './tokenizer.js';
import { FilterError } from './errors.js';
import { MAX_FILTER_LENGTH, MAX_NESTING_DEPTH } from './limits.js';
import { suggest } from './suggest.js';
import { lexAt } from './tokenizer.js';

const WORD_OPERATORS: Readonly<Record<string, ComparisonOperator>> = Object.assign(
  Object.create(null) as Record<string, ComparisonOperator>,
  { in: 'in', starts_with: 'starts_with', ends_with: 'ends_with', contains: 'contains', like: 'like', matches: 'matches' },
);

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'null', 'true', 'false', ...Object.keys(WORD_OPERATORS)]);

// Operators from other languages, answered with the spelling this one uses.
const OPERATOR_HINTS: Readonly<Record<string, string>> = Object.assign(Object.create(null) as Record<string, string>, {
  startswith: 'did you mean "starts_with"?',
  beginswith: 'did you mean "starts_with"?',
  begins_with: 'did you mean "starts_with"?',
  endswith: 'did you mean "ends_with"?',
  regex: 'did you mean "matches"?',
  rlike: 'did you mean "matches"?',
  regexp: 'did you mean "matches"?',
  match: 'did you mean "matches"?',
  ilike: 'LIKE is case-sensitive; use matches "(?i)…" to ignore case',
  icontains: 'use matches "(?i)…" to ignore case',
  is: 'use "= null" or "!= null"',
  exists: 'use "!= null"',
  pmatch: 'use starts_with',
  glob: 'use like with % and _',
  intersects: 'use in (…); array fields match when any element is in the list',
});

const OPERATOR_LIST = '=, !=, <, <=, >, >=, in, not in, starts_with, ends_with, contains, like, matches';

/**
 * Parses a filter into a syntax tree, resolving field names against `fields`.
 * Throws `FilterError` for syntax errors, unknown fields and inputs over the size limits.
 *
 * ```ts
 * parseFilter('user = "root" and not tty = null', EVENT_FIELDS).kind; // 'and'
 * ```
 */
export function parseFilter(source: string, fields: Readonly<Record<string, FieldSpec>>): FilterNode {
  return new Parser(source, fields).parse();
}

class Parser {
  private pos = 0;
  private depth = 0;
  private peeked: { token: Token; value: boolean; at: number } | undefined;

  constructor(
    private readonly source: string,
    private readonly fields: Readonly<Record<string, FieldSpec>>,
  ) {}

  parse(): FilterNode {
    if (this.source.length > MAX_FILTER_LENGTH) {
      throw this.error(`filter is ${this.source.length} characters long; the maximum is ${MAX_FILTER_LENGTH}`, MAX_FILTER_LENGTH);
    }
    if (this.peek().kind === 'end') throw this.error('empty filter', this.peek().start);
    const node = this.parseOr();
    const rest = this.peek();
    if (rest.kind !== 'end') {
      const hint = rest.kind === ')' ? 'no "(" is open here' : rest.kind === 'word' || rest.kind === 'string' ? 'missing "and" or "or"?' : undefined;
      throw this.error(`unexpected ${describe(rest)} after a complete expression`, rest.start, hint);
    }
    return node;
  }

  private parseOr(): FilterNode {
    const start = this.peek().start;
    const children = [this.parseAnd()];
    while (this.isKeyword(this.peek(), 'or')) {
      this.take();
      children.push(this.parseAnd());
    }
    return children.length === 1 ? children[0]! : { kind: 'or', children, start };
  }

  private parseAnd(): FilterNode {
    const start = this.peek().start;
    const children = [this.parseUnary()];
    while (this.isKeyword(this.peek(), 'and')) {
      this.take();
      children.push(this.parseUnary());
    }
    return children.length === 1 ? children[0]! : { kind: 'and', children, start };
  }

  private parseUnary(): FilterNode {
    const t = this.peek();
    if (this.isKeyword(t, 'not')) {
      this.take();
      this.enter(t);
      const child = this.parseUnary();
      this.depth--;
      return { kind: 'not', child, start: t.start };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): FilterNode {
    const t = this.peek();
    if (t.kind === '(') {
      this.take();
      this.enter(t);
      if (this.peek().kind === ')') throw this.error('empty parentheses', this.peek().start);
      const inner = this.parseOr();
      this.depth--;
      const close = this.peek();
      if (close.kind !== ')') {
        throw this.error(`expected ")" to close the "(" at ${t.start}, found ${describe(close)}`, close.start, close.kind === 'end' ? undefined : 'missing "and" or "or"?');
      }
      this.take();
      return inner;
    }
    return this.parseComparison();
  }

  private parseComparison(): Comparison {
    const t = this.take();
    if (t.kind !== 'word' || KEYWORDS.has(t.text.toLowerCase())) {
      const hint = t.kind === 'string' ? 'the field name comes first and is not quoted' : undefined;
      throw this.error(`expected a field name, found ${describe(t)}`, t.start, hint);
    }
    const field = t.text;
    const spec = Object.hasOwn(this.fields, field) ? this.fields[field] : undefined;
    if (spec === undefined) {
      const close = suggest(field, Object.keys(this.fields));
      throw this.error(`unknown field "${field}"`, t.start, close === undefined ? undefined : `did you mean "${close}"?`);
    }

    const opToken = this.take();
    let negated = false;
    let op: ComparisonOperator;
    let opText: string;
    if (opToken.kind === 'operator') {
      opText = opToken.text;
      if (opToken.text === '!=') {
        op = '=';
        negated = true;
      } else {
        op = opToken.text as ComparisonOperator;
      }
    } else if (opToken.kind === 'word') {
      let word = opToken.text.toLowerCase();
      if (word === 'not') {
        negated = true;
        const next = this.take();
        word = next.kind === 'word' ? next.text.toLowerCase() : '';
        const afterNot = WORD_OPERATORS[word];
        if (afterNot === undefined) {
          throw this.error(`expected in, starts_with, ends_with, contains, like or matches after "not", found ${describe(next)}`, next.start);
        }
        op = afterNot;
        opText = `not ${word}`;
      } else {
        const wordOp = WORD_OPERATORS[word];
        if (wordOp === undefined) throw this.unknownOperator(opToken, field);
        op = wordOp;
        opText = word;
      }
    } else {
      throw this.unknownOperator(opToken, field);
    }

    const values = op === 'in' ? this.parseList(opText) : [this.parseValue(opText)];
    return { kind: 'compare', field, spec, op, opText, negated, values, start: t.start, opStart: opToken.start };
  }

  private parseList(opText: string): Literal[] {
    const open = this.take();
    if (open.kind !== '(') throw this.error(`expected "(" after "${opText}", found ${describe(open)}`, open.start, 'write lists as in ("a", "b")');
    // Peeked in value mode: an unquoted address must not be lexed as a broken number first.
    const first = this.peek(true);
    if (first.kind === ')') throw this.error(`empty list after "${opText}"`, first.start);
    const values = [this.parseValue(opText)];
    for (;;) {
      const t = this.take();
      if (t.kind === ')') return values;
      if (t.kind !== ',') throw this.error(`expected "," or ")" in the list, found ${describe(t)}`, t.start);
      values.push(this.parseValue(opText));
    }
  }

  private parseValue(after: string): Literal {
    const t = this.take(true);
    switch (t.kind) {
      case 'string':
        return { kind: 'string', value: t.text, raw: this.source.slice(t.start, t.end), start: t.start };
      case 'number':
        return { kind: 'number', value: t.number, raw: t.text, start: t.start };
      case 'address':
        return { kind: 'address', value: t.text, raw: t.text, start: t.start };
      case 'word': {
        const word = t.text.toLowerCase();
        if (word === 'null') return { kind: 'null', value: null, raw: t.text, start: t.start };
        if (word === 'true' || word === 'false') return { kind: 'boolean', value: word === 'true', raw: t.text, start: t.start };
        const hint = Object.hasOwn(this.fields, t.text) ? 'comparing two fields is not supported' : `quote text values: "${t.text}"`;
        throw this.error(`expected a value after "${after}", found ${describe(t)}`, t.start, hint);
      }
      default:
        throw this.error(`expected a value after "${after}", found ${describe(t)}`, t.start);
    }
  }

  private unknownOperator(t: Token, field: string): FilterError {
    if (t.kind === 'word') {
      const word = t.text.toLowerCase();
      const hint = OPERATOR_HINTS[word] ?? (word === 'and' || word === 'or' ? `"${field}" needs an operator and a value first` : undefined);
      return this.error(`unknown operator "${t.text}" after field "${field}"`, t.start, hint ?? `operators: ${OPERATOR_LIST}`);
    }
    return this.error(`expected an operator after field "${field}", found ${describe(t)}`, t.start, `operators: ${OPERATOR_LIST}`);
  }

  private enter(t: Token): void {
    if (++this.depth > MAX_NESTING_DEPTH) throw this.error(`filter is nested more than ${MAX_NESTING_DEPTH} levels deep`, t.start);
  }

  private isKeyword(t: Token, keyword: string): boolean {
    return t.kind === 'word' && t.text.length === keyword.length && t.text.toLowerCase() === keyword;
  }

  private peek(valueExpected = false): Token {
    const p = this.peeked;
    if (p !== undefined && p.at === this.pos && p.value === valueExpected) return p.token;
    const token = lexAt(this.source, this.pos, valueExpected);
    this.peeked = { token, value: valueExpected, at: this.pos };
    return token;
  }

  private take(valueExpected = false): Token {
    const t = this.peek(valueExpected);
    this.pos = t.end;
    return t;
  }

  private error(reason: string, position: number, hint?: string): FilterError {
    return new FilterError(reason, this.source, position, hint);
  }
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'end':
      return 'the end of the filter';
    case 'string':
      return `string "${t.text.length > 40 ? `${t.text.slice(0, 40)}…` : t.text}"`;
    case 'number':
      return `number ${t.text}`;
    case 'address':
      return `address ${t.text}`;
    case 'word':
      return `"${t.text}"`;
    default:
      return `"${t.text}"`;
  }
}
