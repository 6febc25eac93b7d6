/**
 * The entry point and the validity rules the tools' vectors cannot show: OSV ecosystem names → schemes,
 * unsupported ecosystems and invalid versions refused with typed errors and reasons, rpm's rpmbuild rules,
 * the semver wrapper, apk's 64-bit numbers.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  apkScheme,
  compareVersions,
  dpkgScheme,
  InvalidVersionError,
  parseApkVersion,
  parseDpkgVersion,
  parseRpmVersion,
  parseSemverVersion,
  rpmScheme,
  schemeForEcosystem,
  semverScheme,
  supportedEcosystems,
  UnsupportedEcosystemError,
} from '../src/index.js';

describe('compareVersions', () => {
  test('maps OSV ecosystem names, with or without a release suffix, to their scheme', () => {
    const expected: [string, unknown][] = [
      ['Debian', dpkgScheme],
      ['Debian:12', dpkgScheme],
      ['Ubuntu:22.04:LTS', dpkgScheme],
      ['Ubuntu:Pro:18.04:LTS', dpkgScheme],
      ['Red Hat', rpmScheme],
      ['Red Hat:enterprise_linux:9::appstream', rpmScheme],
      ['Rocky Linux:9', rpmScheme],
      ['AlmaLinux:8', rpmScheme],
      ['openSUSE:Leap 15.5', rpmScheme],
      ['SUSE:Linux Enterprise Server 15 SP5', rpmScheme],
      ['Alpine:v3.19', apkScheme],
      ['Wolfi', apkScheme],
      ['npm', semverScheme],
      ['crates.io', semverScheme],
      ['Go', semverScheme],
    ];
    for (const [ecosystem, scheme] of expected) assert.equal(schemeForEcosystem(ecosystem), scheme, ecosystem);
    assert.ok(supportedEcosystems.includes('Debian') && !supportedEcosystems.includes('PyPI'));
  });

  test('compares with the mapped scheme', () => {
    assert.equal(compareVersions('Debian:12', '2.36-9+deb12u3', '2.36-9+deb12u4'), -1);
    assert.equal(compareVersions('Ubuntu:22.04', '1:1.0', '2.0'), 1);
    assert.equal(compareVersions('Rocky Linux:9', '2.4.57-5.el9', '0:2.4.57-5.el9'), 0);
    assert.equal(compareVersions('Alpine:v3.19', '1.2.3_rc1-r0', '1.2.3-r0'), -1);
    assert.equal(compareVersions('npm', '1.0.0-rc.1', '1.0.0'), -1);
    assert.equal(compareVersions('npm', '1.0.0+build.1', '1.0.0+build.2'), 0);
  });

  test('refuses ecosystems whose ordering is not implemented, names are case-sensitive', () => {
    for (const ecosystem of ['PyPI', 'Maven', 'NuGet', 'RubyGems', 'Packagist', 'debian', 'NPM', '']) {
      assert.equal(schemeForEcosystem(ecosystem), undefined, ecosystem);
      assert.throws(() => compareVersions(ecosystem, '1.0', '1.0'), (err: unknown) => err instanceof UnsupportedEcosystemError && err.ecosystem === ecosystem);
    }
  });

  test('refuses invalid versions on either side with the scheme, the version and the reason', () => {
    assert.throws(
      () => compareVersions('Debian:12', '1.0', 'a1.0'),
      (err: unknown) =>
        err instanceof InvalidVersionError &&
        err.scheme === 'dpkg' &&
        err.version === 'a1.0' &&
        err.reason === 'version number does not start with digit' &&
        err.message === 'invalid dpkg version "a1.0": version number does not start with digit',
    );
    assert.throws(() => compareVersions('Red Hat', '1.0-1-2', '1.0'), { name: 'InvalidVersionError', scheme: 'rpm', reason: "double separator '-'" });
    assert.throws(() => compareVersions('Alpine', '1.0', '1.0_foo'), { name: 'InvalidVersionError', scheme: 'apk', reason: 'unknown suffix "_foo" at 3' });
    assert.throws(() => compareVersions('npm', '1.2', '1.0.0'), { name: 'InvalidVersionError', scheme: 'semver' });
  });
});

describe('dpkg parsing', () => {
  test('splits epoch, upstream version and revision at the first colon and the last hyphen', () => {
    const parsed = parseDpkgVersion('1:2.30-rc1-1+deb12u1');
    assert.ok(parsed.ok);
    assert.deepEqual([parsed.version.epoch, parsed.version.upstream, parsed.version.revision], [1, '2.30-rc1', '1+deb12u1']);
    const withColon = parseDpkgVersion('2:1.0:3');
    assert.ok(withColon.ok);
    assert.deepEqual([withColon.version.epoch, withColon.version.upstream, withColon.version.revision], [2, '1.0:3', '']);
  });

  test('reads the epoch like strtol: blanks trimmed, a sign and leading white space accepted, at most INT_MAX', () => {
    const epochOf = (text: string) => {
      const parsed = parseDpkgVersion(text);
      return parsed.ok ? parsed.version.epoch : parsed.reason;
    };
    assert.equal(epochOf(' 1:1.0\t'), 1);
    assert.equal(epochOf('+1:1.0'), 1);
    assert.equal(epochOf('-0:1.0'), 0);
    assert.equal(epochOf('\n3:1.0'), 3);
    assert.equal(epochOf('2147483647:1'), 2147483647);
    assert.equal(epochOf('2147483648:1'), 'epoch in version is too big');
    assert.equal(epochOf('-1:1'), 'epoch in version is negative');
    assert.equal(epochOf(':1'), 'epoch in version is empty');
    assert.equal(epochOf('1a:1'), 'epoch in version is not number');
    assert.equal(epochOf('1:'), 'nothing after colon in version number');
    assert.equal(epochOf('1:\t'), 'version number is empty'); // dpkg looks past the colon before cutting blanks
  });

  test('refuses a NUL, which dpkg can never be given', () => {
    assert.deepEqual(parseDpkgVersion('1.0\0'), { ok: false, reason: 'version string contains a NUL character' });
  });
});

describe('rpm parsing (rpmbuild rules)', () => {
  test('splits epoch, version and release; a missing epoch is 0 and a missing release sorts first', () => {
    const parsed = parseRpmVersion('1:2.4.57-5.el9');
    assert.ok(parsed.ok);
    assert.deepEqual([parsed.version.epoch, parsed.version.version, parsed.version.release], ['1', '2.4.57', '5.el9']);
    assert.equal(rpmScheme.compareText('0:1.0-1', '1.0-1'), 0);
    assert.equal(rpmScheme.compareText(':1.0', '1.0'), 0);
    assert.equal(rpmScheme.compareText('1.0', '1.0-0'), -1);
    assert.equal(rpmScheme.compareText('1:1.0', '2.0'), 1);
  });

  test('refuses what rpmbuild refuses, with its reason', () => {
    const reasons: [string, string][] = [
      ['', 'version is empty'],
      ['1.0 1', "illegal char \" \" (0x20)"],
      ['1.0/1', 'illegal char "/" (0x2f)'],
      ['1.0é', 'illegal char "é" (0xe9)'],
      ['%{version}', "unexpanded macro character '%'"],
      ['1..0', 'illegal sequence ".."'],
      ['1.0-1-1', "double separator '-'"],
      ['1:2:3', "double separator ':'"],
      ['a:1.0', 'epoch must be unsigned integer'],
      ['1-2:3', 'epoch must be unsigned integer'],
      ['1:', 'version is empty'],
      ['1:-1', 'version is empty'],
      ['1.0-', 'release is empty'],
    ];
    for (const [text, reason] of reasons) assert.deepEqual(parseRpmVersion(text), { ok: false, reason }, text);
  });
});

describe('apk parsing', () => {
  test('refuses numbers apk would wrap around 64 bits, accepts the largest', () => {
    assert.equal(parseApkVersion('18446744073709551615').ok, true);
    assert.equal(parseApkVersion('1.0-r18446744073709551615').ok, true);
    assert.deepEqual(parseApkVersion('18446744073709551616'), { ok: false, reason: "number 18446744073709551616 is larger than apk's 64-bit numbers" });
    assert.equal(parseApkVersion('1.0_p018446744073709551616').ok, false);
  });

  test('names where a version goes wrong', () => {
    assert.deepEqual(parseApkVersion('v1.0'), { ok: false, reason: 'version does not start with a digit' });
    assert.deepEqual(parseApkVersion('1.0-1'), { ok: false, reason: '"-" at 3 is not followed by "r" and the revision number' });
    assert.deepEqual(parseApkVersion('1.0-r'), { ok: false, reason: '"-r" at 3 is not followed by the revision number' });
    assert.deepEqual(parseApkVersion('1.0~'), { ok: false, reason: '"~" at 3 is not followed by a commit hash' });
    assert.deepEqual(parseApkVersion('1.'), { ok: false, reason: 'unexpected end' });
    assert.deepEqual(parseApkVersion('1.0A'), { ok: false, reason: 'unexpected "A" at 3' });
  });
});

describe('semver (the semver package, strict)', () => {
  test('accepts what npm accepts, refuses loose forms', () => {
    assert.equal(semverScheme.compareText('v1.2.3', '1.2.3'), 0);
    for (const text of ['1.2', '01.2.3', '1.2.3-01', '1.2.3.4', 'latest', '']) assert.equal(parseSemverVersion(text).ok, false, text);
  });

  test('refuses numbers it cannot compare exactly instead of calling two of them equal', () => {
    assert.equal(parseSemverVersion('1.0.0-9007199254740991').ok, true);
    assert.deepEqual(parseSemverVersion('1.0.0-9007199254740993'), {
      ok: false,
      reason: 'numeric pre-release identifier 9007199254740993 is larger than 2^53-1 and cannot be compared exactly',
    });
    assert.equal(parseSemverVersion('9007199254740992.0.0').ok, false);
  });

  test('orders pre-releases by SemVer 2.0.0 §11', () => {
    const ordered = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0'];
    for (let i = 1; i < ordered.length; i++) assert.equal(semverScheme.compareText(ordered[i - 1]!, ordered[i]!), -1, `${ordered[i - 1]} < ${ordered[i]}`);
  });
});
