/**
 * apk versions against apk-tools' own test vectors, copied into fixtures/: apk-tools 3's
 * test/unit/version.data, read the way its version_test.c reads it (`ver1 op ver2` must hold, `!op`: must
 * not; `ver` must be valid, `!ver` invalid), and apk-tools 2.14's test/version.data (`ver1 op ver2` only),
 * which the Alpine releases still on apk-tools 2 follow. apk compares even invalid versions; this package
 * refuses them, so a comparison line with a version apk's grammar rejects must be refused here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { apkScheme, parseApkVersion } from '../src/index.js';

const BIT = { '<': 1, '=': 2, '>': 4 } as const;
const bitOf = { [-1]: BIT['<'], 0: BIT['='], 1: BIT['>'] } as const;

for (const { file, minComparisons, minValidity } of [
  { file: 'apk-tools-version.data', minComparisons: 650, minValidity: 30 },
  { file: 'apk-tools-2.14-version.data', minComparisons: 700, minValidity: undefined }, // comparisons only
]) {
  const words = readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8')
    .split('\n')
    .map((line) => line.split('#')[0]!.trim())
    .filter((line) => line !== '')
    .map((line) => line.split(/\s+/));
  const comparisons = words.filter((w) => w.length === 3) as [string, string, string][];
  const validity = words.filter((w) => w.length === 1).map(([word]) => word!);

  describe(file, () => {
    test('every comparison between valid versions holds here', () => {
      let compared = 0;
      for (const [a, op, b] of comparisons) {
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
      assert.ok(compared >= minComparisons, `${compared} comparisons checked`);
    });

    test("versions apk's grammar rejects are refused, not compared, also inside comparison lines", () => {
      const refusedInComparisons = comparisons.flatMap(([a, , b]) => [a, b]).filter((v) => !parseApkVersion(v).ok);
      // The files mark these as invalid themselves (`1.0 < 1.0bc # invalid. do string sort`); each is refused
      // with a reason, and none is a plain dotted number.
      for (const version of refusedInComparisons) {
        const parsed = parseApkVersion(version);
        assert.ok(!parsed.ok && parsed.reason.length > 0);
        assert.doesNotMatch(version, /^[0-9]+(\.[0-9]+)*(-r[0-9]+)?$/);
      }
      assert.throws(() => apkScheme.compareText('1.0', '1.0bc'), { name: 'InvalidVersionError', reason: /unexpected "c"/ });
    });

    if (minValidity === undefined) return;
    test('validity lines: `ver` is valid, `!ver` is refused', () => {
      assert.ok(validity.length >= minValidity, `${validity.length} validity lines`);
      for (const line of validity) {
        const expectValid = !line.startsWith('!');
        const version = expectValid ? line : line.slice(1);
        const parsed = parseApkVersion(version);
        assert.equal(parsed.ok, expectValid, `${line}${parsed.ok ? '' : `: ${parsed.reason}`}`);
      }
    });
  });
}
