/**
 * Which advisory ecosystems apply to which host, decided in this one place. Agents report their release
 * the way OSV spells it (`Debian:12`, `Ubuntu:22.04:LTS`, `Red Hat:enterprise_linux:9`, `Alpine:v3.19`);
 * advisories name finer or coarser streams of the same release. Both sides are reduced to a release key and
 * a host looks advisories up under its release key and under its bare distribution name:
 *
 * - Debian, Alpine, Rocky Linux, AlmaLinux, …: the ecosystem is the key (`Debian:12`); an advisory with no
 *   release (`Debian`) applies to every release of the distribution.
 * - Ubuntu: `Ubuntu:22.04:LTS` and `Ubuntu:Pro:22.04:LTS` share the key `Ubuntu:22.04`. Pro (ESM) records
 *   describe the same packages of the same release with fixes published in ESM, so a host without Pro that
 *   runs the vulnerable version is affected all the same (its fix comes from ESM). The FIPS streams
 *   (`Ubuntu:Pro:FIPS…:22.04:LTS`) ship other builds with other versions and stay apart: they match only a
 *   host that reports that stream.
 * - Red Hat: OSV's `Red Hat:<cpe>` names a product stream and a repository (`enterprise_linux:9::baseos`,
 *   `…::appstream`) that the rpm database does not record; the key keeps the product and its version
 *   (`Red Hat:enterprise_linux:9`), so every repository of the stream applies. Other products (`rhel_eus:9.2`)
 *   keep their own keys. Red Hat records name binary or source RPMs, so hosts look both names up there.
 * @module
 */

/** The distribution part of an ecosystem: `Debian:12` → `Debian`. */
function family(ecosystem: string): string {
  const colon = ecosystem.indexOf(':');
  return colon < 0 ? ecosystem : ecosystem.slice(0, colon);
}

/**
 * The release key an advisory's ecosystem is filed under, or a host's ecosystem is looked up with.
 *
 * ```ts
 * releaseKey('Ubuntu:Pro:22.04:LTS');               // 'Ubuntu:22.04'
 * releaseKey('Red Hat:enterprise_linux:9::baseos'); // 'Red Hat:enterprise_linux:9'
 * releaseKey('Debian:12');                          // 'Debian:12'
 * ```
 */
export function releaseKey(ecosystem: string): string {
  const name = family(ecosystem);
  if (name === 'Ubuntu') {
    const parts = ecosystem.split(':').slice(1);
    if (parts[0] === 'Pro' && !parts[1]?.startsWith('FIPS')) parts.shift();
    if (parts.at(-1) === 'LTS') parts.pop();
    return ['Ubuntu', ...parts].join(':');
  }
  if (name === 'Red Hat') {
    const repo = ecosystem.indexOf('::');
    return repo < 0 ? ecosystem : ecosystem.slice(0, repo);
  }
  return ecosystem;
}

/**
 * The keys a host of `ecosystem` looks advisories up under: its release key, then its distribution's bare
 * name (advisories that name no release).
 *
 * ```ts
 * hostLookupKeys('Ubuntu:22.04:LTS'); // ['Ubuntu:22.04', 'Ubuntu']
 * hostLookupKeys('Debian');           // ['Debian']
 * ```
 */
export function hostLookupKeys(ecosystem: string): string[] {
  const key = releaseKey(ecosystem);
  const bare = family(ecosystem);
  return key === bare ? [key] : [key, bare];
}

/**
 * Whether advisories of this ecosystem may name a binary package rather than its source, so a host looks
 * its binary names up too (OSV: Red Hat names "a binary or source RPM"; the others name sources).
 *
 * ```ts
 * advisoriesNameBinaries('Red Hat:enterprise_linux:9'); // true
 * advisoriesNameBinaries('Debian:12');                  // false
 * ```
 */
export function advisoriesNameBinaries(ecosystem: string): boolean {
  return family(ecosystem) === 'Red Hat';
}
