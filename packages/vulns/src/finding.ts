/**
 * What matching one installed package against one advisory concludes. The store keeps these per agent;
 * the REST API and alerts read them.
 * @module
 */

/**
 * - `affected`: the installed version is vulnerable and the advisory names no fixed version (unfixed).
 * - `fixable`: the installed version is vulnerable and a fixed version exists that is not installed.
 * Packages the advisory covers but whose installed version is outside every range are not affected and
 * produce no finding; a version that cannot be parsed produces an `invalid` finding carrying the reason,
 * never a guess.
 */
export type FindingStatus = 'affected' | 'fixable' | 'invalid';

/** One package on one host matched by one advisory (for one of its CVEs). */
export interface Finding {
  advisoryId: string;
  /** The installed binary package (Threat Stack's `systemPackage`). */
  packageName: string;
  arch: string;
  installedVersion: string;
  /** The source package the advisory names (Threat Stack's `reportedPackage`). */
  sourceName: string;
  ecosystem: string;
  status: FindingStatus;
  /** The lowest fixed version above the installed one, or null when unfixed or invalid. */
  fixedVersion: string | null;
  /** For `invalid`: why the version could not be compared. */
  reason: string | null;
}
