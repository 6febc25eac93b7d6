/**
 * The matcher, one behaviour per test: every OSV event kind and its edges, listed versions, withdrawn
 * advisories, invalid versions on either side, source versus binary versions, and which advisory
 * ecosystems apply to which host.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AdvisoryIndex, hostLookupKeys, releaseKey, type HostPackage } from '../src/index.js';
import { advisory, pkg, range } from './advisory-fixtures.js';

const openssl = (version: string, extra: Partial<HostPackage> = {}): HostPackage => ({ name: 'openssl', arch: 'amd64', version, ...extra });

/** status and fixed version of each finding for one installed openssl on Debian 12 */
function verdicts(index: AdvisoryIndex, version: string, ecosystem = 'Debian:12') {
  return index.matchHost(ecosystem, [openssl(version)]).map((f) => [f.advisoryId, f.status, f.fixedVersion]);
}

function indexOf(...advisories: Parameters<AdvisoryIndex['upsert']>[0][]): AdvisoryIndex {
  const index = new AdvisoryIndex();
  for (const a of advisories) index.upsert(a);
  return index;
}

test('introduced "0" and fixed: everything below the fix is fixable, the fix itself and above are not affected', () => {
  const index = indexOf(advisory('A', [pkg('openssl', [range({ introduced: '0' }, { fixed: '3.0.13-1~deb12u1' })])]));
  assert.deepEqual(verdicts(index, '0.1-1'), [['A', 'fixable', '3.0.13-1~deb12u1']]);
  assert.deepEqual(verdicts(index, '3.0.11-1~deb12u2'), [['A', 'fixable', '3.0.13-1~deb12u1']]);
  assert.deepEqual(verdicts(index, '3.0.13-1~deb12u1'), []);
  assert.deepEqual(verdicts(index, '0:3.0.13-1~deb12u1'), [], 'equal in dpkg order though spelled with an epoch');
  assert.deepEqual(verdicts(index, '3.0.13-1'), []);
});

test('introduced at a version: below it nothing, at it affected', () => {
  const index = indexOf(advisory('A', [pkg('openssl', [range({ introduced: '3.0.0-1' }, { fixed: '3.0.2-1' })])]));
  assert.deepEqual(verdicts(index, '1.1.1w-0+deb11u1'), []);
  assert.deepEqual(verdicts(index, '3.0.0~alpha1-1'), [], '~ sorts before the introduced version');
  assert.deepEqual(verdicts(index, '3.0.0-1'), [['A', 'fixable', '3.0.2-1']]);
});

test('introduced only: unfixed, every version affected with no fixed version', () => {
  const index = indexOf(advisory('A', [pkg('openssl', [range({ introduced: '0' })])]));
  assert.deepEqual(verdicts(index, '3.0.15-1~deb12u1'), [['A', 'affected', null]]);
});

test('last_affected: equal is affected (no fix known), above is not', () => {
  const index = indexOf(advisory('A', [pkg('openssl', [range({ introduced: '0' }, { last_affected: '3.0.11-1~deb12u2' })])]));
  assert.deepEqual(verdicts(index, '3.0.11-1~deb12u2'), [['A', 'affected', null]]);
  assert.deepEqual(verdicts(index, '3.0.11-1~deb12u1'), [['A', 'affected', null]]);
  assert.deepEqual(verdicts(index, '3.0.11-1~deb12u2+b1'), []);
});

test('limit: versions at or above every limit are outside the range; "*" is no limit', () => {
  const limited = indexOf(advisory('A', [pkg('openssl', [range({ introduced: '0' }, { limit: '3.0.0' })])]));
  assert.deepEqual(verdicts(limited, '2.9'), [['A', 'affected', null]]);
  assert.deepEqual(verdicts(limited, '3.0.0'), []);
  const twoLimits = indexOf(advisory('A', [pkg('openssl', [range({ introduced: '0' }, { limit: '2.0' }, { limit: '3.0' })])]));
  assert.deepEqual(verdicts(twoLimits, '2.5'), [['A', 'affected', null]], 'below one of the limits is enough');
  const star = indexOf(advisory('A', [pkg('openssl', [range({ introduced: '0' }, { limit: '*' })])]));
  assert.deepEqual(verdicts(star, '99'), [['A', 'affected', null]]);
});

test('several introduced/fixed pairs in one range and several ranges: inside any is affected, between them is not', () => {
  const oneRange = range({ introduced: '1.0' }, { fixed: '1.2' }, { introduced: '3.0' }, { fixed: '3.2' });
  // events out of order in the record: they are sorted before the walk
  const shuffled = range({ fixed: '3.2' }, { introduced: '3.0' }, { fixed: '1.2' }, { introduced: '1.0' });
  for (const r of [oneRange, shuffled]) {
    const index = indexOf(advisory('A', [pkg('openssl', [r])]));
    assert.deepEqual(verdicts(index, '1.1'), [['A', 'fixable', '1.2']]);
    assert.deepEqual(verdicts(index, '2.0'), []);
    assert.deepEqual(verdicts(index, '3.1'), [['A', 'fixable', '3.2']]);
    assert.deepEqual(verdicts(index, '3.2'), []);
  }
  const twoRanges = indexOf(advisory('A', [pkg('openssl', [range({ introduced: '1.0' }, { fixed: '1.2' }), range({ introduced: '3.0' }, { fixed: '3.2' })])]));
  assert.deepEqual(verdicts(twoRanges, '2.0'), []);
  assert.deepEqual(verdicts(twoRanges, '3.0'), [['A', 'fixable', '3.2']]);
});

test('the fixed version offered is the lowest fix above the installed one that the advisory does not cover itself', () => {
  // 1.5 is in both ranges; 2 is still inside the second, so 3 is the version that takes the host out.
  const index = indexOf(advisory('A', [pkg('openssl', [range({ introduced: '0' }, { fixed: '2' }), range({ introduced: '1' }, { fixed: '3' })])]));
  assert.deepEqual(verdicts(index, '1.5'), [['A', 'fixable', '3']]);
  assert.deepEqual(verdicts(index, '0.5'), [['A', 'fixable', '3']], '2 is inside the second range');
  const apart = indexOf(advisory('A', [pkg('openssl', [range({ introduced: '0' }, { fixed: '2' }), range({ introduced: '3' }, { fixed: '4' })])]));
  assert.deepEqual(verdicts(apart, '0.5'), [['A', 'fixable', '2']]);
  // a fixed version in a range the host is not in counts when it is the way out
  const chained = indexOf(advisory('A', [pkg('openssl', [range({ introduced: '0' }, { fixed: '2' }), range({ introduced: '2' }, { fixed: '3' })])]));
  assert.deepEqual(verdicts(chained, '1'), [['A', 'fixable', '3']]);
  // a fix that is listed as affected is no way out
  const listed = indexOf(advisory('A', [pkg('openssl', [range({ introduced: '0' }, { fixed: '2' })], ['2'])]));
  assert.deepEqual(verdicts(listed, '1'), [['A', 'affected', null]]);
});

test('introduced and fixed at the same version make an empty range', () => {
  const index = indexOf(advisory('A', [pkg('openssl', [range({ fixed: '2' }, { introduced: '2' })])]));
  assert.deepEqual(verdicts(index, '2'), []);
  assert.deepEqual(verdicts(index, '3'), []);
});

test('versions[]: a listed version is affected whatever the ranges say, compared in dpkg order', () => {
  const index = indexOf(advisory('A', [pkg('openssl', [], ['3.0.9-1', '3.0.10-1'])]));
  assert.deepEqual(verdicts(index, '3.0.9-1'), [['A', 'affected', null]]);
  assert.deepEqual(verdicts(index, '0:3.0.10-1'), [['A', 'affected', null]]);
  assert.deepEqual(verdicts(index, '3.0.11-1'), []);
});

test('SEMVER ranges order by semantic versioning', () => {
  const index = indexOf(advisory('A', [pkg('openssl', [{ type: 'SEMVER', events: [{ introduced: '1.0.0' }, { fixed: '1.10.0' }] }])]));
  assert.deepEqual(verdicts(index, '1.9.0'), [['A', 'fixable', '1.10.0']]);
  assert.deepEqual(verdicts(index, '1.10.0-rc.1'), [['A', 'fixable', '1.10.0']]);
  assert.deepEqual(verdicts(index, '1.10.0'), []);
  assert.equal(index.matchHost('Debian:12', [openssl('1:1.9')])[0]?.status, 'invalid', 'a dpkg version is no semantic version');
});

test('withdrawn advisories match nothing, and withdrawing one removes what it matched', () => {
  const affected = [pkg('openssl', [range({ introduced: '0' })])];
  assert.deepEqual(verdicts(indexOf(advisory('A', affected, { withdrawn: '2026-02-01T00:00:00Z' })), '1.0'), []);
  const index = indexOf(advisory('A', affected));
  assert.equal(verdicts(index, '1.0').length, 1);
  index.upsert(advisory('A', affected, { withdrawn: '2026-02-01T00:00:00Z' }));
  assert.deepEqual(verdicts(index, '1.0'), []);
  assert.equal(index.size, 0);
});

test('upsert replaces the previous version of an advisory; remove forgets it', () => {
  const index = indexOf(advisory('A', [pkg('openssl', [range({ introduced: '0' }, { fixed: '2' })])]));
  assert.deepEqual(verdicts(index, '1'), [['A', 'fixable', '2']]);
  index.upsert(advisory('A', [pkg('openssl', [range({ introduced: '0' }, { fixed: '1' })])]));
  assert.deepEqual(verdicts(index, '1'), [], 'the cached verdict for 1 went with the old record');
  index.upsert(advisory('A', [pkg('libssl', [range({ introduced: '0' })])]));
  assert.deepEqual(verdicts(index, '0.5'), [], 'no longer filed under openssl');
  index.remove('A');
  assert.deepEqual(index.targetsOf('A'), []);
});

test('an installed version dpkg refuses gives an invalid finding with dpkg’s reason, never a comparison', () => {
  const index = indexOf(advisory('A', [pkg('openssl', [range({ introduced: '0' }, { fixed: '2' })])]));
  const [finding] = index.matchHost('Debian:12', [openssl('a1.0')]);
  assert.equal(finding?.status, 'invalid');
  assert.equal(finding?.fixedVersion, null);
  assert.match(finding?.reason ?? '', /"a1\.0".*version number does not start with digit/);
  assert.deepEqual(index.matchHost('Debian:12', [{ name: 'zlib1g', arch: 'amd64', version: 'a1.0' }]), [], 'no advisory names it: nothing to report');
});

test('an advisory version the scheme refuses makes every package it covers invalid, with the advisory named', () => {
  const index = indexOf(advisory('A', [pkg('openssl', [range({ introduced: '0' }, { fixed: '2.0 beta' })])]));
  const [finding] = index.matchHost('Debian:12', [openssl('1.0')]);
  assert.equal(finding?.status, 'invalid');
  assert.match(finding?.reason ?? '', /advisory A: fixed version "2\.0 beta" is not a valid dpkg version: version string has embedded spaces/);
});

test('the source version is compared, not the binary one (binNMU and binaries with their own versions)', () => {
  const index = indexOf(advisory('A', [pkg('gcc-defaults', [range({ introduced: '0' }, { fixed: '1.204' })])]));
  const gcc = { name: 'gcc', arch: 'amd64', version: '4:12.2.0-3', sourceName: 'gcc-defaults', sourceVersion: '1.203' };
  const [finding] = index.matchHost('Debian:12', [gcc]);
  assert.deepEqual(
    finding && [finding.packageName, finding.installedVersion, finding.sourceName, finding.status, finding.fixedVersion],
    ['gcc', '4:12.2.0-3', 'gcc-defaults', 'fixable', '1.204'],
  );
  const binNmu = indexOf(advisory('B', [pkg('bash', [range({ introduced: '0' }, { fixed: '5.2.15-2+deb12u1' })])]));
  const bash = { name: 'bash', arch: 'amd64', version: '5.2.15-2+b8', sourceName: 'bash', sourceVersion: '5.2.15-2' };
  assert.equal(binNmu.matchHost('Debian:12', [bash])[0]?.status, 'fixable', 'binary 5.2.15-2+b8 sorts above the fix; its source does not');
});

test('every binary package built from an affected source gets its own finding', () => {
  const index = indexOf(advisory('A', [pkg('openssl', [range({ introduced: '0' }, { fixed: '3.0.13-1~deb12u1' })])]));
  const built = ['libssl3', 'openssl', 'libssl-dev'].map((name) => ({ name, arch: 'amd64', version: '3.0.11-1~deb12u2', sourceName: 'openssl' }));
  assert.deepEqual(index.matchHost('Debian:12', [...built, { name: 'zlib1g', arch: 'amd64', version: '1:1.2.13' }]).map((f) => f.packageName), ['libssl3', 'openssl', 'libssl-dev']);
});

test('release keys: Debian releases exact, Ubuntu Pro shares the release, FIPS apart, Red Hat repositories folded', () => {
  assert.equal(releaseKey('Debian:12'), 'Debian:12');
  assert.equal(releaseKey('Ubuntu:22.04:LTS'), 'Ubuntu:22.04');
  assert.equal(releaseKey('Ubuntu:Pro:22.04:LTS'), 'Ubuntu:22.04');
  assert.equal(releaseKey('Ubuntu:Pro:FIPS-updates:22.04:LTS'), 'Ubuntu:Pro:FIPS-updates:22.04');
  assert.equal(releaseKey('Ubuntu:23.10'), 'Ubuntu:23.10');
  assert.equal(releaseKey('Red Hat:enterprise_linux:9::appstream'), 'Red Hat:enterprise_linux:9');
  assert.equal(releaseKey('Red Hat:rhel_eus:9.2::baseos'), 'Red Hat:rhel_eus:9.2');
  assert.deepEqual(hostLookupKeys('Alpine:v3.19'), ['Alpine:v3.19', 'Alpine']);
});

test('which advisory ecosystems apply to a host', () => {
  const fixedIn = (ecosystem: string, name = 'openssl') => advisory(`A ${ecosystem} ${name}`, [pkg(name, [range({ introduced: '0' })], [], ecosystem)]);
  const index = indexOf(
    fixedIn('Debian:11'),
    fixedIn('Debian:12'),
    fixedIn('Debian'),
    fixedIn('Ubuntu:22.04:LTS'),
    fixedIn('Ubuntu:Pro:22.04:LTS'),
    fixedIn('Ubuntu:Pro:FIPS:22.04:LTS'),
    fixedIn('Ubuntu:20.04:LTS'),
    fixedIn('Red Hat:enterprise_linux:9::baseos'),
    fixedIn('Red Hat:enterprise_linux:9::appstream', 'openssl-libs'),
    fixedIn('Red Hat:enterprise_linux:8::baseos'),
    fixedIn('PyPI'),
  );
  const ids = (ecosystem: string, p: HostPackage) => index.matchHost(ecosystem, [p]).map((f) => f.advisoryId).sort();
  const deb = openssl('3.0.11-1');
  assert.deepEqual(ids('Debian:12', deb), ['A Debian openssl', 'A Debian:12 openssl']);
  assert.deepEqual(ids('Ubuntu:22.04:LTS', deb), ['A Ubuntu:22.04:LTS openssl', 'A Ubuntu:Pro:22.04:LTS openssl']);
  const rpm = { name: 'openssl-libs', arch: 'x86_64', version: '1:3.0.7-27.el9', sourceName: 'openssl' };
  assert.deepEqual(ids('Red Hat:enterprise_linux:9', rpm), ['A Red Hat:enterprise_linux:9::appstream openssl-libs', 'A Red Hat:enterprise_linux:9::baseos openssl']);
  assert.deepEqual(ids('amzn:2023', rpm), [], 'no advisory ecosystem for Amazon Linux');
  assert.equal(index.size, 10, 'PyPI is not filed: its order is not implemented');
});

test('matching one advisory only gives that advisory’s findings', () => {
  const index = indexOf(
    advisory('A', [pkg('openssl', [range({ introduced: '0' })])]),
    advisory('B', [pkg('openssl', [range({ introduced: '0' }, { fixed: '9' })])]),
  );
  assert.deepEqual(index.matchHost('Debian:12', [openssl('1')], 'B').map((f) => [f.advisoryId, f.status]), [['B', 'fixable']]);
  assert.deepEqual(index.targetsOf('B'), [{ releaseKey: 'Debian:12', name: 'openssl' }]);
});

test('rpm and apk ecosystems are ordered by rpm and apk, with their own validity', () => {
  const index = indexOf(
    advisory('RHSA', [pkg('openssl', [range({ introduced: '0' }, { fixed: '1:3.0.7-28.el9_4' })], [], 'Rocky Linux:9')]),
    advisory('ALPINE', [pkg('openssl', [range({ introduced: '0' }, { fixed: '3.1.4-r5' })], [], 'Alpine:v3.19')]),
  );
  const rpm = (version: string) => index.matchHost('Rocky Linux:9', [{ name: 'openssl-libs', arch: 'x86_64', version, sourceName: 'openssl' }]).map((f) => [f.status, f.fixedVersion]);
  assert.deepEqual(rpm('1:3.0.7-27.el9'), [['fixable', '1:3.0.7-28.el9_4']]);
  assert.deepEqual(rpm('3.0.9-1.el9'), [['fixable', '1:3.0.7-28.el9_4']], 'no epoch is epoch 0, below 1');
  assert.deepEqual(rpm('1:3.0.7-28.el9_4'), []);
  const apk = (version: string) => index.matchHost('Alpine:v3.19', [{ name: 'libcrypto3', arch: 'x86_64', version, sourceName: 'openssl' }]).map((f) => f.status);
  assert.deepEqual(apk('3.1.4-r4'), ['fixable']);
  assert.deepEqual(apk('3.1.4_rc1-r9'), ['fixable'], '_rc sorts before the release');
  assert.deepEqual(apk('3.1.4-r5'), []);
  assert.deepEqual(apk('3.1.4-r5-x'), ['invalid']);
});

test('advisories with equal ranges (compiled once, judged once) still differ where their listed versions or other ranges do, and each finding and error names its own advisory', () => {
  const fixedAt = (fix: string) => [range({ introduced: '0' }, { fixed: fix })];
  const index = indexOf(
    advisory('A', [pkg('openssl', fixedAt('3.0.13-1~deb12u1'))]),
    advisory('B', [pkg('openssl', fixedAt('3.0.13-1~deb12u1'))]),
    // the same range, and a listed version beyond it: another entry, another verdict
    advisory('C', [pkg('openssl', fixedAt('3.0.13-1~deb12u1'), ['3.0.14-1'])]),
    // the same range beside a second one of its own
    advisory('D', [pkg('openssl', fixedAt('3.0.13-1~deb12u1')), pkg('openssl', [range({ introduced: '3.0.14-1' }, { fixed: '3.0.15-1' })])]),
    advisory('E', [pkg('openssl', fixedAt('v3'))]),
    advisory('F', [pkg('openssl', fixedAt('v3'))]),
  );
  const at = (version: string) => verdicts(index, version).sort();
  assert.deepEqual(at('3.0.11-1'), [
    ['A', 'fixable', '3.0.13-1~deb12u1'],
    ['B', 'fixable', '3.0.13-1~deb12u1'],
    ['C', 'fixable', '3.0.13-1~deb12u1'],
    ['D', 'fixable', '3.0.13-1~deb12u1'],
    ['E', 'invalid', null],
    ['F', 'invalid', null],
  ]);
  assert.deepEqual(at('3.0.14-1').filter(([id]) => id !== 'E' && id !== 'F'), [
    ['C', 'affected', null],
    ['D', 'fixable', '3.0.15-1'],
  ]);
  const reasons = index.matchHost('Debian:12', [openssl('3.0.11-1')]).filter((f) => f.status === 'invalid').map((f) => [f.advisoryId, f.reason]);
  assert.deepEqual(reasons.sort(), [
    ['E', 'advisory E: fixed version "v3" is not a valid dpkg version: version number does not start with digit'],
    ['F', 'advisory F: fixed version "v3" is not a valid dpkg version: version number does not start with digit'],
  ]);
});
