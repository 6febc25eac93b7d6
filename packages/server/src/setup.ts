/**
 * `@vigil/server/setup`: what tools need to reach a Vigil database without loading the HTTP server
 * (fastify, OpenAPI UI, …), which keeps `vigil admin` and `vigil simulate` quick to start.
 * @module
 */
export { newId } from './bootstrap.js';
export { feedsFrom, loadConfig, type Config } from './config.js';
export { installBaseRuleSet } from './default-rules.js';
export { importAdvisoryFeed, type FeedImportResult } from './advisories/import-advisory-feed.js';
export { openConfiguredStore, type ConfiguredStore } from './open-configured-store.js';
export { resolveSecret } from './secret.js';
