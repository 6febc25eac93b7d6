/**
 * Which version scheme orders the versions of each OSV ecosystem (osv-schema's ecosystems list). Only
 * ecosystems whose ordering this package implements exactly are here; PyPI (PEP 440), Maven, NuGet,
 * RubyGems and the rest are unsupported rather than compared by a near miss.
 * @module
 */
import { apkScheme, type ApkVersion } from './apk-version.js';
import { dpkgScheme, type DpkgVersion } from './dpkg-version.js';
import { rpmScheme, type RpmVersion } from './rpm-version.js';
import { semverScheme, type SemverVersion } from './semver-version.js';
import type { VersionScheme } from './version-scheme.js';

/** Any of the schemes, for code that holds a scheme chosen at run time. */
export type AnyVersionScheme = VersionScheme<DpkgVersion> | VersionScheme<RpmVersion> | VersionScheme<ApkVersion> | VersionScheme<SemverVersion>;

/** OSV ecosystem name (the part before any `:`) → scheme. */
const SCHEMES: ReadonlyMap<string, AnyVersionScheme> = new Map<string, AnyVersionScheme>([
  ['Debian', dpkgScheme],
  ['Ubuntu', dpkgScheme],
  ['Red Hat', rpmScheme],
  ['Rocky Linux', rpmScheme],
  ['AlmaLinux', rpmScheme],
  ['openSUSE', rpmScheme],
  ['SUSE', rpmScheme],
  ['Mageia', rpmScheme],
  ['openEuler', rpmScheme],
  ['Azure Linux', rpmScheme],
  ['Alpine', apkScheme],
  ['Wolfi', apkScheme],
  ['Chainguard', apkScheme],
  ['npm', semverScheme],
  ['crates.io', semverScheme],
  ['Go', semverScheme],
]);

/**
 * The scheme for an OSV ecosystem such as `Debian:12`, `Ubuntu:22.04:LTS`, `Alpine:v3.19` or `npm`
 * (names are case-sensitive, as in OSV), or `undefined` when its ordering is not implemented.
 *
 * ```ts
 * const scheme = schemeForEcosystem('Debian:12'); // dpkgScheme
 * schemeForEcosystem('PyPI');                      // undefined
 * ```
 */
export function schemeForEcosystem(ecosystem: string): AnyVersionScheme | undefined {
  const colon = ecosystem.indexOf(':');
  return SCHEMES.get(colon >= 0 ? ecosystem.slice(0, colon) : ecosystem);
}

/** The OSV ecosystem names (without `:` suffixes) that have a scheme. */
export const supportedEcosystems: readonly string[] = [...SCHEMES.keys()];
