/**
 * dpkg versions against the real dpkg: fixtures/dpkg-vectors.json holds generated pairs with
 * `dpkg --compare-versions`'s answer and the versions dpkg refused with its message (regenerate with
 * fixtures/generate-dpkg-vectors.ts), and one test asks the live dpkg about fresh random pairs.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { dpkgScheme, parseDpkgVersion } from '../src/index.js';
import { askDpkg, dpkgReason, hasDpkg } from './fixtures/dpkg-tool.js';
import { dpkgPairs } from './version-arbitraries.js';

interface DpkgFixture {
  pairs: [string, string, -1 | 0 | 1][];
  refused: [string, string][];
  accepted: string[];
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/dpkg-vectors.json', import.meta.url), 'utf8')) as DpkgFixture;

test('the fixture holds thousands of pairs in each order, and refused and accepted versions', () => {
  assert.ok(fixture.pairs.length >= 4000, `${fixture.pairs.length} pairs`);
  for (const order of [-1, 0, 1]) assert.ok(fixture.pairs.filter((p) => p[2] === order).length >= 100, `order ${order}`);
  assert.ok(fixture.refused.length >= 500 && fixture.accepted.length >= 4000);
});

test('every pair compares as dpkg --compare-versions said', () => {
  const wrong = fixture.pairs.filter(([a, b, order]) => dpkgScheme.compareText(a, b) !== order);
  assert.deepEqual(wrong.slice(0, 20), []);
});

test('every version dpkg accepted silently is valid here', () => {
  const refusedHere = fixture.accepted.filter((v) => !parseDpkgVersion(v).ok);
  assert.deepEqual(refusedHere, []);
});

test("every version dpkg refused (error or warning) is refused here with dpkg's own reason", () => {
  const different = fixture.refused
    .map(([version, reason]) => [version, reason, parseDpkgVersion(version)] as const)
    .filter(([, reason, parsed]) => parsed.ok || parsed.reason !== reason)
    .map(([version, reason, parsed]) => ({ version, dpkg: reason, here: parsed.ok ? 'valid' : parsed.reason }));
  assert.deepEqual(different.slice(0, 20), []);
});

test('fresh random pairs agree with the live dpkg', { skip: !hasDpkg() && 'dpkg is not installed' }, () => {
  const pairs = fc.sample(dpkgPairs, 60);
  const answers = askDpkg(pairs);
  pairs.forEach(([a, b], i) => {
    const answer = answers[i]!;
    const [pa, pb] = [parseDpkgVersion(a), parseDpkgVersion(b)];
    if ('order' in answer) {
      assert.ok(pa.ok && pb.ok, `dpkg accepted ${JSON.stringify([a, b])}`);
      assert.equal(dpkgScheme.compare(pa.version, pb.version), answer.order, JSON.stringify([a, b]));
    } else {
      // dpkg names each version it refused; the first refused one is refused here with the same reason.
      const [version, parsed] = dpkgReason(answer.stderr, a) !== undefined ? [a, pa] : [b, pb];
      const reason = dpkgReason(answer.stderr, version);
      assert.ok(reason !== undefined, `dpkg named neither version: ${answer.stderr}`);
      assert.equal(parsed.ok ? 'valid' : parsed.reason, reason, `${JSON.stringify(version)}: ${answer.stderr}`);
    }
  });
});
