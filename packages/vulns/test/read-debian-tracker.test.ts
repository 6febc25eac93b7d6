/**
 * The Debian security tracker's JSON → one advisory per (CVE, source package): release codenames to OSV
 * ecosystems, "0" as never affected, open releases as unfixed, urgency (with the `**` guess marker) to
 * severity, and malformed entries refused without stopping the others.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { debianEcosystem, looksLikeDebianTracker, readDebianTracker, type Advisory, type TrackerEntryResult } from '../src/index.js';
import { sampleTracker } from './testing.js';

const readAll = (doc: unknown): TrackerEntryResult[] => [...readDebianTracker(doc)];
const byId = (doc: unknown): Map<string, Advisory> =>
  new Map(readAll(doc).flatMap((r) => (r.ok ? [[r.advisory.id, r.advisory] as const] : [])));

describe('the shipped tracker excerpt', () => {
  const advisories = byId(sampleTracker());

  test('one advisory per CVE and source package, with stable ids', () => {
    assert.deepEqual([...advisories.keys()].sort(), [
      'DEBIAN-TRACKER-CVE-2010-4756-glibc',
      'DEBIAN-TRACKER-CVE-2014-1424-apparmor',
      'DEBIAN-TRACKER-CVE-2016-1585-apparmor',
      'DEBIAN-TRACKER-CVE-2019-18276-bash',
      'DEBIAN-TRACKER-CVE-2023-22809-sudo',
      'DEBIAN-TRACKER-CVE-2023-38545-curl',
      'DEBIAN-TRACKER-CVE-2023-48795-openssh',
      'DEBIAN-TRACKER-CVE-2023-4911-glibc',
      'DEBIAN-TRACKER-CVE-2023-5678-openssl',
      'DEBIAN-TRACKER-CVE-2024-6387-openssh',
    ]);
    assert.deepEqual(byId(sampleTracker()), advisories);
  });

  test('resolved releases are affected up to their fix; a release fixed at "0" was never affected', () => {
    const a = advisories.get('DEBIAN-TRACKER-CVE-2024-6387-openssh')!;
    assert.deepEqual(a.cves, ['CVE-2024-6387']);
    assert.equal(a.source, 'debian-tracker');
    assert.deepEqual(a.references, ['https://security-tracker.debian.org/tracker/CVE-2024-6387']);
    // bullseye's fixed_version is "0": OpenSSH 8.4 predates the regression.
    assert.deepEqual(a.affected, [
      { ecosystem: 'Debian:12', name: 'openssh', ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1:9.2p1-2+deb12u3' }] }], versions: [] },
    ]);
  });

  test('every release fixed at "0" leaves an advisory that matches nothing', () => {
    assert.deepEqual(advisories.get('DEBIAN-TRACKER-CVE-2014-1424-apparmor')!.affected, []);
  });

  test('open releases are affected with no fix, beside releases that have one', () => {
    const a = advisories.get('DEBIAN-TRACKER-CVE-2016-1585-apparmor')!;
    assert.deepEqual(
      a.affected.map((p) => [p.ecosystem, p.ranges[0]!.events]),
      [
        ['Debian:10', [{ introduced: '0' }]],
        ['Debian:11', [{ introduced: '0' }]],
        ['Debian:12', [{ introduced: '0' }]],
        ['Debian:13', [{ introduced: '0' }, { fixed: '3.0.12-1' }]],
        ['Debian:sid', [{ introduced: '0' }, { fixed: '3.0.12-1' }]],
      ],
    );
    assert.equal(a.severity, 'low'); // unimportant
  });

  test('codenames map to OSV’s numbered Debian ecosystems', () => {
    assert.deepEqual(['buster', 'bullseye', 'bookworm', 'trixie', 'forky', 'sid', 'experimental'].map(debianEcosystem), [
      'Debian:10', 'Debian:11', 'Debian:12', 'Debian:13', 'Debian:14', 'Debian:sid', undefined,
    ]);
  });
});

describe('urgency and release states', () => {
  const entry = (releases: Record<string, unknown>) => ({ openssl: { 'CVE-2024-0001': { description: 'd', scope: 'remote', releases } } });
  const one = (releases: Record<string, unknown>) => {
    const [result] = readAll(entry(releases));
    if (!result?.ok) assert.fail(result?.ok === false ? result.reason : 'nothing read');
    return result.advisory;
  };

  test('urgency words map to severities; ** is dropped; the highest release wins', () => {
    const cases: Array<[string, string]> = [
      ['high**', 'high'], ['high', 'high'], ['medium', 'medium'], ['medium**', 'medium'], ['low', 'low'], ['low**', 'low'],
      ['unimportant', 'low'], ['not yet assigned', 'unknown'], ['end-of-life', 'unknown'],
    ];
    for (const [urgency, severity] of cases) {
      assert.equal(one({ bookworm: { status: 'open', repositories: {}, urgency } }).severity, severity, urgency);
    }
    assert.equal(one({ bookworm: { status: 'open', urgency: 'low' }, sid: { status: 'resolved', fixed_version: '3.1.0-1', urgency: 'medium**' } }).severity, 'medium');
  });

  test('undetermined is affected with no fix; end-of-life releases still name what is installed there', () => {
    const a = one({ bookworm: { status: 'undetermined', urgency: 'not yet assigned' }, buster: { status: 'open', urgency: 'end-of-life' } });
    assert.deepEqual(a.affected.map((p) => [p.ecosystem, p.ranges[0]!.events.length]), [['Debian:10', 1], ['Debian:12', 1]]);
  });

  test('TEMP entries (no CVE yet) are skipped', () => {
    assert.deepEqual(readAll({ openssl: { 'TEMP-0000000-1A2B3C': { releases: {} } } }), []);
  });

  test('malformed entries are refused with the place named; the others are still read', () => {
    const doc = {
      openssl: {
        'CVE-2024-0001': { releases: { bookworm: { status: 'resolved', urgency: 'low' } } },
        'CVE-2024-0002': { releases: { bookworm: { status: 'fixed', fixed_version: '1' } } },
        'CVE-2024-0003': { releases: { bookworm: { status: 'open', urgency: 'urgent' } } },
        'CVE-2024-0004': { releases: 'bookworm' },
        'CVE-2024-0005': { releases: { bookworm: { status: 'resolved', fixed_version: 3 } } },
        'CVE-2024-0006': { releases: { bookworm: { status: 'resolved', fixed_version: '3.0.13-1~deb12u1', urgency: 'low' } } },
        'NOT-A-CVE': { releases: {} },
      },
      'Bad Name': { 'CVE-2024-0007': { releases: {} } },
      curl: ['CVE-2024-0008'],
    };
    const results = readAll(doc);
    assert.deepEqual(
      results.filter((r) => !r.ok).map((r) => [r.entry, (r as { reason: string }).reason]),
      [
        ['openssl/CVE-2024-0001', 'openssl/CVE-2024-0001.releases.bookworm.fixed_version: a resolved release needs one'],
        ['openssl/CVE-2024-0002', 'openssl/CVE-2024-0002.releases.bookworm.status: unknown status "fixed"'],
        ['openssl/CVE-2024-0003', 'openssl/CVE-2024-0003.releases.bookworm.urgency: unknown urgency "urgent"'],
        ['openssl/CVE-2024-0004', 'openssl/CVE-2024-0004.releases: must be an object of releases'],
        ['openssl/CVE-2024-0005', 'openssl/CVE-2024-0005.releases.bookworm.fixed_version: must be a non-empty string'],
        ['openssl/NOT-A-CVE', 'openssl/NOT-A-CVE: not a CVE id'],
        ['Bad Name/CVE-2024-0007', 'Bad Name: not a Debian source package name'],
        ['curl', 'curl: must be an object of CVE entries'],
      ],
    );
    assert.deepEqual(results.filter((r) => r.ok).map((r) => (r as { advisory: Advisory }).advisory.id), ['DEBIAN-TRACKER-CVE-2024-0006-openssl']);
  });

  test('the tracker shape is told apart from an OSV record', () => {
    assert.equal(looksLikeDebianTracker(sampleTracker()), true);
    assert.equal(looksLikeDebianTracker({ id: 'DSA-1', modified: '2024-01-01T00:00:00Z' }), false);
    assert.equal(looksLikeDebianTracker({}), false);
    assert.equal(looksLikeDebianTracker([]), false);
  });
});
