/**
 * OSV records → advisories: the shipped real-format records, the normalization rules (CVEs, notices,
 * severity sources, GIT ranges, withdrawn) and malformed records, each refused with a reason naming the
 * field.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readOsvRecord, type Advisory } from '../src/index.js';
import { sampleRecord } from './testing.js';

function read(record: unknown): Advisory {
  const result = readOsvRecord(record);
  if (!result.ok) assert.fail(result.reason);
  return result.advisory;
}

function refusal(record: unknown): string {
  const result = readOsvRecord(record);
  assert.equal(result.ok, false, 'the record should be refused');
  return (result as { reason: string }).reason;
}

describe('shipped Debian records', () => {
  test('a DSA names its CVEs in upstream and is itself the security notice', () => {
    const a = read(sampleRecord('DSA-5724-1'));
    assert.equal(a.id, 'DSA-5724-1');
    assert.deepEqual(a.cves, ['CVE-2024-6387']);
    assert.deepEqual(a.aliases, []);
    assert.deepEqual(a.securityNotices, ['DSA-5724-1']);
    assert.equal(a.source, 'osv');
    assert.equal(a.severity, 'unknown'); // DSAs carry no severity; DEBIAN-CVE records do
    assert.equal(a.withdrawn, null);
    assert.equal(a.modified, '2024-07-01T00:00:00Z');
    assert.deepEqual(a.references, ['https://www.debian.org/security/2024/dsa-5724']);
    assert.deepEqual(a.affected, [
      { ecosystem: 'Debian:12', name: 'openssh', ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1:9.2p1-2+deb12u3' }] }], versions: [] },
    ]);
  });

  test('a DEBIAN-CVE record takes its severity from the CVSS vector, not the urgency', () => {
    const openssl = read(sampleRecord('DEBIAN-CVE-2023-5678'));
    assert.deepEqual(openssl.cves, ['CVE-2023-5678']);
    assert.deepEqual(openssl.securityNotices, []);
    assert.equal(openssl.cvssVector, 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L');
    assert.equal(openssl.cvssScore, 5.3);
    assert.equal(openssl.severity, 'medium');
    const bash = read(sampleRecord('DEBIAN-CVE-2019-18276'));
    assert.equal(bash.severity, 'high'); // 7.8, although Debian calls it unimportant
    assert.deepEqual(bash.affected.map((p) => p.ranges[0]!.events), [[{ introduced: '0' }], [{ introduced: '0' }]]); // unfixed
  });

  test('an old record listing its CVE in aliases keeps it as an alias and a CVE', () => {
    const a = read(sampleRecord('DSA-3029-1'));
    assert.deepEqual(a.cves, ['CVE-2014-3616']);
    assert.deepEqual(a.aliases, ['CVE-2014-3616']);
    assert.equal(a.published, '2014-09-20T00:00:00Z');
  });

  test('packages stay the source packages the record names (binaries are mapped to sources when matching)', () => {
    // glibc's binaries are libc6, libc-bin, …; OSV and Debian name the source, and so does the advisory.
    const a = read(sampleRecord('DSA-5514-1'));
    assert.deepEqual(a.affected.map((p) => `${p.ecosystem} ${p.name}`), ['Debian:11 glibc', 'Debian:12 glibc']);
  });

  test('reading the same record twice gives the same advisory (re-imports compare equal)', () => {
    const record = sampleRecord('DSA-5586-1');
    record.upstream = ['CVE-2023-51385', 'CVE-2023-28531', 'CVE-2023-48795', 'CVE-2023-28531'];
    assert.deepEqual(read(record).cves, ['CVE-2023-28531', 'CVE-2023-48795', 'CVE-2023-51385']);
    assert.deepEqual(read(sampleRecord('DSA-5586-1')), read(sampleRecord('DSA-5586-1')));
  });
});

describe('normalization', () => {
  const base = () => sampleRecord('DSA-5724-1');

  test('a record whose own id is a CVE lists it; related ids give notices but no CVEs', () => {
    const a = read({ ...base(), id: 'CVE-2024-6387', upstream: [], related: ['USN-6859-1', 'CVE-2006-5051'] });
    assert.deepEqual(a.cves, ['CVE-2024-6387']);
    assert.deepEqual(a.securityNotices, ['USN-6859-1']);
  });

  test('withdrawn is kept', () => {
    const a = read({ ...base(), withdrawn: '2024-07-02T10:00:00Z' });
    assert.equal(a.withdrawn, '2024-07-02T10:00:00Z');
  });

  test('GIT ranges are dropped, and so are entries left with nothing to match', () => {
    const record = base();
    const git = { type: 'GIT', repo: 'https://anongit.mindrot.org/openssh.git', events: [{ introduced: '0' }, { fixed: '81c1099d22b81ebfd20a334ce986c4f753b0db29' }] };
    record.affected[0].ranges.push(git);
    record.affected.push({ ranges: [git] }); // no package: allowed for commits only
    record.affected.push({ package: { ecosystem: 'Debian:12', name: 'openssh' }, ranges: [git] });
    const a = read(record);
    assert.equal(a.affected.length, 1);
    assert.deepEqual(a.affected[0]!.ranges.map((r) => r.type), ['ECOSYSTEM']);
  });

  test('listed versions are kept beside the ranges', () => {
    const record = base();
    record.affected[0].versions = ['1:9.2p1-2', '1:9.2p1-2+deb12u1'];
    assert.deepEqual(read(record).affected[0]!.versions, ['1:9.2p1-2', '1:9.2p1-2+deb12u1']);
  });

  test('CVSS v3 is preferred over v4 and v2; v4 over v2', () => {
    const v2 = { type: 'CVSS_V2', score: 'AV:N/AC:L/Au:N/C:C/I:C/A:C' };
    const v3 = { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H' };
    const v4 = { type: 'CVSS_V4', score: 'CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' };
    const both = read({ ...base(), severity: [v2, v4, v3] });
    assert.deepEqual([both.severity, both.cvssScore, both.cvssVector], ['high', 8.1, v3.score]);
    const noV3 = read({ ...base(), severity: [v2, v4] });
    assert.deepEqual([noV3.severity, noV3.cvssScore], ['high', 8.5]);
    const onlyV2 = read({ ...base(), severity: [v2] });
    assert.deepEqual([onlyV2.severity, onlyV2.cvssScore], ['critical', 10]);
  });

  test('a per-package CVSS vector counts when the record has none of its own', () => {
    const record = base();
    record.affected[0].severity = [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H' }];
    assert.equal(read(record).severity, 'high');
  });

  test('without CVSS: Ubuntu priority, then Debian urgency, then the database word', () => {
    assert.equal(read({ ...base(), severity: [{ type: 'Ubuntu', score: 'negligible' }] }).severity, 'low');
    assert.equal(read({ ...base(), severity: [{ type: 'Ubuntu', score: 'high' }] }).severity, 'high');
    const urgent = base();
    urgent.affected[0].ecosystem_specific = { urgency: 'high**' };
    urgent.affected.push({ ...urgent.affected[0], ecosystem_specific: { urgency: 'low' } });
    assert.equal(read(urgent).severity, 'high'); // the highest of the releases'
    const unassigned = base();
    unassigned.affected[0].ecosystem_specific = { urgency: 'not yet assigned' };
    assert.equal(read(unassigned).severity, 'unknown');
    assert.equal(read({ ...base(), database_specific: { severity: 'MODERATE' } }).severity, 'medium');
  });
});

describe('malformed records are refused with the field named', () => {
  const base = () => sampleRecord('DSA-5724-1');
  const cases: Array<[string, (r: Record<string, any>) => unknown, RegExp]> = [
    ['not an object', () => ['DSA-5724-1'], /^record: must be a JSON object/],
    ['no id', (r) => (delete r.id, r), /^record: .*id/],
    ['an id with a space', (r) => ({ ...r, id: 'DSA 5724' }), /^id: /],
    ['no modified', (r) => (delete r.modified, r), /modified/],
    ['modified not a timestamp', (r) => ({ ...r, modified: 'yesterday' }), /^modified: /],
    ['a 2.x schema', (r) => ({ ...r, schema_version: '2.0.0' }), /^schema_version: /],
    ['upstream not a list', (r) => ({ ...r, upstream: 'CVE-2024-6387' }), /^upstream: /],
    ['a package name that is a number', (r) => ((r.affected[0].package.name = 5), r), /^affected\[0\]\.package\.name: /],
    ['an unknown range type', (r) => ((r.affected[0].ranges[0].type = 'DPKG'), r), /^affected\[0\]\.ranges\[0\]\.type: /],
    ['an event with two keys', (r) => ((r.affected[0].ranges[0].events[1] = { introduced: '1', fixed: '2' }), r), /^affected\[0\]\.ranges\[0\]\.events\[1\]: an event holds exactly one/],
    ['an empty event', (r) => ((r.affected[0].ranges[0].events[1] = {}), r), /^affected\[0\]\.ranges\[0\]\.events\[1\]: /],
    ['no introduced event', (r) => ((r.affected[0].ranges[0].events = [{ fixed: '1:9.2p1-2+deb12u3' }]), r), /^affected\[0\]\.ranges\[0\]\.events: a range needs an introduced event/],
    ['fixed and last_affected', (r) => (r.affected[0].ranges[0].events.push({ last_affected: '1:9.2p1-2' }), r), /fixed or last_affected, not both/],
    ['no package for an ECOSYSTEM range', (r) => (delete r.affected[0].package, r), /^affected\[0\]\.package: /],
    ['an unscorable CVSS vector', (r) => ({ ...r, severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L' }] }), /^severity\[0\]\.score: CVSS 3\.1 vector lacks/],
    ['an unknown Ubuntu priority', (r) => ({ ...r, severity: [{ type: 'Ubuntu', score: 'severe' }] }), /^severity\[0\]\.score: unknown Ubuntu priority/],
    ['an unknown Debian urgency', (r) => ((r.affected[0].ecosystem_specific = { urgency: 'urgent' }), r), /^affected\[0\]\.ecosystem_specific\.urgency: unknown Debian urgency/],
  ];
  for (const [name, mutate, reason] of cases) {
    test(name, () => assert.match(refusal(mutate(base())), reason));
  }
});
