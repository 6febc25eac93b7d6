/** The agent's version, from its package.json (the one place it is written). */
import { createRequire } from 'node:module';

export const AGENT_VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
