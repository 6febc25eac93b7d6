/**
 * Regular expressions for `matches`: JavaScript syntax, compiled once per filter, searched anywhere in
 * the value (anchor with `^` and `$`). A leading `(?i)`, `(?s)` or `(?m)` group sets the flag, because
 * JavaScript has no inline flags and rule authors bring them from RE2 and PCRE.
 * @module
 */
import { MAX_REGEX_LENGTH } from './limits.js';

/**
 * Compiles a `matches` pattern, or throws a `SyntaxError` whose message explains the refusal: invalid
 * syntax, a pattern over the length limit, or nested unbounded quantifiers such as `(a+)+` or `(.*)*`
 * that backtrack exponentially on a near-miss.
 *
 * ```ts
 * compileRegex('(?i)^python[0-9.]*$').test('Python3.11'); // true
 * ```
 */
export function compileRegex(pattern: string): RegExp {
  if (pattern.length > MAX_REGEX_LENGTH) {
    throw new SyntaxError(`regular expression is ${pattern.length} characters long; the maximum is ${MAX_REGEX_LENGTH}`);
  }
  let body = pattern;
  let flags = '';
  const inline = /^\(\?([ims]+)\)/.exec(body);
  if (inline !== null) {
    flags = [...new Set(inline[1]!)].join('');
    body = body.slice(inline[0].length);
  }
  let re: RegExp;
  try {
    re = new RegExp(body, flags);
  } catch (err) {
    const detail = err instanceof Error ? err.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '') : String(err);
    throw new SyntaxError(`invalid regular expression "${pattern}": ${detail}`);
  }
  const nested = findNestedQuantifier(body);
  if (nested !== undefined) {
    throw new SyntaxError(`regular expression "${pattern}" repeats a group that contains an unbounded quantifier ("${nested}"), which can backtrack catastrophically`);
  }
  return re;
}

interface Frame {
  start: number;
  unbounded: boolean;
}

/**
 * Finds a group with an unbounded quantifier inside (`+`, `*`, `{n,}`) that is itself repeated without
 * bound: the shape behind almost every ReDoS report. Bounded repeats such as `(\d+\.){3}` are allowed.
 * The pattern is known to be valid when this runs, so the scan can be shallow.
 */
function findNestedQuantifier(p: string): string | undefined {
  const stack: Frame[] = [{ start: 0, unbounded: false }];
  let i = 0;
  while (i < p.length) {
    const c = p[i]!;
    if (c === '\\') {
      i += 2;
      i = afterQuantifier(p, i, stack[stack.length - 1]!);
      continue;
    }
    if (c === '[') {
      i++;
      if (p[i] === '^') i++;
      if (p[i] === ']') i++;
      while (i < p.length && p[i] !== ']') i += p[i] === '\\' ? 2 : 1;
      i++;
      i = afterQuantifier(p, i, stack[stack.length - 1]!);
      continue;
    }
    if (c === '(') {
      stack.push({ start: i, unbounded: false });
      i++;
      continue;
    }
    if (c === ')' && stack.length > 1) {
      const group = stack.pop()!;
      const parent = stack[stack.length - 1]!;
      const q = quantifierAt(p, i + 1);
      if (q !== undefined && q.unbounded && group.unbounded) return p.slice(group.start, q.end);
      if (group.unbounded) parent.unbounded = true;
      i = q === undefined ? i + 1 : q.end;
      if (q?.unbounded) parent.unbounded = true;
      continue;
    }
    i++;
    i = afterQuantifier(p, i, stack[stack.length - 1]!);
  }
  return undefined;
}

function afterQuantifier(p: string, i: number, frame: Frame): number {
  const q = quantifierAt(p, i);
  if (q === undefined) return i;
  if (q.unbounded) frame.unbounded = true;
  return q.end;
}

function quantifierAt(p: string, i: number): { unbounded: boolean; end: number } | undefined {
  const c = p[i];
  let end: number;
  let unbounded: boolean;
  if (c === '*' || c === '+') {
    end = i + 1;
    unbounded = true;
  } else if (c === '?') {
    end = i + 1;
    unbounded = false;
  } else if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i, i + 24));
    if (m === null) return undefined;
    end = i + m[0].length;
    unbounded = m[2] !== undefined && m[3] === '';
  } else {
    return undefined;
  }
  if (p[end] === '?' || p[end] === '+') end++;
  return { unbounded, end };
}
