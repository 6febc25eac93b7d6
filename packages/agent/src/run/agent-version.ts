/** The agent's version, from its package.json (the one place it is written). */
import { createRequire } from 'node:module';

/** Set by the single-file build (scripts/bundle.mjs), which has no package.json beside it. */
declare const VIGIL_BUNDLED_VERSION: string | undefined;

/** True in the single-file build (dist/vigil-agent.mjs). */
export const IS_BUNDLE: boolean = typeof VIGIL_BUNDLED_VERSION === 'string';

export const AGENT_VERSION: string = IS_BUNDLE ? VIGIL_BUNDLED_VERSION! : (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
