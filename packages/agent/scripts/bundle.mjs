#!/usr/bin/env node
/**
 * Builds dist/vigil-agent.mjs: the whole agent (its workspace packages and npm dependencies included) in one
 * file that runs with plain `node` on a host with no checkout and no node_modules. It is bundled from the
 * TypeScript sources, so it does not wait for `tsc`. An argument names another output file (the tests use it).
 * An output newer than every source is left as it is (`npm start` builds before each start).
 */
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { isUpToDate } from '../../../scripts/build-freshness.mjs';

const root = new URL('..', import.meta.url);
const { version } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const outfile = process.argv[2] ?? new URL('dist/vigil-agent.mjs', root).pathname;

if (isUpToDate(outfile)) {
  console.log(`agent bundle: up to date (${outfile})`);
  process.exit(0);
}
await build({
  entryPoints: [new URL('src/bin.ts', root).pathname],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  conditions: ['source'],
  // The version modules read package.json next to them, which a lone file does not have.
  define: { VIGIL_BUNDLED_VERSION: JSON.stringify(version) },
  // CommonJS dependencies bundled into an ES module still call require() for Node's built-in modules.
  banner: { js: "#!/usr/bin/env node\nimport { createRequire as vigilCreateRequire } from 'node:module';\nconst require = vigilCreateRequire(import.meta.url);" },
  legalComments: 'inline',
  logLevel: 'warning',
});
