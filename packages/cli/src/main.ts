/**
 * The `vigil` command.
 * @module
 */
import { Command, CommanderError } from 'commander';
import { adminCommand } from './commands/admin.js';
import { serveCommand } from './commands/serve.js';
import { simulateCommand } from './commands/simulate.js';
import { agentsCommand } from './commands/agents.js';
import { alertsCommand } from './commands/alerts.js';
import { membersCommand } from './commands/members.js';
import { rulesetsCommand } from './commands/rulesets.js';
import { rulesCommand } from './commands/rules.js';
import { webhooksCommand } from './commands/webhooks.js';
import { rawCommand } from './commands/raw.js';
import { exportCommandGroup } from './commands/export.js';
import { intelCommandGroup } from './commands/intel.js';
import { withUsageExitCode } from './client/command.js';
import { EXIT_CODE_HELP } from './client/exit-codes.js';

/** Builds the program (exported for tests and for embedding). */
export function buildProgram(): Command {
  const program = new Command('vigil')
    .description('Vigil: self-hosted host security and threat intelligence with Threat Stack-compatible APIs')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  program.addCommand(serveCommand());
  program.addCommand(adminCommand());
  program.addCommand(simulateCommand());
  // API client commands (credentials: flags > TS_* environment > threatstack.cfg)
  for (const client of [agentsCommand(), alertsCommand(), membersCommand(), rulesetsCommand(), rulesCommand(), webhooksCommand(), rawCommand(), exportCommandGroup(), intelCommandGroup()]) {
    program.addCommand(withUsageExitCode(client));
  }
  program.addHelpText('after', `\n${EXIT_CODE_HELP}\n`);
  return program;
}

/**
 * Runs the CLI with `argv` (as in `process.argv`).
 * ```ts
 * await main(['node', 'vigil', 'admin', 'orgs', 'list']);
 * ```
 */
export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version exit with code 0; usage errors have already been printed by commander
      process.exitCode = err.exitCode;
      return;
    }
    throw err;
  }
}
