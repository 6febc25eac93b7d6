/**
 * Runs `vigil` in this process: the real program (`main`) with captured stdout and stderr, a given
 * environment and stdin, and its exit code. A test server started in the same process keeps answering,
 * and a run costs milliseconds instead of a process start. `spawn-cli.ts` keeps a few real-process runs.
 */
import { Readable, Writable } from 'node:stream';
import { main } from '../../src/main.js';
import type { CliIo } from '../../src/io.js';

export interface CliResult {
  code: number | null;
  out: string;
  err: string;
}

export interface RunOptions {
  /** the whole environment of the run (nothing comes from this process's) */
  env?: Record<string, string | undefined>;
  /** the working folder (threatstack.cfg, export files) */
  cwd?: string;
  /** what is piped to stdin (default: nothing, and not a terminal) */
  stdin?: string;
}

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

// process.chdir is process-wide: runs take turns
let queue: Promise<unknown> = Promise.resolve();

/**
 * `vigil …args`, resolved when the command is done.
 * ```ts
 * const r = await runCli(['agents', 'list'], { env: serverEnv(server) }); // { code, out, err }
 * ```
 */
export function runCli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  const run = queue.then(() => runNow(args, options));
  queue = run.catch(() => undefined);
  return run;
}

async function runNow(args: string[], options: RunOptions): Promise<CliResult> {
  const out = capture();
  const err = capture();
  let code: number | undefined;
  const io: CliIo = {
    stdout: out.stream,
    stderr: err.stream,
    stdin: Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]),
    env: { ...options.env },
    setExitCode: (c) => {
      code = c;
    },
    exitCode: () => code,
  };
  const cwd = process.cwd();
  if (options.cwd !== undefined) process.chdir(options.cwd);
  try {
    await main(['node', 'vigil', ...args], io);
  } finally {
    process.chdir(cwd);
  }
  return { code: code ?? 0, out: out.text(), err: err.text() };
}
