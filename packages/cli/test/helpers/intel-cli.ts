/**
 * Runs `vigil intel …` in this process (the real command tree, with captured output and exit code), so a
 * test can make dozens of calls without starting dozens of processes.
 */
import { Writable } from 'node:stream';
import { Command, CommanderError } from 'commander';
import { withUsageExitCode } from '../../src/client/command.js';
import { intelCommandGroup } from '../../src/commands/intel.js';
import type { CliResult } from './cli-database.js';

function capture(): { stream: Writable; text(): string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

function quiet(cmd: Command, write: (s: string) => void): void {
  cmd.configureOutput({ writeOut: write, writeErr: write });
  for (const sub of cmd.commands) quiet(sub, write);
}

/**
 * `vigil intel …args` with `env` as the whole environment.
 * ```ts
 * const r = await runIntel(['indicators', 'types', '--format', 'json'], env); // { code, out, err }
 * ```
 */
export async function runIntel(args: string[], env: Record<string, string | undefined>): Promise<CliResult> {
  const out = capture();
  const err = capture();
  let code: number | null = null;
  let usage = '';
  const group = withUsageExitCode(intelCommandGroup({ stdout: out.stream, stderr: err.stream, env, setExitCode: (c) => (code = c) }));
  quiet(group, (s) => (usage += s));
  const program = new Command('vigil').exitOverride().addCommand(group);
  try {
    await program.parseAsync(['intel', ...args], { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    code = e.exitCode;
  }
  return { code, out: out.text(), err: err.text() + usage };
}
