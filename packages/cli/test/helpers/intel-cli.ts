/**
 * `vigil intel …` in this process (see run-cli.ts).
 */
import { runCli, type CliResult } from './run-cli.js';

/**
 * `vigil intel …args` with `env` as the whole environment.
 * ```ts
 * const r = await runIntel(['indicators', 'types', '--format', 'json'], env); // { code, out, err }
 * ```
 */
export function runIntel(args: string[], env: Record<string, string | undefined>): Promise<CliResult> {
  return runCli(['intel', ...args], { env });
}
