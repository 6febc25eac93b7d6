/**
 * The one entry point for comparing two version strings of an OSV ecosystem.
 * @module
 */
import { schemeForEcosystem } from './ecosystem-schemes.js';
import { UnsupportedEcosystemError } from './version-errors.js';
import type { Ordering } from './version-scheme.js';

/**
 * Compares two versions of an OSV ecosystem's packages: -1 when `a` is older, 0 when equal, 1 when newer.
 * To compare many times, take the scheme once with `schemeForEcosystem`, parse each version once and use
 * its `compare`.
 *
 * ```ts
 * compareVersions('Debian:12', '2.36-9+deb12u3', '2.36-9+deb12u4'); // -1
 * compareVersions('Alpine:v3.19', '1.2.3_rc1-r0', '1.2.3-r0');      // -1
 * ```
 * @throws {UnsupportedEcosystemError} when the ecosystem's ordering is not implemented (e.g. `PyPI`)
 * @throws {InvalidVersionError} when either version is not valid in the ecosystem's scheme
 */
export function compareVersions(ecosystem: string, a: string, b: string): Ordering {
  const scheme = schemeForEcosystem(ecosystem);
  if (scheme === undefined) throw new UnsupportedEcosystemError(ecosystem);
  return scheme.compareText(a, b);
}
