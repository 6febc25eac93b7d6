/**
 * A parser for STIX 2.1 patterns (spec §9, grammar `STIXPattern.g4` of oasis-open/cti-stix2-json-schemas):
 * observation expressions joined by AND/OR/FOLLOWEDBY with WITHIN/REPEATS/START…STOP qualifiers, comparison
 * expressions with every operator and literal kind. There is no npm STIX pattern parser, so this one is
 * checked against the grammar's examples in the tests. It returns the comparisons, which is what an import
 * needs, and throws StixPatternError with the offset of the first error. The parser recurses on
 * parentheses, so their nesting is limited ({@link MAX_PATTERN_DEPTH}): a pattern inside thousands of
 * them is an error, not a stack overflow.
 * @module
 */

/** The deepest nesting of parentheses and brackets accepted; real patterns use a handful. */
export const MAX_PATTERN_DEPTH = 100;

export class StixPatternError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} at offset ${offset}`);
    this.name = 'StixPatternError';
  }
}

export type StixLiteral =
  | { kind: 'string'; value: string }
  | { kind: 'int' | 'float'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'binary' | 'hex' | 'timestamp'; value: string }
  | { kind: 'set'; value: StixLiteral[] };

export interface StixComparison {
  objectType: string;
  /** the object path after the colon, e.g. `value` or `hashes.'SHA-256'` as written */
  path: string;
  /** the path's steps: property names (quotes removed) and list indexes (`*` or a number as a string) */
  steps: string[];
  negated: boolean;
  operator: string;
  literal: StixLiteral;
}

export interface ParsedPattern {
  comparisons: StixComparison[];
  /** true when the whole pattern is one observation of comparisons joined only by OR, with no qualifiers */
  simpleDisjunction: boolean;
  /** true when the whole pattern is one observation of comparisons joined only by AND, with no qualifiers */
  simpleConjunction: boolean;
}

interface Token {
  type: 'word' | 'string' | 'number' | 'punct' | 'typed';
  text: string;
  /** for 'typed' literals (h'..', b'..', t'..'): the prefix */
  prefix?: string;
  offset: number;
}

const OPERATORS = new Set(['=', '!=', '<>', '<', '>', '<=', '>=']);
const WORD_OPERATORS = new Set(['IN', 'LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET']);

const NUMBER = /[-+]?(\d+\.\d+|\.\d+|\d+)/y;
const WORD = /[A-Za-z_][A-Za-z0-9_-]*/y;

/** The match of a sticky regex at `at`, without copying the rest of the input. */
function matchAt(re: RegExp, input: string, at: number): string | undefined {
  re.lastIndex = at;
  return re.exec(input)?.[0];
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if ((c === 'h' || c === 'b' || c === 't') && input[i + 1] === "'") {
      const end = input.indexOf("'", i + 2);
      if (end < 0) throw new StixPatternError('unterminated literal', start);
      tokens.push({ type: 'typed', prefix: c, text: input.slice(i + 2, end), offset: start });
      i = end + 1;
      continue;
    }
    if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= input.length) throw new StixPatternError('unterminated string', start);
        const d = input[i]!;
        if (d === '\\') {
          const next = input[i + 1];
          if (next !== "'" && next !== '\\') throw new StixPatternError("only \\' and \\\\ may be escaped", i);
          value += next;
          i += 2;
        } else if (d === "'") {
          i++;
          break;
        } else {
          value += d;
          i++;
        }
      }
      tokens.push({ type: 'string', text: value, offset: start });
      continue;
    }
    const number = matchAt(NUMBER, input, i);
    if (number !== undefined && (c !== '-' && c !== '+' ? true : /\d|\./.test(input[i + 1] ?? ''))) {
      tokens.push({ type: 'number', text: number, offset: start });
      i += number.length;
      continue;
    }
    const word = matchAt(WORD, input, i);
    if (word !== undefined) {
      tokens.push({ type: 'word', text: word, offset: start });
      i += word.length;
      continue;
    }
    const two = input.slice(i, i + 2);
    if (two === '!=' || two === '<=' || two === '>=' || two === '<>') {
      tokens.push({ type: 'punct', text: two, offset: start });
      i += 2;
      continue;
    }
    if ('[]():.,=<>*'.includes(c)) {
      tokens.push({ type: 'punct', text: c, offset: start });
      i++;
      continue;
    }
    throw new StixPatternError(`unexpected character ${JSON.stringify(c)}`, start);
  }
  return tokens;
}

const OBJECT_TYPE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * Parses a STIX 2.1 pattern.
 * ```ts
 * parseStixPattern("[ipv4-addr:value = '198.51.100.3']").comparisons[0].literal; // { kind: 'string', value: '198.51.100.3' }
 * ```
 */
export function parseStixPattern(pattern: string): ParsedPattern {
  const tokens = tokenize(pattern);
  let pos = 0;
  const comparisons: StixComparison[] = [];
  let observations = 0;
  /** observation operators, qualifiers or parentheses around observations */
  let compound = false;
  let comparisonAndUsed = false;
  let comparisonOrUsed = false;
  let depth = 0;

  const peek = () => tokens[pos];
  const offset = () => tokens[pos]?.offset ?? pattern.length;
  const isWord = (text: string) => peek()?.type === 'word' && peek()!.text === text;
  const isPunct = (text: string) => peek()?.type === 'punct' && peek()!.text === text;
  function expectPunct(text: string): void {
    if (!isPunct(text)) throw new StixPatternError(`expected '${text}'`, offset());
    pos++;
  }
  function expectWord(text: string): void {
    if (!isWord(text)) throw new StixPatternError(`expected ${text}`, offset());
    pos++;
  }
  /** Runs `inner` one nesting level down; refuses to go past MAX_PATTERN_DEPTH. */
  function nested(inner: () => void, close: string): void {
    if (++depth > MAX_PATTERN_DEPTH) throw new StixPatternError(`parentheses and brackets nest deeper than ${MAX_PATTERN_DEPTH} levels`, offset());
    pos++;
    inner();
    expectPunct(close);
    depth--;
  }

  function literal(): StixLiteral {
    const t = peek();
    if (!t) throw new StixPatternError('expected a literal', offset());
    if (t.type === 'string') {
      pos++;
      return { kind: 'string', value: t.text };
    }
    if (t.type === 'number') {
      pos++;
      return t.text.includes('.') ? { kind: 'float', value: Number(t.text) } : { kind: 'int', value: Number(t.text) };
    }
    if (t.type === 'word' && (t.text === 'true' || t.text === 'false')) {
      pos++;
      return { kind: 'bool', value: t.text === 'true' };
    }
    if (t.type === 'typed') {
      pos++;
      if (t.prefix === 'h' && !/^([0-9a-fA-F]{2})*$/.test(t.text)) throw new StixPatternError('bad hex literal', t.offset);
      if (t.prefix === 'b' && !/^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(t.text)) throw new StixPatternError('bad binary literal', t.offset);
      if (t.prefix === 't' && !TIMESTAMP.test(t.text)) throw new StixPatternError('bad timestamp literal', t.offset);
      return { kind: t.prefix === 'h' ? 'hex' : t.prefix === 'b' ? 'binary' : 'timestamp', value: t.text };
    }
    throw new StixPatternError('expected a literal', t.offset);
  }

  function setLiteral(): StixLiteral {
    expectPunct('(');
    const items = [literal()];
    while (isPunct(',')) {
      pos++;
      items.push(literal());
    }
    expectPunct(')');
    return { kind: 'set', value: items };
  }

  function comparison(): void {
    const start = offset();
    const typeToken = peek();
    if (typeToken?.type !== 'word' || !OBJECT_TYPE.test(typeToken.text)) throw new StixPatternError('expected an object type', start);
    pos++;
    expectPunct(':');
    const steps: string[] = [];
    const first = peek();
    if (first?.type === 'word') steps.push(first.text);
    else if (first?.type === 'string') steps.push(first.text);
    else throw new StixPatternError('expected a property name', offset());
    pos++;
    for (;;) {
      if (isPunct('.')) {
        pos++;
        const key = peek();
        if (key?.type !== 'word' && key?.type !== 'string') throw new StixPatternError('expected a property name', offset());
        steps.push(key.text);
        pos++;
      } else if (isPunct('[')) {
        pos++;
        const index = peek();
        if (index?.type === 'punct' && index.text === '*') steps.push('*');
        else if (index?.type === 'number' && /^\d+$/.test(index.text)) steps.push(index.text);
        else throw new StixPatternError("expected a list index or '*'", offset());
        pos++;
        expectPunct(']');
      } else break;
    }
    const pathEnd = offset();
    const path = pattern.slice(pattern.indexOf(':', typeToken.offset) + 1, pathEnd).trim();
    let negated = false;
    if (isWord('NOT')) {
      negated = true;
      pos++;
    }
    const op = peek();
    if (op?.type === 'punct' && OPERATORS.has(op.text)) {
      pos++;
      comparisons.push({ objectType: typeToken.text, path, steps, negated, operator: op.text === '<>' ? '!=' : op.text, literal: literal() });
    } else if (op?.type === 'word' && WORD_OPERATORS.has(op.text)) {
      pos++;
      const value = op.text === 'IN' ? setLiteral() : literal();
      if ((op.text === 'LIKE' || op.text === 'MATCHES') && value.kind !== 'string') throw new StixPatternError(`${op.text} needs a string`, op.offset);
      comparisons.push({ objectType: typeToken.text, path, steps, negated, operator: op.text, literal: value });
    } else {
      throw new StixPatternError('expected a comparison operator', offset());
    }
  }

  function comparisonTerm(): void {
    if (isPunct('(')) nested(comparisonOr, ')');
    else comparison();
  }
  function comparisonAnd(): void {
    comparisonTerm();
    while (isWord('AND')) {
      comparisonAndUsed = true;
      pos++;
      comparisonTerm();
    }
  }
  function comparisonOr(): void {
    comparisonAnd();
    while (isWord('OR')) {
      comparisonOrUsed = true;
      pos++;
      comparisonAnd();
    }
  }

  function qualifiers(): void {
    for (;;) {
      if (isWord('WITHIN')) {
        compound = true;
        pos++;
        const n = peek();
        if (n?.type !== 'number' || Number(n.text) <= 0) throw new StixPatternError('WITHIN needs a positive number', offset());
        pos++;
        expectWord('SECONDS');
      } else if (isWord('REPEATS')) {
        compound = true;
        pos++;
        const n = peek();
        if (n?.type !== 'number' || !/^\d+$/.test(n.text) || Number(n.text) <= 0) throw new StixPatternError('REPEATS needs a positive integer', offset());
        pos++;
        expectWord('TIMES');
      } else if (isWord('START')) {
        compound = true;
        pos++;
        const a = literal();
        expectWord('STOP');
        const b = literal();
        if (a.kind !== 'timestamp' || b.kind !== 'timestamp') throw new StixPatternError("START and STOP need t'…' timestamps", offset());
      } else break;
    }
  }

  function observation(): void {
    if (isPunct('[')) {
      observations++;
      nested(comparisonOr, ']');
    } else if (isPunct('(')) {
      compound = true;
      nested(observationOr, ')');
    } else {
      throw new StixPatternError("expected '[' or '('", offset());
    }
    qualifiers();
  }
  function observationSeq(): void {
    observation();
    while (isWord('FOLLOWEDBY')) {
      compound = true;
      pos++;
      observation();
    }
  }
  function observationAnd(): void {
    observationSeq();
    while (isWord('AND')) {
      compound = true;
      pos++;
      observationSeq();
    }
  }
  function observationOr(): void {
    observationAnd();
    while (isWord('OR')) {
      compound = true;
      pos++;
      observationAnd();
    }
  }

  if (tokens.length === 0) throw new StixPatternError('empty pattern', 0);
  observationOr();
  if (pos < tokens.length) throw new StixPatternError('unexpected input', offset());
  const single = !compound && observations === 1;
  return { comparisons, simpleDisjunction: single && !comparisonAndUsed, simpleConjunction: single && !comparisonOrUsed };
}
