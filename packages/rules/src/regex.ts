/**
 * Regular expressions for `matches`: RE2 syntax, run by re2js, a linear-time engine (a DFA with an NFA
 * fallback, never backtracking), so no pattern and no value can make one test slower than a pass over
 * the value. Searched anywhere in the value (anchor with `^` and `$`). Inline flags are RE2's: `(?i)`,
 * `(?s)`, `(?m)`, `(?U)`, anywhere in the pattern or scoped as `(?i:…)`.
 *
 * What RE2 cannot do in linear time is refused when the filter is compiled, with a message naming it:
 * backreferences, lookahead and lookbehind, atomic groups and possessive quantifiers.
 * @module
 */
import { RE2JS } from 're2js';
import { MAX_REGEX_LENGTH } from './limits.js';

/** A compiled `matches` pattern. */
export interface Regex {
  /** the pattern as written */
  readonly source: string;
  /** whether the pattern matches anywhere in `value`; stateless, so safe to call from anywhere */
  test(value: string): boolean;
}

/** Constructs RE2 refuses, with the name users know them by; tried in order on the pattern text. */
const UNSUPPORTED: ReadonlyArray<{ shape: RegExp; name: string }> = [
  { shape: /\(\?<[=!]/, name: 'lookbehind' },
  { shape: /\(\?[=!]/, name: 'lookahead' },
  { shape: /\(\?>/, name: 'an atomic group' },
  { shape: /\\[1-9]|\\k<[^>]*>/, name: 'a backreference' },
  { shape: /[*+?}]\+/, name: 'a possessive quantifier' },
];

/**
 * Compiles a `matches` pattern, or throws a `SyntaxError` whose message explains the refusal: invalid
 * RE2 syntax, a construct RE2 does not support (named), or a pattern over the length limit.
 *
 * ```ts
 * compileRegex('(?i)^python[0-9.]*$').test('Python3.11'); // true
 * compileRegex('^(a|a)*$').test('a'.repeat(28) + '!'); // false, at once
 * ```
 */
export function compileRegex(pattern: string): Regex {
  if (pattern.length > MAX_REGEX_LENGTH) {
    throw new SyntaxError(`regular expression is ${pattern.length} characters long; the maximum is ${MAX_REGEX_LENGTH}`);
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (err) {
    const detail = err instanceof Error ? err.message.replace(/^error parsing regexp: /, '') : String(err);
    const unsupported = UNSUPPORTED.find((u) => unescapedMatch(pattern, u.shape));
    if (unsupported !== undefined) {
      throw new SyntaxError(`regular expression "${pattern}" uses ${unsupported.name} (${detail}), which RE2 syntax does not support: matches runs in linear time and never backtracks`);
    }
    throw new SyntaxError(`invalid regular expression "${pattern}": ${detail}`);
  }
  return Object.freeze({ source: pattern, test: (value: string) => re.test(value) });
}

/** Whether `shape` matches the pattern outside escapes such as `\(?=` (only consulted for error messages). */
function unescapedMatch(pattern: string, shape: RegExp): boolean {
  const g = new RegExp(shape.source, 'g');
  for (let m = g.exec(pattern); m !== null; m = g.exec(pattern)) {
    let slashes = 0;
    for (let i = m.index - 1; i >= 0 && pattern[i] === '\\'; i--) slashes++;
    if (slashes % 2 === 0) return true;
  }
  return false;
}
