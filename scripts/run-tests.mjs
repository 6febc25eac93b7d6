#!/usr/bin/env node
// Runs every *.test.ts under packages/*/test and bench/test in ONE node:test invocation, so CI reads a
// single summary. Node 20's runner has no globs and exits 0 when it finds nothing, so we list the files
// ourselves and refuse to run an empty list. The per-file timeout is generous because the CLI files spawn
// dozens of real processes, which on a busy 2-core machine took over 300 s.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;

function walk(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    if (name === 'node_modules' || name === 'dist') continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, full));
  }
  return out;
}

const only = process.argv.slice(2);
const files = only.length
  ? only
  : readdirSync(join(root, 'packages'))
      .flatMap((pkg) => walk(join(root, 'packages', pkg, 'test'), []))
      .sort();

if (files.length === 0) {
  console.error('run-tests: no test files found');
  process.exit(1);
}

const timesDir = mkdtempSync(join(tmpdir(), 'vigil-test-times-'));
const timesFile = join(timesDir, 'files.txt');
const started = Date.now();
const result = spawnSync(
  process.execPath,
  [
    '--conditions=source',
    '--import',
    'tsx',
    '--test',
    '--test-timeout=600000',
    '--test-reporter=tap',
    '--test-reporter-destination=stdout',
    `--test-reporter=${join(root, 'scripts/test-file-times.mjs')}`,
    `--test-reporter-destination=${timesFile}`,
    ...files,
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
let times = '';
try {
  times = readFileSync(timesFile, 'utf8');
} catch {
  // the runner died before its reporters finished; the TAP output above says why
}
rmSync(timesDir, { recursive: true, force: true });
const slowest = times.split('\n').filter(Boolean).slice(0, 15).map((line) => `#   ${line.replace(`${root}`, '')}`);
console.log(`# ${files.length} test files in ${((Date.now() - started) / 1000).toFixed(0)} s; the slowest:`);
console.log(slowest.join('\n'));
process.exit(result.status ?? 1);
