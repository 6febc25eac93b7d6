/**
 * Version comparison exactly as the packaging tools do it: dpkg, rpm, apk, and semantic versions
 * (issue #19). Each scheme validates like its tool, refuses invalid versions with a reason, and parses
 * once for repeated comparison.
 * @module
 */
export { compareVersions } from './compare-versions.js';
export { schemeForEcosystem, supportedEcosystems, type AnyVersionScheme } from './ecosystem-schemes.js';
export { InvalidVersionError, UnsupportedEcosystemError } from './version-errors.js';
export type { Ordering, ParseResult, SchemeName, VersionScheme } from './version-scheme.js';
export { compareDpkgVersions, dpkgScheme, parseDpkgVersion, type DpkgVersion } from './dpkg-version.js';
export { compareRpmVersions, parseRpmVersion, rpmScheme, type RpmVersion } from './rpm-version.js';
export { apkScheme, compareApkVersions, parseApkVersion, type ApkVersion } from './apk-version.js';
export { compareSemverVersions, parseSemverVersion, semverScheme, type SemverVersion } from './semver-version.js';
