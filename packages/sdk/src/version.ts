/** This package's version, read from its package.json: the one place it is written (all packages share it). */
import { createRequire } from 'node:module';

/** Set by the agent's single-file build (packages/agent/scripts/bundle.mjs), which has no package.json beside it. */
declare const VIGIL_BUNDLED_VERSION: string | undefined;

export const VERSION: string =
  typeof VIGIL_BUNDLED_VERSION === 'string' ? VIGIL_BUNDLED_VERSION : (createRequire(import.meta.url)('../package.json') as { version: string }).version;
