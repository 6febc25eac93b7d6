/**
 * apk versions against apk-tools' own test vectors (test/unit/version.data, copied into fixtures/), read the
 * way apk's version_test.c reads them: `ver1 op ver2` must hold (`!op`: must not), `ver` must be valid,
 * `!ver` invalid. apk compares even invalid versions; this package refuses them, so a comparison line with
 * a version apk's grammar rejects must be refused here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { apkScheme, parseApkVersion } from '../src/index.js';

const lines = readFileSync(new URL('./fixtures/apk-tools-version.data', import.meta.url), 'utf8')
  .split('\n')
  .map((line) => line.split('#')[0]!.trim())
  .filter((line) => line !== '');

const comparisons = lines.map((line) => line.split(' ')).filter((words) => words.length === 3);
const validity = lines.map((line) => line.split(' ')).filter((words) => words.length === 1).map(([word]) => word!);

const BIT = { '<': 1, '=': 2, '>': 4 } as const;
const bitOf = { [-1]: BIT['<'], 0: BIT['='], 1: BIT['>'] } as const;

test('the vector file has comparison and validity lines', () => {
  assert.ok(comparisons.length > 700, `${comparisons.length} comparison lines`);
  assert.ok(validity.length > 30, `${validity.length} validity lines`);
});

test("every comparison of apk-tools' vectors between valid versions holds here", () => {
  let compared = 0;
  for (const [a, op, b] of comparisons as [string, string, string][]) {
    // `~` is apk's fuzzy prefix match for dependencies, not an order; out of scope.
    if (op.includes('~')) continue;
    const pa = parseApkVersion(a);
    const pb = parseApkVersion(b);
    if (!pa.ok || !pb.ok) continue; // checked by the next test
    const invert = op.startsWith('!');
    const mask = [...op.replace('!', '')].reduce((m, c) => m | BIT[c as keyof typeof BIT], 0);
    const holds = (bitOf[apkScheme.compare(pa.version, pb.version)] & mask) !== 0;
    assert.equal(holds !== invert, true, `${a} ${op} ${b}`);
    compared++;
  }
  assert.ok(compared > 650, `${compared} comparisons checked`);
});

test("versions apk's grammar rejects are refused, not compared, also inside comparison lines", () => {
  const refusedInComparisons = comparisons.flatMap(([a, , b]) => [a!, b!]).filter((v) => !parseApkVersion(v).ok);
  // The file marks these as invalid itself (e.g. `1.0 < 1.0bc # invalid. do string sort`); each is refused
  // with a reason, and none is a plain dotted number.
  for (const version of refusedInComparisons) {
    const parsed = parseApkVersion(version);
    assert.equal(parsed.ok, false);
    assert.ok(!parsed.ok && parsed.reason.length > 0);
    assert.doesNotMatch(version, /^[0-9]+(\.[0-9]+)*(-r[0-9]+)?$/);
  }
  assert.throws(() => apkScheme.compareText('1.0', '1.0bc'), { name: 'InvalidVersionError', reason: /unexpected "c"/ });
});

test("apk-tools' validity lines: `ver` is valid, `!ver` is refused", () => {
  for (const line of validity) {
    const expectValid = !line.startsWith('!');
    const version = expectValid ? line : line.slice(1);
    const parsed = parseApkVersion(version);
    assert.equal(parsed.ok, expectValid, `${line}${parsed.ok ? '' : `: ${parsed.reason}`}`);
  }
});
