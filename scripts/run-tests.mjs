#!/usr/bin/env node
// Runs every *.test.ts under packages/*/test and scripts/test (the build scripts' own) with node:test, two files
// at a time (the suite is mostly process starts and waits on PostgreSQL, so a second file in flight uses the
// second core: 20–25 % faster on the 2-core CI machine). Files that switch the kernel's audit subsystem (they run the real `auditctl`, whose
// rules and enabled flag are machine-wide) cannot share the machine with each other, so they run one at a
// time, in a lane of their own beside the others (they mostly wait on the kernel and on their server; run
// after the others they were a tail with one core idle); that lane's output is printed when it ends, after
// the other's, so neither garbles the other's TAP. Node 20's runner has no globs and exits 0 when it finds nothing, so we list the
// files ourselves and refuse to run an empty list. The per-file timeout is generous because a busy 2-core
// machine has taken minutes over files that normally take seconds. Each file's row in the closing table
// carries its CPU time beside its wall time (test-file-cpu.mjs): on a shared machine the wall time says how
// busy the machine was, the CPU time what the file costs. VIGIL_TEST_TIMES_FILE=path keeps the whole table.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawn } from 'node:child_process';
import { once } from 'node:events';

const root = new URL('..', import.meta.url).pathname;
/** Files in flight at once outside the serial group; VIGIL_TEST_CONCURRENCY=1 runs everything in turn. */
const concurrency = Number(process.env.VIGIL_TEST_CONCURRENCY ?? 2);
/** A test that runs the real `auditctl` (not a fake passed in) toggles state every such test depends on. */
const RUNS_AUDITCTL = /\b(?:execFileSync|execFile|execSync|spawnSync|spawn)\(\s*['"`]auditctl\b/;

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

/**
 * Packages whose test files share nothing through the process (no process-wide state; the store's, the SDK's and
 * the agent's files each make their own databases, servers and folders): each package's files run in one process,
 * as one entry that imports them all (VIGIL_TEST_PROCESS_PER_FILE=1: not). Starting node and the TypeScript
 * loader, and loading the package's sources, for each file cost more CPU than most of these files' tests: same run, 2026-12-08, the 40 files of
 * hawk…vulns 30 → 10 s of CPU, the store's 36 files 94 → 31 s, the SDK's 13 (each its own servers) 48 → 21 s,
 * the agent's 20 (not those that run auditctl, which keep their own lane) 49 → 29 s.
 * Returns the files to run (entries in place of these) and what the phase's name adds.
 */
function shareProcesses(list) {
  if (process.env.VIGIL_TEST_PROCESS_PER_FILE === '1') return [list, ''];
  const entries = [];
  const grouped = new Set();
  for (const pkg of SHARED_PROCESS) {
    const own = list.filter((file) => file.startsWith(`packages/${pkg}/test/`));
    if (own.length < 2) continue;
    const entry = join(timesDir, `${pkg}-tests-in-one-process.test.mjs`);
    writeFileSync(entry, own.map((file) => `import ${JSON.stringify(pathToFileURL(resolve(root, file)).href)};\n`).join(''));
    entries.push(entry);
    for (const file of own) grouped.add(file);
  }
  const note = grouped.size ? ` (${grouped.size} of them in ${entries.length} processes, one per package)` : '';
  // First: a package's process is the longest item, and started last it would be a tail with one core idle.
  return [[...entries, ...list.filter((file) => !grouped.has(file))], note];
}
const SHARED_PROCESS = ['hawk', 'rules', 'versions', 'intel', 'vulns', 'store', 'sdk', 'agent'];

const only = process.argv.slice(2);
const files = only.length
  ? only
  : readdirSync(join(root, 'packages'))
      .flatMap((pkg) => walk(join(root, 'packages', pkg, 'test'), []))
      .concat(walk(join(root, 'scripts', 'test'), []))
      .sort();

if (files.length === 0) {
  console.error('run-tests: no test files found');
  process.exit(1);
}

const timesDir = mkdtempSync(join(tmpdir(), 'vigil-test-times-'));
const serial = files.filter((file) => RUNS_AUDITCTL.test(readFileSync(resolve(root, file), 'utf8')));
const [parallel, sharing] = shareProcesses(files.filter((f) => !serial.includes(f)));
const phases = [
  { name: `${files.length - serial.length} files${sharing}, ${concurrency} at a time`, files: parallel, concurrency },
  { name: `${serial.length} files that run auditctl, one at a time beside the others`, files: serial, concurrency: 1 },
].filter((phase) => phase.files.length > 0);

const cpuFile = join(timesDir, 'cpu.txt');
const started = Date.now();
let status = 0;
const rows = [];
const totals = new Map();
/** Runs one phase's files in a node:test runner; the first phase writes to our stdout, the others are kept and printed after it. */
async function runPhase(phase, index) {
  const timesFile = join(timesDir, `phase-${index}.txt`);
  const child = spawn(
    process.execPath,
    [
      '--conditions=source',
      '--import',
      'tsx',
      '--import',
      join(root, 'scripts/test-file-cpu.mjs'),
      '--test',
      `--test-concurrency=${phase.concurrency}`,
      '--test-timeout=600000',
      '--test-reporter=tap',
      '--test-reporter-destination=stdout',
      `--test-reporter=${join(root, 'scripts/test-file-times.mjs')}`,
      `--test-reporter-destination=${timesFile}`,
      ...phase.files,
    ],
    { cwd: root, stdio: ['ignore', index === 0 ? 'inherit' : 'pipe', 'inherit'], env: { ...process.env, NODE_ENV: 'test', VIGIL_TEST_CPU_FILE: cpuFile } },
  );
  const output = [];
  child.stdout?.on('data', (chunk) => output.push(chunk));
  const [code] = await once(child, 'close');
  return { timesFile, code, output: Buffer.concat(output) };
}

if (phases.length > 1) console.log(`# phase 1 of ${phases.length}: ${phases[0].name}; at the same time, phase 2: ${phases[1].name}`);
const results = await Promise.all(phases.map(runPhase));
for (const [index, { timesFile, code, output }] of results.entries()) {
  if (index > 0) {
    console.log(`# phase ${index + 1} of ${phases.length}: ${phases[index].name}`);
    process.stdout.write(output);
  }
  if (code !== 0) status = code ?? 1;
  let times = '';
  try {
    times = readFileSync(timesFile, 'utf8');
  } catch {
    // the runner died before its reporters finished; the TAP output above says why
  }
  for (const line of times.split('\n').filter(Boolean)) {
    const counted = /^# totals (.*)$/.exec(line);
    if (!counted) rows.push(line);
    else for (const [name, value] of counted[1].split(' ').map((pair) => pair.split('='))) totals.set(name, (totals.get(name) ?? 0) + Number(value));
  }
}
/** file → [CPU seconds of its process, of the processes it waited for] */
const cpu = new Map();
try {
  for (const line of readFileSync(cpuFile, 'utf8').split('\n').filter(Boolean)) {
    const [file, own, children] = line.split(' ');
    cpu.set(file, [Number(own), Number(children)]);
  }
} catch {
  // no CPU figures (not Linux, or every file died before exiting)
}
rmSync(timesDir, { recursive: true, force: true });

if (phases.length > 1) {
  // Each phase printed its own summary; CI reads the closing lines, so they count every phase.
  console.log('# all phases');
  for (const [name, value] of totals) console.log(`# ${name} ${value}`);
}
const wall = (line) => Number(line.trim().split(' ')[0]);
// Each row gains the file's CPU time: its wall time moves with whatever else the machine runs, its CPU does not.
const withCpu = (line) => {
  const used = cpu.get(line.slice(line.lastIndexOf(' ') + 1));
  const path = line.slice(line.lastIndexOf(' ') + 1).replace(root, '').replace(`${timesDir}/`, '');
  const head = line.slice(0, line.lastIndexOf(' ') + 1);
  return `${head}${used ? `${used[0].toFixed(1).padStart(6)} s CPU ${used[1] > 0 ? `+${used[1].toFixed(1)}` : ''}`.padEnd(20) : ''.padEnd(20)}${path}`;
};
const table = rows.sort((a, b) => wall(b) - wall(a)).map(withCpu);
// VIGIL_TEST_TIMES_FILE keeps the whole table (every file), for comparing runs.
if (process.env.VIGIL_TEST_TIMES_FILE) writeFileSync(process.env.VIGIL_TEST_TIMES_FILE, table.join('\n') + '\n');
const cpuTotal = [...cpu.values()].reduce((sum, [own, children]) => sum + own + children, 0);
console.log(`# ${files.length} test files in ${((Date.now() - started) / 1000).toFixed(0)} s (${cpuTotal.toFixed(0)} s of CPU in their processes); the slowest:`);
console.log(table.slice(0, 15).map((line) => `#   ${line}`).join('\n'));
process.exit(status);
