/**
 * Which ids an advisory names are CVEs and which are security notices (Threat Stack's `securityNotices`:
 * the distribution announcements that shipped a fix, as opposed to per-CVE distribution records such as
 * `DEBIAN-CVE-…` and `UBUNTU-CVE-…`).
 * @module
 */

/** Debian (DSA, DLA, DTSA), Ubuntu (USN, LSN), Red Hat and its rebuilds, SUSE, Amazon Linux. */
const NOTICE = /^(?:DSA|DLA|DTSA|USN|LSN|RHSA|RHBA|RHEA|ALSA|RLSA|ELSA|SUSE-SU|openSUSE-SU|ALAS|ALAS2|ALAS2022|ALAS2023)-\S+$/;

/**
 * The notice ids among the given ids, sorted and without repeats.
 *
 * ```ts
 * securityNoticesAmong(['DSA-5514-1', 'CVE-2023-4911', 'DEBIAN-CVE-2023-4911']); // ['DSA-5514-1']
 * ```
 */
export function securityNoticesAmong(ids: Iterable<string>): string[] {
  return sortedUnique([...ids].filter((id) => NOTICE.test(id)));
}

/** CVE ids as MITRE assigns them. */
const CVE = /^CVE-\d{4}-\d{4,}$/;

/**
 * The CVE ids among the given ids, sorted and without repeats.
 *
 * ```ts
 * cvesAmong(['DSA-5514-1', 'CVE-2023-4911', 'DEBIAN-CVE-2023-4911']); // ['CVE-2023-4911']
 * ```
 */
export function cvesAmong(ids: Iterable<string>): string[] {
  return sortedUnique([...ids].filter((id) => CVE.test(id)));
}

/** Sorted by code point (the same on every machine) and deduplicated, so re-imports compare equal. */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
