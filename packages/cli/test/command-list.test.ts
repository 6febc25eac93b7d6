/**
 * `vigil --help` lists the commands from `COMMANDS` without loading them: each line there must be what
 * the command itself says.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Help } from 'commander';
import { COMMANDS, commandToRun, helpTerm } from '../src/command-list.js';
import type { CliIo } from '../src/io.js';
import { runCli } from './helpers/run-cli.js';

describe('the command list', () => {
  it('matches each command: name, alias, description and its line in vigil --help', async () => {
    const help = new Help();
    // loaded, never run
    const io: CliIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: {}, setExitCode() {}, exitCode: () => undefined };
    for (const entry of COMMANDS) {
      const cmd = await entry.load(io);
      assert.equal(cmd.name(), entry.name);
      assert.deepEqual(cmd.aliases(), entry.alias ? [entry.alias] : []);
      assert.equal(cmd.description(), entry.description);
      assert.equal(helpTerm(entry), help.subcommandTerm(cmd), entry.name);
    }
  });

  it('finds the command to load by name, alias, or after help', () => {
    assert.equal(commandToRun(['agent', 'list'])?.name, 'agents');
    assert.equal(commandToRun(['help', 'rules'])?.name, 'rules');
    assert.equal(commandToRun(['--help']), undefined);
    assert.equal(commandToRun(['nope']), undefined);
  });

  it('vigil help <command> and vigil <command> --help show that command', async () => {
    const [viaHelp, viaFlag] = [await runCli(['help', 'alerts']), await runCli(['alerts', '--help'])];
    assert.equal(viaHelp.code, 0);
    assert.equal(viaFlag.code, 0);
    assert.equal(viaHelp.out, viaFlag.out);
    assert.match(viaFlag.out, /^Usage: vigil alerts/);
    assert.match(viaFlag.out, /\n {2}dismiss /);
  });
});
