/**
 * The matcher against references that share nothing with it but the comparator: OSV's Evaluation
 * pseudocode written out literally over version texts (events sorted afresh for every question, versions
 * parsed on every comparison), and the lowest way out found by trying every fixed version. Generated
 * ranges draw their versions from a small pool so installed versions often sit exactly on an event. One
 * sample is then re-judged with the live `dpkg --compare-versions` as the comparator.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import fc from 'fast-check';
import { dpkgScheme } from '@vigil/versions';
import { AdvisoryIndex, type AffectedRange, type RangeEvent } from '../src/index.js';
import { advisory, pkg } from './advisory-fixtures.js';

/** Close-together Debian versions: shared prefixes, `~` pre-releases, epochs, binNMU and security suffixes. */
const POOL = ['1.0-1', '1.0-1+b1', '1.0-1+deb12u1', '1.0-2', '1.0~rc1-1', '1.0.1-1', '1.1-1', '1.1-1~bpo12+1', '2.0-1', '2.0+dfsg-1', '1:0.9-1', '1:1.0-1', '10.0-1'];

const version = fc.constantFrom(...POOL);

const rangeArb: fc.Arbitrary<AffectedRange> = fc
  .tuple(
    fc.oneof(fc.constant('0'), version),
    fc.array(fc.tuple(fc.constantFrom('introduced', 'end'), version), { maxLength: 4 }),
    fc.boolean(),
    fc.option(fc.oneof(version, fc.constant('*')), { freq: 4 }),
  )
  .chain(([first, rest, lastAffected, limit]) => {
    const end = lastAffected ? 'last_affected' : 'fixed';
    const events: RangeEvent[] = [{ introduced: first }, ...rest.map(([kind, v]) => (kind === 'introduced' ? { introduced: v } : ({ [end]: v } as RangeEvent)))];
    if (limit !== null) events.push({ limit });
    // in any order: records need not keep their events sorted
    return fc.shuffledSubarray(events, { minLength: events.length }).map((shuffled) => ({ type: 'ECOSYSTEM' as const, events: shuffled }));
  });

const affectedArb = fc.record({
  ranges: fc.array(rangeArb, { minLength: 0, maxLength: 3 }),
  versions: fc.uniqueArray(version, { maxLength: 2 }),
});

type Compare = (a: string, b: string) => number;

const kindOf = (e: RangeEvent) => Object.keys(e)[0] as 'introduced' | 'fixed' | 'last_affected' | 'limit';
const textOf = (e: RangeEvent) => Object.values(e)[0] as string;

/** OSV's IsVulnerable, line by line, over texts. */
function referenceVulnerable(v: string, ranges: AffectedRange[], versions: string[], cmp: Compare): boolean {
  if (versions.some((listed) => cmp(v, listed) === 0)) return true;
  const vsEvent = (e: RangeEvent) => {
    const t = textOf(e);
    if (kindOf(e) === 'introduced' && t === '0') return 1;
    if (kindOf(e) === 'limit' && t.includes('*')) return -1;
    return cmp(v, t);
  };
  for (const r of ranges) {
    const limits = r.events.filter((e) => kindOf(e) === 'limit');
    if (limits.length > 0 && !limits.some((e) => vsEvent(e) < 0)) continue;
    const order = { introduced: 0, last_affected: 1, fixed: 2, limit: 3 };
    const position = (e: RangeEvent) => (kindOf(e) === 'introduced' && textOf(e) === '0' ? '' : textOf(e));
    const sorted = [...r.events].sort((a, b) => {
      const [pa, pb] = [position(a), position(b)];
      const byVersion = pa === pb ? 0 : pa === '' ? -1 : pb === '' ? 1 : pa.includes('*') ? 1 : pb.includes('*') ? -1 : cmp(pa, pb);
      return byVersion || order[kindOf(a)] - order[kindOf(b)];
    });
    let vulnerable = false;
    for (const e of sorted) {
      if (kindOf(e) === 'introduced' && vsEvent(e) >= 0) vulnerable = true;
      else if (kindOf(e) === 'fixed' && vsEvent(e) >= 0) vulnerable = false;
      else if (kindOf(e) === 'last_affected' && vsEvent(e) > 0) vulnerable = false;
    }
    if (vulnerable) return true;
  }
  return false;
}

/** Every fixed version above `v` that is not itself vulnerable; the lowest, or null. */
function referenceFix(v: string, ranges: AffectedRange[], versions: string[], cmp: Compare): string | null {
  const fixes = ranges.flatMap((r) => r.events.filter((e) => kindOf(e) === 'fixed').map(textOf));
  const out = fixes.filter((f) => cmp(f, v) > 0 && !referenceVulnerable(f, ranges, versions, cmp)).sort(cmp);
  return out[0] ?? null;
}

function matcherSays(installed: string, ranges: AffectedRange[], versions: string[]) {
  const index = new AdvisoryIndex();
  index.upsert(advisory('A', [pkg('p', ranges, versions)]));
  const found = index.matchHost('Debian:12', [{ name: 'p', arch: 'all', version: installed }]);
  return found.length === 0 ? null : { status: found[0]!.status, fixed: found[0]!.fixedVersion };
}

function referenceSays(installed: string, ranges: AffectedRange[], versions: string[], cmp: Compare) {
  if (!referenceVulnerable(installed, ranges, versions, cmp)) return null;
  const fixed = referenceFix(installed, ranges, versions, cmp);
  return { status: fixed === null ? 'affected' : 'fixable', fixed };
}

test('generated ranges and versions: the matcher agrees with the literal OSV evaluation', () => {
  fc.assert(
    fc.property(version, affectedArb, (installed, { ranges, versions }) => {
      assert.deepEqual(matcherSays(installed, ranges, versions), referenceSays(installed, ranges, versions, dpkgScheme.compareText));
    }),
    { numRuns: 3000 },
  );
});

test('one index over many generated advisories gives each host package what each advisory alone gives', () => {
  fc.assert(
    fc.property(fc.array(affectedArb, { minLength: 1, maxLength: 6 }), fc.uniqueArray(version, { minLength: 1, maxLength: 5 }), (advisories, installed) => {
      const index = new AdvisoryIndex();
      advisories.forEach((a, i) => index.upsert(advisory(`A${i}`, [pkg('p', a.ranges, a.versions)])));
      // two hosts share versions, so the second is answered from the cache
      for (const host of [installed, [...installed].reverse()]) {
        const found = index.matchHost('Debian:12', host.map((version) => ({ name: 'p', arch: 'all', version })));
        const expected = host.flatMap((v) =>
          advisories.flatMap((a, i) => {
            const r = referenceSays(v, a.ranges, a.versions, dpkgScheme.compareText);
            return r === null ? [] : [[`A${i}`, v, r.status, r.fixed]];
          }),
        );
        const actual = found.map((f) => [f.advisoryId, f.installedVersion, f.status, f.fixedVersion]);
        assert.deepEqual(actual.sort(), expected.sort());
      }
    }),
    { numRuns: 300 },
  );
});

const hasDpkg = spawnSync('dpkg', ['--version']).status === 0;

/** dpkg --compare-versions as a comparator (one process per question, so only for a sample). */
const dpkgCompare: Compare = (a, b) => {
  if (spawnSync('dpkg', ['--compare-versions', a, 'lt', b]).status === 0) return -1;
  return spawnSync('dpkg', ['--compare-versions', a, 'eq', b]).status === 0 ? 0 : 1;
};

test('a sample judged with the live dpkg --compare-versions as the comparator agrees', { skip: !hasDpkg && 'dpkg is not installed' }, () => {
  const memo = new Map<string, number>();
  const cmp: Compare = (a, b) => {
    const key = `${a} ${b}`;
    if (!memo.has(key)) memo.set(key, dpkgCompare(a, b));
    return memo.get(key)!;
  };
  const samples = fc.sample(fc.tuple(version, affectedArb), { numRuns: 40, seed: 19 });
  for (const [installed, { ranges, versions }] of samples) {
    assert.deepEqual(matcherSays(installed, ranges, versions), referenceSays(installed, ranges, versions, cmp), JSON.stringify({ installed, ranges, versions }));
  }
});
