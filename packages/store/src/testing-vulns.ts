/**
 * Advisories and findings to write straight into a store in tests of code that reads them (REST routes,
 * alerts, exports), where the importer and the matcher are not under test.
 * @module
 */
import type { Advisory, Finding } from '@vigil/vulns';

/**
 * A Debian advisory (openssl, fixed in 3.0.16-1~deb12u1) with overridable fields. A CVE id gives the
 * tracker's advisory `DEBIAN-<cve>` about it; another id is taken as the advisory id, about the CVE it
 * contains if any (`DEBIAN-CVE-…`) or none (`DSA-…`: pass `cves`).
 *
 * ```ts
 * await store.advisories.upsert([advisoryFixture('CVE-2024-0001', { severity: 'critical' })]);
 * ```
 */
export function advisoryFixture(id: string, over: Partial<Advisory> = {}): Advisory {
  const cve = /CVE-.*$/.exec(id)?.[0];
  return {
    id: id.startsWith('CVE-') ? `DEBIAN-${id}` : id,
    cves: cve === undefined ? [] : [cve],
    aliases: [],
    source: 'osv',
    summary: `${cve ?? id} in openssl`,
    details: '',
    severity: 'high',
    cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    cvssScore: 9.8,
    published: '2024-01-02T00:00:00Z',
    modified: '2024-02-03T00:00:00Z',
    withdrawn: null,
    securityNotices: [],
    references: [],
    affected: [{ ecosystem: 'Debian:12', name: 'openssl', ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0.16-1~deb12u1' }] }], versions: [] }],
    ...over,
  };
}

/**
 * A finding of `advisoryId` on libssl3 (source openssl).
 *
 * ```ts
 * await store.findings.replaceForAgent(orgId, agentId, [findingFixture('DEBIAN-CVE-2024-0001')]);
 * ```
 */
export function findingFixture(advisoryId: string, over: Partial<Finding> = {}): Finding {
  return {
    advisoryId,
    packageName: 'libssl3',
    arch: 'amd64',
    installedVersion: '3.0.15-1~deb12u1',
    sourceName: 'openssl',
    ecosystem: 'Debian:12',
    status: 'fixable',
    fixedVersion: '3.0.16-1~deb12u1',
    reason: null,
    ...over,
  };
}
