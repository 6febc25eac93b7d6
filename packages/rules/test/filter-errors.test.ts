import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileFilter, FilterError, MAX_FILTER_LENGTH, MAX_NESTING_DEPTH, validateFilter } from '../src/index.js';

function failure(source: string): FilterError {
  try {
    compileFilter(source);
  } catch (err) {
    assert.ok(err instanceof FilterError, `expected FilterError for ${JSON.stringify(source)}, got ${String(err)}`);
    return err;
  }
  assert.fail(`expected ${JSON.stringify(source)} to be rejected`);
}

// [filter, position, message pattern]
const CASES: ReadonlyArray<readonly [string, number, RegExp]> = [
  // structure
  ['', 0, /^empty filter at 0$/],
  ['   ', 3, /^empty filter at 3$/],
  ['()', 1, /^empty parentheses at 1$/],
  ['(user = "a"', 11, /^expected "\)" to close the "\(" at 0, found the end of the filter at 11$/],
  ['(user = "a" user = "b")', 12, /^expected "\)" to close the "\(" at 0, found "user" at 12 \(missing "and" or "or"\?\)$/],
  ['user = "a")', 10, /^unexpected "\)" after a complete expression at 10 \(no "\(" is open here\)$/],
  ['user = "a" foo', 11, /^unexpected "foo" after a complete expression at 11 \(missing "and" or "or"\?\)$/],
  ['user = "a" "b"', 11, /^unexpected string "b" after a complete expression at 11/],
  ['user = "a" and', 14, /^expected a field name, found the end of the filter at 14$/],
  ['user = "a" or or user = "b"', 14, /^expected a field name, found "or" at 14$/],
  ['and user = "a"', 0, /^expected a field name, found "and" at 0$/],
  ['not', 3, /^expected a field name, found the end of the filter at 3$/],
  ['"user" = "a"', 0, /^expected a field name, found string "user" at 0 \(the field name comes first and is not quoted\)$/],
  ['5 = uid', 0, /^expected a field name, found number 5 at 0$/],
  // fields
  ['comand = "sudo"', 0, /^unknown field "comand" at 0 \(did you mean "command"\?\)$/],
  ['event_type = "audit" and comand = "x"', 25, /^unknown field "comand" at 25 \(did you mean "command"\?\)$/],
  ['Command = "sudo"', 0, /^unknown field "Command" at 0 \(did you mean "command"\?\)$/],
  ['proc.name = "sh"', 0, /^unknown field "proc.name" at 0 \(did you mean "command"\?\)$/],
  ['connection.dst_addr != "127.0.0.0/8"', 0, /^unknown field "connection.dst_addr" at 0 \(did you mean "dst_ip"\?\)$/],
  ['zzzzzz = 1', 0, /^unknown field "zzzzzz" at 0$/],
  // operators
  ['user', 4, /^expected an operator after field "user", found the end of the filter at 4 \(operators: =, !=/],
  ['user "root"', 5, /^expected an operator after field "user", found string "root" at 5/],
  ['user startswith "r"', 5, /^unknown operator "startswith" after field "user" at 5 \(did you mean "starts_with"\?\)$/],
  ['user regex "r"', 5, /^unknown operator "regex" after field "user" at 5 \(did you mean "matches"\?\)$/],
  ['user icontains "r"', 5, /^unknown operator "icontains" .*\(use matches "\(\?i\)…" to ignore case\)$/],
  ['user is null', 5, /^unknown operator "is" .*\(use "= null" or "!= null"\)$/],
  ['user not = "a"', 9, /^expected in, starts_with, ends_with, contains, like or matches after "not", found "=" at 9$/],
  ['user ~ "a"', 5, /^unexpected "~" at 5 \(regular expressions use: field matches "pattern"\)$/],
  ['user = "a" && uid = 0', 11, /^unexpected "&&" at 11 \(use "and"\)$/],
  ['user = "a" || uid = 0', 11, /^unexpected "\|\|" at 11 \(use "or"\)$/],
  ['!(user = "a")', 0, /^unexpected "!" at 0 \(use "not" for negation or "!=" for inequality\)$/],
  ['user = "a" ; uid = 0', 11, /^unexpected character ";" at 11$/],
  // values
  ['user =', 6, /^expected a value after "=", found the end of the filter at 6$/],
  ['user = root', 7, /^expected a value after "=", found "root" at 7 \(quote text values: "root"\)$/],
  ['user = command', 7, /^expected a value after "=", found "command" at 7 \(comparing two fields is not supported\)$/],
  ['user = "abc', 7, /^unterminated string at 7 \(no closing " before the end of the filter\)$/],
  ["user = 'abc\\'", 7, /^unterminated string at 7 \(no closing ' before the end of the filter\)$/],
  ['user in "a"', 8, /^expected "\(" after "in", found string "a" at 8 \(write lists as in \("a", "b"\)\)$/],
  ['user in ()', 9, /^empty list after "in" at 9$/],
  ['user in ("a" "b")', 13, /^expected "," or "\)" in the list, found string "b" at 13$/],
  ['user in ("a",)', 13, /^expected a value after "in", found "\)" at 13$/],
  ['user in ("a"', 12, /^expected "," or "\)" in the list, found the end of the filter at 12$/],
  ['dst_port = 22abc', 11, /^invalid number "22abc" at 11 \(quote text values\)$/],
  ['dst_port = 1.2.3', 11, /^invalid IP address or CIDR "1.2.3" at 11$/],
  ['user = (', 7, /^expected a value after "=", found "\(" at 7$/],
  // types
  ['uid = "root"', 6, /^expected a number for number field "uid", found "root" at 6$/],
  ['uid in (0, "x")', 11, /^expected a number for number field "uid", found "x" at 11$/],
  ['uid = true', 6, /^expected a number for number field "uid", found true at 6$/],
  ['uid starts_with "1"', 4, /^operator "starts_with" is not valid for number field "uid" at 4/],
  ['uid matches "1"', 4, /^operator "matches" is not valid for number field "uid" at 4/],
  ['success < 1', 8, /^operator "<" is not valid for boolean field "success" at 8/],
  ['success = "yes"', 10, /^expected true or false for boolean field "success", found "yes" at 10$/],
  ['user = true', 7, /^expected a string for string field "user", found true at 7/],
  ['user < null', 7, /^null cannot be used with "<" at 7 \(null works with =, != and in\)$/],
  ['user contains null', 14, /^null cannot be used with "contains" at 14/],
  ['user like 5', 10, /^"like" needs a quoted string, found number 5 at 10$/],
  ['user starts_with true', 17, /^"starts_with" needs a string, found true at 17$/],
  ['dst_ip < 10.0.0.1', 7, /^operator "<" is not valid for ip field "dst_ip" at 7/],
  ['dst_ip = "localhost"', 9, /^expected an IP address or CIDR for ip field "dst_ip", found "localhost": "localhost" is not an IPv4 or IPv6 address at 9 \(use starts_with, like or matches to compare the address as text\)$/],
  ['dst_ip = 5', 9, /^expected an IP address or CIDR for ip field "dst_ip", found 5 at 9$/],
  ['dst_ip starts_with 10.0.0.1', 19, /^"starts_with" needs a quoted string, found address 10.0.0.1 at 19$/],
  ['dst_ip = 10.0.0.0/33', 9, /^prefix length 33 is out of range \(0–32\) for "10.0.0.0\/33" at 9$/],
  ['dst_ip = fe80::/129', 9, /^prefix length 129 is out of range \(0–128\) for "fe80::\/129" at 9$/],
  ['dst_ip = 10.0.0.0/', 9, /^invalid prefix length "" in "10.0.0.0\/" at 9$/],
  ['dst_ip = 300.0.0.0/8', 9, /^invalid IP address or CIDR "300.0.0.0\/8" at 9$/],
  ['dst_ip in (10.0.0.0/8, "10.0.0.0/x")', 23, /^expected an IP address or CIDR for ip field "dst_ip", found "10.0.0.0\/x": invalid prefix length "x"/],
  ['hostname = 10.0.0.0/8', 11, /^IP address or CIDR 10.0.0.0\/8 is only valid for ip fields, and "hostname" is a string field at 11 \(quote it to compare text: "10.0.0.0\/8"\)$/],
  ['dst_port = fe80::/10', 11, /^IP address or CIDR fe80::\/10 is only valid for ip fields, and "dst_port" is a number field at 11/],
  // regular expressions
  ['user matches "("', 13, /^invalid regular expression "\(": missing closing \): `\(` at 13$/],
  ['user matches "a{2,1}"', 13, /^invalid regular expression "a\{2,1\}": invalid repeat count: `\{2,1\}` at 13$/],
  // RE2 syntax: what cannot run in linear time is refused by name when the rule is saved
  ['user matches "(a)\\1"', 13, /^regular expression "\(a\)\\1" uses a backreference \(invalid escape sequence: `\\1`\), which RE2 syntax does not support: matches runs in linear time and never backtracks at 13$/],
  ['user matches "(?<n>a)\\k<n>"', 13, /uses a backreference/],
  ['user matches "^(?=.*root)"', 13, /^regular expression "\^\(\?=\.\*root\)" uses lookahead \(invalid or unsupported Perl syntax: `\(\?=`\), which RE2 syntax does not support/],
  ['user matches "^(?!root)"', 13, /uses lookahead/],
  ['user matches "(?<=a)b"', 13, /uses lookbehind/],
  ['user matches "(?<!a)b"', 13, /uses lookbehind/],
  ['user matches "(?>a+)b"', 13, /uses an atomic group/],
  ['user matches "a++b"', 13, /uses a possessive quantifier/],
  ['user matches 5', 13, /^"matches" needs a quoted string, found number 5 at 13$/],
];

describe('malformed filters are rejected with a position and a clear message', () => {
  for (const [source, position, message] of CASES) {
    test(JSON.stringify(source), () => {
      const err = failure(source);
      assert.match(err.message, message);
      assert.equal(err.position, position);
      assert.equal(err.name, 'FilterError');
      assert.equal(err.line, 1);
      assert.equal(err.column, position + 1);
      assert.deepEqual(validateFilter(source), { ok: false, message: err.message, position, line: 1, column: position + 1 });
    });
  }
});

describe('error details', () => {
  test('line and column on multi-line filters', () => {
    const err = failure('event_type = "audit"\nand (\r\n  comand = "x")');
    assert.equal(err.position, 30);
    assert.equal(err.line, 3);
    assert.equal(err.column, 3);
    assert.equal(err.message, 'unknown field "comand" at 30 (line 3, column 3; did you mean "command"?)');
    assert.equal(err.reason, 'unknown field "comand"');
    assert.equal(err.hint, 'did you mean "command"?');
  });

  test('the first error in source order is reported for syntax and fields', () => {
    assert.equal(failure('comand = "a" and (').position, 0);
    assert.equal(failure('user = "a" and exe = "b" and usr = "c"').position, 29);
  });

  test('bad regexes, CIDRs and operators inside valid syntax are found too', () => {
    assert.equal(failure('user = "a" or (exe = "b" and dst_ip = 10.0.0.0/40)').position, 38);
  });

  test('valid filters validate', () => {
    assert.deepEqual(validateFilter('event_type = "host" and sigid = "5902"'), { ok: true });
    assert.deepEqual(validateFilter("command = 'sudo'"), { ok: true });
    assert.deepEqual(validateFilter("user = 'alice' OR user = 'bob'"), { ok: true });
    assert.deepEqual(validateFilter('user matches "(\\d+\\.){3}\\d+"'), { ok: true });
    assert.deepEqual(validateFilter('user matches "(foo|bar)+"'), { ok: true });
  });

  test('non-string input is a FilterError, not a crash', () => {
    assert.throws(() => compileFilter(undefined as unknown as string), (e: unknown) => e instanceof FilterError && e.message === 'filter must be a string at 0');
    assert.deepEqual(validateFilter(42 as unknown as string), { ok: false, message: 'filter must be a string at 0', position: 0, line: 1, column: 1 });
  });
});

describe('limits', () => {
  test(`filters longer than ${MAX_FILTER_LENGTH} characters are refused`, () => {
    const clause = 'user = "aaaaaaaaaaaaaaaaaa" or ';
    const long = clause.repeat(Math.ceil(MAX_FILTER_LENGTH / clause.length) + 1) + 'uid = 0';
    const err = failure(long);
    assert.equal(err.position, MAX_FILTER_LENGTH);
    assert.match(err.message, new RegExp(`^filter is ${long.length} characters long; the maximum is ${MAX_FILTER_LENGTH} at ${MAX_FILTER_LENGTH}$`));
  });

  test('a filter of exactly the maximum length compiles, with a long flat list', () => {
    const items: string[] = [];
    for (let i = 0; `user in (${[...items, `"u${i}"`].join(',')}) or uid = 1`.length <= MAX_FILTER_LENGTH; i++) items.push(`"u${i}"`);
    const body = `user in (${items.join(',')}) or uid = 1`;
    const source = ' '.repeat(MAX_FILTER_LENGTH - body.length) + body;
    assert.equal(source.length, MAX_FILTER_LENGTH);
    const f = compileFilter(source);
    assert.equal(f.test({ user: `u${items.length - 1}` }), true);
    assert.equal(f.test({ user: 'nobody' }), false);
  });

  test(`nesting deeper than ${MAX_NESTING_DEPTH} is refused, at the opening that crosses the limit`, () => {
    const ok = '('.repeat(MAX_NESTING_DEPTH) + 'uid = 0' + ')'.repeat(MAX_NESTING_DEPTH);
    assert.equal(compileFilter(ok).test({ uid: 0 }), true);
    const deep = '('.repeat(MAX_NESTING_DEPTH + 1) + 'uid = 0' + ')'.repeat(MAX_NESTING_DEPTH + 1);
    const err = failure(deep);
    assert.equal(err.position, MAX_NESTING_DEPTH);
    assert.match(err.message, /^filter is nested more than 64 levels deep at 64$/);
  });

  test('chains of not count as nesting', () => {
    assert.equal(compileFilter('not '.repeat(MAX_NESTING_DEPTH) + 'uid = 0').test({ uid: 0 }), true);
    const err = failure('not '.repeat(100) + 'uid = 0');
    assert.equal(err.position, 4 * MAX_NESTING_DEPTH);
  });

  test('deep input fails fast without exhausting the stack', () => {
    assert.throws(() => compileFilter('('.repeat(9_000)), FilterError);
  });

  test('regular expressions over 1,000 characters are refused', () => {
    const err = failure(`user matches "${'a'.repeat(1_001)}"`);
    assert.match(err.message, /^regular expression is 1001 characters long; the maximum is 1000 at 13$/);
  });
});
