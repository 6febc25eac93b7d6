/**
 * Runs the real `vigil` process, for the few tests that keep the bin and the process boundary (exit
 * status, pipes, signals) covered; everything else runs in-process (`run-cli.ts`).
 */
import { spawn } from 'node:child_process';
import type { CliResult, RunOptions } from './run-cli.js';

export const CLI = new URL('../../src/run.ts', import.meta.url).pathname;
const TSX = new URL('../../../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

/** The `node` arguments that start `vigil` from its sources. */
export const NODE_ARGS = ['--conditions=source', '--import', TSX, CLI];

/**
 * `vigil …args` as a process with `options.env` added to this one's environment (minus TS_*, so the
 * developer's shell does not leak in); resolves when it exits.
 * ```ts
 * const r = await spawnCli(['--help']);
 * ```
 */
export function spawnCli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('TS_')) env[k] = v;
  for (const [k, v] of Object.entries(options.env ?? {})) if (v !== undefined) env[k] = v;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...NODE_ARGS, ...args], {
      cwd: options.cwd ?? process.cwd(),
      env,
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout!.setEncoding('utf8').on('data', (d) => (out += d));
    child.stderr!.setEncoding('utf8').on('data', (d) => (err += d));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, out, err }));
    if (options.stdin !== undefined) child.stdin!.end(options.stdin);
  });
}
