/**
 * Commander's own usage errors (unknown option, missing argument, bad choice) as exit 2 in a client
 * command tree.
 * @module
 */
import type { Command } from 'commander';
import { ExitCode } from './exit-codes.js';

/**
 * Makes commander's own errors (unknown option, missing argument, bad choice) exit 2 in a command
 * tree, like the usage errors the commands find themselves; help and version still exit 0.
 */
export function withUsageExitCode(cmd: Command): Command {
  cmd.exitOverride((err) => {
    if (err.exitCode !== 0) (err as { exitCode: number }).exitCode = ExitCode.usage;
    throw err;
  });
  cmd.showHelpAfterError();
  for (const sub of cmd.commands) withUsageExitCode(sub);
  return cmd;
}
