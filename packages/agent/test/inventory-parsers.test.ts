/**
 * The package database readers on real files: an excerpt of this Debian machine's /var/lib/dpkg/status, the
 * output of the real `rpm -qa --queryformat` (packages built with rpmbuild and recorded in a scratch rpm
 * database), and an excerpt of an Alpine 3.14 minirootfs's
 * /lib/apk/db/installed. The OSV ecosystem from os-release files as the distributions ship them.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { osvEcosystem, parseApkInstalled, parseDpkgStatus, parseRpmQuery, readRpmPackages, RPM_QUERY_FORMAT } from '@vigil/agent';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('dpkg status', () => {
  it('lists installed packages with their source package and its version', () => {
    assert.deepEqual(parseDpkgStatus(fixture('dpkg-status')), [
      { name: 'bash', version: '5.2.15-2+b8', arch: 'amd64', sourceName: 'bash', sourceVersion: '5.2.15-2' },
      { name: 'gcc-12-base', version: '12.2.0-14+deb12u1', arch: 'amd64', sourceName: 'gcc-12', sourceVersion: '12.2.0-14+deb12u1' },
      { name: 'libssl3', version: '3.0.19-1~deb12u2', arch: 'amd64', sourceName: 'openssl', sourceVersion: '3.0.19-1~deb12u2' },
      { name: 'tzdata', version: '2025b-0+deb12u2', arch: 'all', sourceName: 'tzdata', sourceVersion: '2025b-0+deb12u2' },
      { name: 'zlib1g', version: '1:1.2.13.dfsg-1', arch: 'amd64', sourceName: 'zlib', sourceVersion: '1:1.2.13.dfsg-1' },
    ]);
  });

  it('leaves out packages that are not installed (removed with their configuration kept, half-installed)', () => {
    // dpkg's Status values for a package removed without --purge and for one whose unpacking failed.
    const removed = 'Package: nginx\nStatus: deinstall ok config-files\nPriority: optional\nArchitecture: amd64\nVersion: 1.22.1-9\n';
    const broken = 'Package: vim\nStatus: install reinstreq half-installed\nArchitecture: amd64\nVersion: 2:9.0.1378-2\n';
    assert.deepEqual(parseDpkgStatus(`${removed}\n${fixture('dpkg-status')}\n${broken}`).map((p) => p.name), ['bash', 'gcc-12-base', 'libssl3', 'tzdata', 'zlib1g']);
  });

  it("reads this machine's whole database (a Debian one) as dpkg-query lists it", () => {
    const packages = parseDpkgStatus(readFileSync('/var/lib/dpkg/status', 'utf8'));
    const listed = execFileSync('dpkg-query', ['-W', '-f', '${db:Status-Abbrev}\t${Package}\t${Architecture}\t${Version}\t${source:Package}\t${source:Version}\n'], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.startsWith('ii '))
      .map((line) => line.split('\t').slice(1));
    assert.deepEqual(
      packages.map((p) => [p.name, p.arch, p.version, p.sourceName, p.sourceVersion]).sort(),
      listed.sort(),
    );
  });
});

describe('rpm', () => {
  const expected = [
    { name: 'kernel', version: '5.14.0-427.13.1.el9_4', arch: 'x86_64', sourceName: 'kernel', sourceVersion: '5.14.0-427.13.1.el9_4' },
    { name: 'bash', version: '5.1.8-9.el9', arch: 'x86_64', sourceName: 'bash', sourceVersion: '5.1.8-9.el9' },
    { name: 'kernel', version: '5.14.0-503.14.1.el9_5', arch: 'x86_64', sourceName: 'kernel', sourceVersion: '5.14.0-503.14.1.el9_5' },
    { name: 'openssl', version: '1:3.0.7-27.el9', arch: 'x86_64', sourceName: 'openssl', sourceVersion: '1:3.0.7-27.el9' },
    { name: 'openssl-libs', version: '1:3.0.7-27.el9', arch: 'x86_64', sourceName: 'openssl', sourceVersion: '1:3.0.7-27.el9' },
    { name: 'tzdata', version: '2024a-1.el9', arch: 'noarch', sourceName: 'tzdata', sourceVersion: '2024a-1.el9' },
  ];

  it('parses rpm -qa with the epoch in the version, the source rpm as source package, and several kernels', () => {
    assert.deepEqual(parseRpmQuery(fixture('rpm-qa.txt')), expected);
  });

  it('leaves out gpg-pubkey, which is a key and not a package', () => {
    const key = 'gpg-pubkey\t(none)\t5a6340b3\t6229229e\t(none)\t(none)\n';
    assert.deepEqual(parseRpmQuery(key + fixture('rpm-qa.txt')), expected);
  });

  it('asks rpm with the query format through the injected runner, with --dbpath when given', async () => {
    const calls: (readonly string[])[] = [];
    const packages = await readRpmPackages(async (args) => {
      calls.push(args);
      return fixture('rpm-qa.txt');
    }, '/srv/rpmdb');
    assert.deepEqual(calls, [['--dbpath', '/srv/rpmdb', '-qa', '--queryformat', RPM_QUERY_FORMAT]]);
    assert.equal(packages.length, 6);
  });
});

describe('apk', () => {
  it('lists packages with their origin as source package', () => {
    assert.deepEqual(parseApkInstalled(fixture('apk-installed')), [
      { name: 'musl', version: '1.2.2-r3', arch: 'armv7', sourceName: 'musl', sourceVersion: '1.2.2-r3' },
      { name: 'libcrypto1.1', version: '1.1.1k-r0', arch: 'armv7', sourceName: 'openssl', sourceVersion: '1.1.1k-r0' },
      { name: 'zlib', version: '1.2.11-r3', arch: 'armv7', sourceName: 'zlib', sourceVersion: '1.2.11-r3' },
      { name: 'ssl_client', version: '1.33.1-r3', arch: 'armv7', sourceName: 'busybox', sourceVersion: '1.33.1-r3' },
    ]);
  });
});

describe('OSV ecosystem from os-release', () => {
  const cases: Array<[string, string]> = [
    ['PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n', 'Debian:12'],
    ['PRETTY_NAME="Debian GNU/Linux trixie/sid"\nNAME="Debian GNU/Linux"\nVERSION_CODENAME=trixie\nID=debian\n', 'Debian'],
    ['PRETTY_NAME="Ubuntu 22.04.4 LTS"\nNAME="Ubuntu"\nVERSION_ID="22.04"\nVERSION="22.04.4 LTS (Jammy Jellyfish)"\nVERSION_CODENAME=jammy\nID=ubuntu\nID_LIKE=debian\n', 'Ubuntu:22.04:LTS'],
    ['PRETTY_NAME="Ubuntu 23.10"\nNAME="Ubuntu"\nVERSION_ID="23.10"\nVERSION="23.10 (Mantic Minotaur)"\nID=ubuntu\n', 'Ubuntu:23.10'],
    ['NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME="Alpine Linux v3.19"\n', 'Alpine:v3.19'],
    ['NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.0_alpha20240329\nPRETTY_NAME="Alpine Linux edge"\n', 'Alpine'],
    ['NAME="Rocky Linux"\nVERSION="9.3 (Blue Onyx)"\nID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.3"\n', 'Rocky Linux:9'],
    ['NAME="AlmaLinux"\nVERSION="8.4 (Electric Cheetah)"\nID="almalinux"\nID_LIKE="rhel centos fedora"\nVERSION_ID="8.4"\n', 'AlmaLinux:8'],
    ['NAME="Red Hat Enterprise Linux"\nVERSION="9.4 (Plow)"\nID="rhel"\nID_LIKE="fedora"\nVERSION_ID="9.4"\n', 'Red Hat:enterprise_linux:9'],
    ['NAME="Fedora Linux"\nVERSION="39 (Container Image)"\nID=fedora\nVERSION_ID=39\n', 'fedora:39'],
  ];
  for (const [text, ecosystem] of cases) {
    it(`${ecosystem}`, () => assert.equal(osvEcosystem(text), ecosystem));
  }
});
