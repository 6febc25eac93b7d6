/**
 * Lexer of the filter language. It is pulled by the parser one token at a time, with a flag telling it
 * whether a value may start here: only then is `10.0.0.0/8` or `fe80::/10` read as one unquoted address
 * token, so IPv6 colons and CIDR slashes need no quoting and cannot be confused with anything else.
 * @module
 */
import { isIP } from 'node:net';
import { FilterError } from './errors.js';

export type TokenKind = 'word' | 'string' | 'number' | 'address' | 'operator' | '(' | ')' | ',' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** decoded value: the word, the string contents, the operator (`==` normalised to `=`, `<>` to `!=`) */
  readonly text: string;
  /** numeric value of a `number` token */
  readonly number: number;
  readonly start: number;
  readonly end: number;
}

const WORD = /[A-Za-z_][A-Za-z0-9_.]*/y;
const NUMBER = /-?(?:\d+(?:\.\d+)?)(?:[eE][+-]?\d+)?/y;
// Only tried where a value may start; validated with isIP below, so "1.5" or "22" fall through.
const ADDRESS = /[0-9A-Fa-f:.]*[:.][0-9A-Fa-f:.]*(?:\/[0-9]*)?/y;
const IDENT_CHAR = /[A-Za-z0-9_]/;

/**
 * Reads the token at `position`, skipping whitespace first.
 *
 * ```ts
 * lexAt('dst_ip = 10.0.0.0/8', 9, true); // { kind: 'address', text: '10.0.0.0/8', start: 9, end: 19, … }
 * ```
 */
export function lexAt(source: string, position: number, valueExpected: boolean): Token {
  let i = position;
  while (i < source.length && isSpace(source.charCodeAt(i))) i++;
  if (i >= source.length) return token('end', '', i, i);
  const c = source[i]!;

  if (c === '(' || c === ')' || c === ',') return token(c, c, i, i + 1);
  if (c === '"' || c === "'") return readString(source, i);

  if (valueExpected) {
    const address = matchAt(ADDRESS, source, i);
    if (address !== undefined && !IDENT_CHAR.test(source[i + address.length] ?? '')) {
      const slash = address.indexOf('/');
      const host = slash >= 0 ? address.slice(0, slash) : address;
      if (isIP(host) !== 0) return token('address', address, i, i + address.length);
      if (slash >= 0 || address.includes(':') || /^\d+\.\d+\.\d+/.test(address)) {
        throw new FilterError(`invalid IP address or CIDR "${address}"`, source, i);
      }
    }
  }

  if (/[0-9-]/.test(c)) {
    const num = matchAt(NUMBER, source, i);
    if (num === undefined) throw new FilterError(`unexpected character "${c}"`, source, i);
    const end = i + num.length;
    if (IDENT_CHAR.test(source[end] ?? '') || source[end] === '.') {
      const junk = /[A-Za-z0-9_.:/]*/y;
      junk.lastIndex = i;
      const word = junk.exec(source)![0];
      throw new FilterError(`invalid number "${word}"`, source, i, 'quote text values');
    }
    return { kind: 'number', text: num, number: Number(num), start: i, end };
  }

  const word = matchAt(WORD, source, i);
  if (word !== undefined) return token('word', word, i, i + word.length);

  const two = source.slice(i, i + 2);
  if (two === '!=' || two === '<=' || two === '>=' || two === '==' || two === '<>') {
    return token('operator', two === '==' ? '=' : two === '<>' ? '!=' : two, i, i + 2);
  }
  if (c === '=' || c === '<' || c === '>') return token('operator', c, i, i + 1);
  if (c === '!') throw new FilterError('unexpected "!"', source, i, 'use "not" for negation or "!=" for inequality');
  if (c === '&' || c === '|') throw new FilterError(`unexpected "${two === '&&' || two === '||' ? two : c}"`, source, i, `use "${c === '&' ? 'and' : 'or'}"`);
  if (c === '~') throw new FilterError('unexpected "~"', source, i, 'regular expressions use: field matches "pattern"');
  throw new FilterError(`unexpected character "${c}"`, source, i);
}

function readString(source: string, start: number): Token {
  const quote = source[start]!;
  let out = '';
  let i = start + 1;
  let chunk = i;
  while (i < source.length) {
    const c = source[i]!;
    if (c === quote) return token('string', out + source.slice(chunk, i), start, i + 1);
    if (c === '\\' && i + 1 < source.length) {
      out += source.slice(chunk, i);
      const n = source[i + 1]!;
      // Unknown escapes keep their backslash so regular expressions (\d, \s, \.) and LIKE (\%) can be
      // written without doubling every backslash.
      out += n === 'n' ? '\n' : n === 't' ? '\t' : n === 'r' ? '\r' : n === '\\' || n === '"' || n === "'" ? n : `\\${n}`;
      i += 2;
      chunk = i;
      continue;
    }
    i++;
  }
  throw new FilterError('unterminated string', source, start, `no closing ${quote} before the end of the filter`);
}

function token(kind: TokenKind, text: string, start: number, end: number): Token {
  return { kind, text, number: Number.NaN, start, end };
}

function matchAt(re: RegExp, source: string, i: number): string | undefined {
  re.lastIndex = i;
  const m = re.exec(source);
  return m === null || m[0] === '' ? undefined : m[0];
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0xa0 || c === 0xfeff;
}
