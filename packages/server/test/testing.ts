/**
 * `@vigil/server/testing`: what other packages' tests use to run a Vigil server against a throw-away
 * database (SQLite or PostgreSQL), seed it and speak the agent protocol to it; `@vigil/server/testing/threatq`
 * adds a ThreatQ session. TypeScript sources, resolved under the `source` condition tests run with; not part
 * of the built package.
 * @module
 */
export { postBatch, registerAgent } from './helpers/agent-client.js';
export { agentFixture, alertFixture, memberWithRole, otherOrganization } from './helpers/fixtures.js';
export { startTestServer, type TestServer } from './helpers/test-server.js';
export { manualVulnMatching } from './helpers/manual-matching.js';
