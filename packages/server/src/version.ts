/** This package's version, read from its package.json: the one place it is written (all packages share it). */
import { createRequire } from 'node:module';

export const VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;
