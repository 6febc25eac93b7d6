// Whether a build output is newer than every file it is built from, as `tsc --build` decides for the packages.
// `npm start` runs `npm run build` before every start, and `npm ci` has already run it: the agent bundle and the
// console (a vite build, which also loads the whole server to write the API types) were rebuilt each time for
// nothing. A checkout, a `git pull` or an edit gives the changed files a new mtime, so they are rebuilt then;
// deleting the output forces a rebuild.
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * What the agent bundle and the console are built from, relative to the root: every workspace package's sources,
 * manifest and build scripts (the console's API types come from the server, which uses most packages), the
 * console's page and config, and the installed dependencies (npm rewrites node_modules/.package-lock.json).
 */
export const BUILD_INPUTS = [
  ...readdirSync(join(ROOT, 'packages')).flatMap((pkg) => ['src', 'scripts', 'public', 'package.json', 'index.html', 'vite.config.ts', 'tsconfig.json'].map((entry) => join('packages', pkg, entry))),
  'package-lock.json',
  'node_modules/.package-lock.json',
];

/**
 * mtime in ms of a file, or the newest of a folder and everything under it (node_modules and dist skipped: a
 * folder's own mtime moves when a file in it is added or removed); 0 if absent.
 */
export function newestMtime(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules' || name === 'dist') continue;
    newest = Math.max(newest, newestMtime(join(path, name)));
  }
  return newest;
}

/**
 * True when `output` exists and no input (paths relative to `root`) was modified after it.
 * ```js
 * if (isUpToDate('packages/web/dist/index.html')) console.log('console: up to date');
 * ```
 */
export function isUpToDate(output, inputs = BUILD_INPUTS, root = ROOT) {
  const built = newestMtime(resolve(root, output));
  return built > 0 && inputs.every((input) => newestMtime(resolve(root, input)) <= built);
}
