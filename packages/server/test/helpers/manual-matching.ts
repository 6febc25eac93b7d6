/** Keeps the vulnerability matching worker out of a test file's way: passes run when the test asks. */
import { after, before } from 'node:test';

/**
 * Registers hooks that set environment variables for the servers a test file starts, and put them back
 * afterwards.
 *
 * ```ts
 * fileEnv({ VIGIL_VULN_MATCH_SECONDS: '3600' });
 * ```
 */
export function fileEnv(settings: Record<string, string>): void {
  const saved = Object.fromEntries(Object.keys(settings).map((name) => [name, process.env[name]]));
  before(() => {
    Object.assign(process.env, settings);
  });
  after(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
}

/**
 * Sets the matching interval to an hour and turns off matching on inventory arrival for the servers the
 * file starts, so every pass is a `server.vulnMatching.tick()` the test asks for (and counts what it did).
 *
 * ```ts
 * manualVulnMatching();
 * ```
 */
export function manualVulnMatching(): void {
  fileEnv({ VIGIL_VULN_MATCH_SECONDS: '3600', VIGIL_VULN_MATCH_ON_INVENTORY: '0' });
}
