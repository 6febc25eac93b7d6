#!/usr/bin/env node
/**
 * `npm run build -w @vigil/web`: writes the API types from the server (generate-api-types.ts), then builds the
 * console into dist/ with vite. When dist/index.html is newer than every source the build would read, both are
 * skipped: `npm start` builds before each start, and they cost seconds of CPU for an unchanged console.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { isUpToDate } from '../../../scripts/build-freshness.mjs';

const web = fileURLToPath(new URL('..', import.meta.url));

if (isUpToDate(`${web}dist/index.html`)) {
  console.log(`console: up to date (${web}dist)`);
  process.exit(0);
}
const types = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', 'scripts/generate-api-types.ts'], { cwd: web, stdio: 'inherit' });
if (types.status !== 0) process.exit(types.status ?? 1);
await build({ root: web, configFile: `${web}vite.config.ts` });
