/**
 * Properties every scheme's order must have, on generated versions: antisymmetry, transitivity on
 * random triples, and "compare is 0 exactly when the normalised forms are equal", with each normal form
 * written here from the scheme's documented rules rather than from the comparator.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { apkScheme, dpkgScheme, rpmScheme, semverScheme, type VersionScheme } from '../src/index.js';
import { apkText, dpkgPairs, dpkgText, rpmPairs, rpmText, semverText } from './version-arbitraries.js';

const RUNS = { numRuns: 500 };
const stripZeros = (digits: string) => digits.replace(/^0+/, '');

/** dpkg: epoch as a number, then (non-digits, number) runs of each part; trailing empty runs weigh nothing. */
function dpkgNormal(text: string): string {
  const parsed = dpkgScheme.parse(text);
  assert.ok(parsed.ok);
  const runs = (part: string) => {
    const out = [...part.matchAll(/(\D*)(\d*)/g)].map((m) => [m[1]!, stripZeros(m[2]!)]);
    while (out.length > 0 && out[out.length - 1]![0] === '' && out[out.length - 1]![1] === '') out.pop();
    return out;
  };
  return JSON.stringify([parsed.version.epoch, runs(parsed.version.upstream), runs(parsed.version.revision)]);
}

/** rpm: the segments `~`, `^`, letter runs and numbers (separators only separate); a release or none. */
function rpmNormal(text: string): string {
  const [, epoch = '', rest] = /^(?:(\d*):)?(.*)$/.exec(text)!;
  const [version, release] = rest!.split('-');
  const segments = (part: string) => [...part.matchAll(/~|\^|[0-9]+|[A-Za-z]+/g)].map(([s]) => (/^[0-9]/.test(s) ? `#${stripZeros(s)}` : s));
  return JSON.stringify([stripZeros(epoch), segments(version!), release === undefined ? null : segments(release)]);
}

/** apk: the grammar's parts, numbers without leading zeros except dotted ones (compared as text when zero-led). */
function apkNormal(text: string): string {
  const m = /^(\d+)((?:\.\d+)*)([a-z]?)((?:_[a-z]+\d*)*)(~[0-9a-f]+)?(?:-r(\d+))?$/.exec(text);
  assert.ok(m, text);
  const suffixes = [...m[4]!.matchAll(/_([a-z]+)(\d*)/g)].map(([, name, n]) => `${name}${n === '' ? '' : `#${stripZeros(n!)}`}`);
  return JSON.stringify([stripZeros(m[1]!), m[2], m[3], suffixes, m[5] ?? null, m[6] === undefined ? null : stripZeros(m[6])]);
}

/** semver: precedence ignores build metadata. */
const semverNormal = (text: string) => text.split('+')[0]!;

interface Case<V> {
  scheme: VersionScheme<V>;
  text: fc.Arbitrary<string>;
  normal: (text: string) => string;
}
const CASES = [
  { scheme: dpkgScheme, text: dpkgText, normal: dpkgNormal },
  { scheme: rpmScheme, text: rpmText, normal: rpmNormal },
  { scheme: apkScheme, text: apkText, normal: apkNormal },
  { scheme: semverScheme, text: semverText, normal: semverNormal },
] as Case<unknown>[];

for (const { scheme, text, normal } of CASES) {
  const valid = text.filter((t) => scheme.parse(t).ok);
  const cmp = (a: string, b: string) => scheme.compareText(a, b);

  describe(`${scheme.name} order`, () => {
    test('is antisymmetric and reflexive', () => {
      fc.assert(
        fc.property(valid, valid, (a, b) => {
          assert.equal(cmp(a, a), 0);
          assert.equal(cmp(a, b), -cmp(b, a) || 0);
        }),
        RUNS,
      );
    });

    test('is transitive on random triples (≤ and =)', () => {
      fc.assert(
        fc.property(valid, valid, valid, (x, y, z) => {
          for (const [a, b, c] of [[x, y, z], [x, z, y], [y, x, z], [y, z, x], [z, x, y], [z, y, x]] as const) {
            if (cmp(a, b) <= 0 && cmp(b, c) <= 0) assert.ok(cmp(a, c) <= 0, `${a} ≤ ${b} ≤ ${c}`);
            if (cmp(a, b) === 0 && cmp(b, c) === 0) assert.equal(cmp(a, c), 0);
          }
        }),
        RUNS,
      );
    });

    test('says equal exactly when the normalised forms are equal', () => {
      fc.assert(
        fc.property(valid, valid, (a, b) => {
          assert.equal(cmp(a, b) === 0, normal(a) === normal(b), `${a} vs ${b}`);
        }),
        RUNS,
      );
    });

    test('compare on parsed versions is compareText', () => {
      fc.assert(
        fc.property(valid, valid, (a, b) => {
          const [pa, pb] = [scheme.parse(a), scheme.parse(b)];
          assert.ok(pa.ok && pb.ok);
          assert.equal(scheme.compare(pa.version, pb.version), cmp(a, b));
        }),
        RUNS,
      );
    });
  });
}

// Equal-but-different texts are rare among independent draws: pairs one edit apart find them.
test('near pairs: equal exactly when the normalised forms are equal (dpkg, rpm)', () => {
  for (const [scheme, pairs, normal] of [[dpkgScheme, dpkgPairs, dpkgNormal], [rpmScheme, rpmPairs, rpmNormal]] as const) {
    const bothValid = pairs.filter(([a, b]) => scheme.parse(a).ok && scheme.parse(b).ok);
    let equal = 0;
    fc.assert(
      fc.property(bothValid, ([a, b]) => {
        const same = scheme.compareText(a, b) === 0;
        if (same && a !== b) equal++;
        assert.equal(same, normal(a) === normal(b), `${a} vs ${b}`);
      }),
      { numRuns: 2000 },
    );
    assert.ok(equal > 0, `${scheme.name}: some different texts compared equal`);
  }
});

test('the pre-release and post-release marks sort where the tools put them', () => {
  fc.assert(
    fc.property(dpkgText.filter((t) => dpkgScheme.parse(t).ok && !t.includes('-')), (v) => {
      const base = v.trim();
      assert.equal(dpkgScheme.compareText(`${base}~`, base), -1);
      assert.equal(dpkgScheme.compareText(`${base}+`, base), 1);
    }),
    RUNS,
  );
  fc.assert(
    fc.property(rpmText.filter((t) => rpmScheme.parse(t).ok && !t.includes('-')), (v) => {
      assert.equal(rpmScheme.compareText(`${v}~rc1`, v), -1);
      assert.equal(rpmScheme.compareText(`${v}^git1`, v), 1);
    }),
    RUNS,
  );
  for (const [lower, higher] of [['1.0_alpha', '1.0_beta'], ['1.0_beta', '1.0_pre'], ['1.0_pre', '1.0_rc'], ['1.0_rc', '1.0'], ['1.0', '1.0_cvs'], ['1.0_cvs', '1.0_svn'], ['1.0_svn', '1.0_git'], ['1.0_git', '1.0_hg'], ['1.0_hg', '1.0_p']]) {
    assert.equal(apkScheme.compareText(lower!, higher!), -1, `${lower} < ${higher}`);
  }
});
