import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileLike, compileRegex } from '../src/index.js';

describe('compileLike', () => {
  const cases: ReadonlyArray<[string, string, boolean]> = [
    ['abc', 'abc', true],
    ['abc', 'abcd', false],
    ['', '', true],
    ['', 'a', false],
    ['%', '', true],
    ['%', 'anything', true],
    ['%%', 'x', true],
    ['a%', 'abc', true],
    ['a%', 'ba', false],
    ['%c', 'abc', true],
    ['%b%', 'abc', true],
    ['%b%', 'ac', false],
    ['a%c', 'ac', true],
    ['a%c', 'abbbc', true],
    ['a%a', 'a', false],
    ['_', 'x', true],
    ['_', '', false],
    ['_', 'xy', false],
    ['a_c', 'abc', true],
    ['a_c', 'ac', false],
    ['%a_c%', 'xxabcxx', true],
    ['%a_c%', 'xxacxx', false],
    ['a%b%c', 'aXbYc', true],
    ['a%b%c', 'aXcYb', false],
    ['a%bc%bc', 'abcbc', true],
    ['a%bc%bc', 'abc', false],
    ['%_%_%', 'ab', true],
    ['%_%_%', 'a', false],
    ['A%', 'abc', false],
    ['\\%%', '%x', true],
    ['\\%%', 'x%', false],
    ['\\_', '_', true],
    ['\\_', 'x', false],
    ['a\\\\b', 'a\\b', true],
    ['a\\b', 'a\\b', true],
    ['x\\', 'x\\', true],
    ['_\n_', 'a\nb', true],
  ];
  for (const [pattern, value, expected] of cases) {
    test(`${JSON.stringify(pattern)} ~ ${JSON.stringify(value)} → ${expected}`, () => {
      assert.equal(compileLike(pattern)(value), expected);
    });
  }

  test('hostile patterns stay fast (no exponential backtracking)', () => {
    const match = compileLike(`${'%a'.repeat(30)}%b`);
    assert.equal(match('a'.repeat(5_000)), false);
  });
});

describe('compileRegex', () => {
  test('RE2 inline flags, at the start, inside and scoped', () => {
    assert.equal(compileRegex('(?i)abc').test('xABCx'), true);
    assert.equal(compileRegex('(?s)a.b').test('a\nb'), true);
    assert.equal(compileRegex('a.b').test('a\nb'), false);
    assert.equal(compileRegex('(?m)^b$').test('a\nb'), true);
    assert.equal(compileRegex('^b$').test('a\nb'), false);
    assert.equal(compileRegex('a(?i)bc').test('aBC'), true);
    assert.equal(compileRegex('a(?i:b)c').test('aBC'), false);
    assert.equal(compileRegex('(?is)A.B').test('a\nb'), true);
  });

  test('RE2 syntax beyond JavaScript: POSIX classes, Unicode classes, \\Q…\\E, \\A and \\z, named groups', () => {
    assert.equal(compileRegex('^[[:alpha:]]+$').test('abcXYZ'), true);
    assert.equal(compileRegex('^\\pL+$').test('jürgen'), true);
    assert.equal(compileRegex('\\Qa.b\\E').test('axb'), false);
    assert.equal(compileRegex('\\Qa.b\\E').test('a.b'), true);
    assert.equal(compileRegex('\\Aab\\z').test('ab'), true);
    assert.equal(compileRegex('(?P<a>x)(?<b>y)').test('xy'), true);
  });

  test('searched anywhere in the value and never stateful between tests', () => {
    const re = compileRegex('b+');
    assert.equal(re.test('abbc'), true);
    assert.equal(re.test('abbc'), true);
    assert.equal(re.test('ac'), false);
    assert.equal(re.source, 'b+');
  });

  test('nested repetition is allowed: RE2 runs it in linear time', () => {
    for (const p of ['(\\d+\\.){3}\\d+', '(foo|bar)+', '(a+)+', '(a*)*', '(.*)+', '((a+)b)*', '(a+){1,}', '(?P<n>a+)+', '([a-z]+\\d*)+$'])
      assert.doesNotThrow(() => compileRegex(p), p);
  });

  test('the issue #16 patterns answer at once on 28 "a"s and a "!"', () => {
    const evil = `${'a'.repeat(28)}!`;
    assert.equal(compileRegex('^(a|a)*$').test(evil), false);
    assert.equal(compileRegex('^(a+)+$').test(evil), false);
    assert.equal(compileRegex('^(a|aa)*$').test(evil), false);
    // matches the empty string at the very end: the engine has to try every start to find it
    assert.equal(compileRegex('a*a*a*a*a*a*a*a*$').test(evil), true);
    assert.equal(compileRegex('a*a*a*a*a*a*a*a*b$').test(evil), false);
    assert.equal(compileRegex('^(a|a)*$').test('a'.repeat(200_000)), true);
  });

  test('constructs RE2 cannot run in linear time are refused by name', () => {
    const cases: Array<[string, string]> = [
      ['(a)\\1', 'a backreference'],
      ['(?<x>a)\\k<x>', 'a backreference'],
      ['a(?=b)', 'lookahead'],
      ['a(?!b)', 'lookahead'],
      ['(?<=a)b', 'lookbehind'],
      ['(?<!a)b', 'lookbehind'],
      ['(?>a)', 'an atomic group'],
      ['a*+', 'a possessive quantifier'],
    ];
    for (const [p, name] of cases) assert.throws(() => compileRegex(p), (e: unknown) => e instanceof SyntaxError && e.message.startsWith(`regular expression "${p}" uses ${name} (`), p);
    // escaped, the same characters are plain syntax errors or plain text
    assert.throws(() => compileRegex('\\(?=a)'), /^SyntaxError: invalid regular expression "\\\(\?=a\)": unexpected \)/);
    assert.equal(compileRegex('\\(\\?=a\\)').test('(?=a)'), true);
  });

  test('invalid syntax is a SyntaxError naming the pattern', () => {
    assert.throws(() => compileRegex('[a-'), /^SyntaxError: invalid regular expression "\[a-": missing closing \]: `\[a-`$/);
    assert.throws(() => compileRegex('(?i)('), /invalid regular expression "\(\?i\)\("/);
    assert.throws(() => compileRegex('a{1001}'), /invalid repeat count/);
    assert.throws(() => compileRegex('\\u0041'), /invalid escape sequence: `\\u`/);
  });
});
