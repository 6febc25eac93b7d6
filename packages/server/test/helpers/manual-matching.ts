/** Keeps the vulnerability matching worker's timer out of a test file's way. */
import { after, before } from 'node:test';

/**
 * Registers hooks that set the matching interval to an hour for the servers the file starts, so every
 * pass is a `server.vulnMatching.tick()` the test asks for, and put the variable back afterwards.
 *
 * ```ts
 * manualVulnMatching();
 * ```
 */
export function manualVulnMatching(): void {
  const interval = process.env.VIGIL_VULN_MATCH_SECONDS;
  before(() => {
    process.env.VIGIL_VULN_MATCH_SECONDS = '3600';
  });
  after(() => {
    if (interval === undefined) delete process.env.VIGIL_VULN_MATCH_SECONDS;
    else process.env.VIGIL_VULN_MATCH_SECONDS = interval;
  });
}
