/**
 * The `vigil` command.
 * @module
 */
import { Command, CommanderError, Help } from 'commander';
import { withUsageExitCode } from './client/usage-exit-code.js';
import { EXIT_CODE_HELP } from './client/exit-codes.js';
import { COMMANDS, commandToRun, helpTerm, type CommandEntry } from './command-list.js';
import { processIo, type CliIo } from './io.js';
import { VERSION } from './version.js';

/** commander writes help and its errors to `io`, like everything else. */
function writeTo(cmd: Command, io: CliIo): void {
  const width = (s: { isTTY?: boolean; columns?: number }) => (s.isTTY && s.columns ? s.columns : 80);
  cmd.configureOutput({
    writeOut: (s) => io.stdout.write(s),
    writeErr: (s) => io.stderr.write(s),
    getOutHelpWidth: () => width(io.stdout),
    getErrHelpWidth: () => width(io.stderr),
  });
  for (const sub of cmd.commands) writeTo(sub, io);
}

/** commander throws instead of calling `process.exit` (main turns that into the exit code). */
function throwOnExit(cmd: Command): void {
  cmd.exitOverride();
  for (const sub of cmd.commands) throwOnExit(sub);
}

/** A command known by its entry only: enough for `vigil --help`, never run. */
function placeholder(entry: CommandEntry): Command {
  const cmd = new Command(entry.name).description(entry.description);
  return entry.alias ? cmd.alias(entry.alias) : cmd;
}

/**
 * Builds the program with the command `args` run loaded (and only that one); the others are listed
 * from {@link COMMANDS}.
 * ```ts
 * const program = await buildProgram(['agents', 'list'], processIo());
 * ```
 */
export async function buildProgram(args: readonly string[], io: CliIo): Promise<Command> {
  const program = new Command('vigil')
    .description('Vigil: self-hosted host security and threat intelligence with Threat Stack-compatible APIs')
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride();
  const terms = new Map<Command, string>();
  const running = commandToRun(args);
  for (const entry of COMMANDS) {
    let cmd = placeholder(entry);
    if (entry === running) {
      cmd = await entry.load(io);
      if (entry.client) withUsageExitCode(cmd);
      else throwOnExit(cmd);
    }
    terms.set(cmd, helpTerm(entry));
    program.addCommand(cmd);
  }
  const help = new Help();
  program.configureHelp({ subcommandTerm: (cmd) => terms.get(cmd) ?? help.subcommandTerm(cmd) });
  program.addHelpText('after', `\n${EXIT_CODE_HELP}\n`);
  writeTo(program, io);
  return program;
}

/**
 * Runs the CLI with `argv` (as in `process.argv`) on `io` (the process unless given): its output,
 * messages and exit code all go there.
 * ```ts
 * await main(['node', 'vigil', 'admin', 'orgs', 'list']);
 * ```
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<void> {
  try {
    const program = await buildProgram(argv.slice(2), io);
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version exit with code 0; usage errors have already been printed by commander
      io.setExitCode(err.exitCode);
      return;
    }
    // loaded only on failure: the error report needs the SDK's error classes
    const { reportFailure } = await import('./format/output.js');
    reportFailure(io, err);
  }
}
