/**
 * Advisories and findings for the store's vulnerability tests.
 * @module
 */
import type { Advisory, Finding } from '@vigil/vulns';

/**
 * A complete Debian advisory with overridable fields.
 *
 * ```ts
 * await store.advisories.upsert([advisory('DEBIAN-CVE-2024-0001', { severity: 'high' })]);
 * ```
 */
export function advisory(id: string, over: Partial<Advisory> = {}): Advisory {
  const cve = id.replace(/^DEBIAN-/, '');
  return {
    id,
    cves: cve.startsWith('CVE-') ? [cve] : [],
    aliases: [],
    source: 'osv',
    summary: `${cve} in openssl`,
    details: '',
    severity: 'high',
    cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    cvssScore: 9.8,
    published: '2024-01-02T00:00:00Z',
    modified: '2024-02-03T00:00:00Z',
    withdrawn: null,
    securityNotices: ['DSA-5600-1'],
    references: [],
    affected: [{ ecosystem: 'Debian:12', name: 'openssl', ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0.16-1~deb12u1' }] }], versions: [] }],
    ...over,
  };
}

/**
 * A finding of `advisoryId` on libssl3 (source openssl) with overridable fields.
 *
 * ```ts
 * await store.findings.replaceForAgent(org, agent, [finding('DEBIAN-CVE-2024-0001')]);
 * ```
 */
export function finding(advisoryId: string, over: Partial<Finding> = {}): Finding {
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
