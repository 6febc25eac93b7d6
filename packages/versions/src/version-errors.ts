/**
 * The errors of version comparison: an invalid version and an ecosystem this package does not compare.
 * Callers that take versions from users or advisories turn both into a refusal with the message.
 * @module
 */

/**
 * A version that is not valid in its scheme, with the reason the scheme's own tool would give
 * (`version number does not start with digit`, `invalid suffix "_foo"`, …). Never compared.
 *
 * ```ts
 * try { compareVersions('Debian:12', installed, fixed); }
 * catch (err) { if (err instanceof InvalidVersionError) refuse(err.message); else throw err; }
 * ```
 */
export class InvalidVersionError extends Error {
  readonly scheme: string;
  readonly version: string;
  readonly reason: string;

  constructor(scheme: string, version: string, reason: string) {
    super(`invalid ${scheme} version ${JSON.stringify(version)}: ${reason}`);
    this.name = 'InvalidVersionError';
    this.scheme = scheme;
    this.version = version;
    this.reason = reason;
  }
}

/** An OSV ecosystem whose version ordering this package does not implement exactly (PyPI, Maven, …). */
export class UnsupportedEcosystemError extends Error {
  readonly ecosystem: string;

  constructor(ecosystem: string) {
    super(`unsupported ecosystem ${JSON.stringify(ecosystem)}: its version ordering is not implemented`);
    this.name = 'UnsupportedEcosystemError';
    this.ecosystem = ecosystem;
  }
}
