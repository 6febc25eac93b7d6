/**
 * Where a `vigil` run reads and writes: its streams, environment and exit status. Commands never touch
 * `process` for these, so tests run the whole CLI in-process with their own (see `test/helpers/run-cli.ts`).
 * @module
 */

export type OutStream = NodeJS.WritableStream & { isTTY?: boolean };
export type InStream = NodeJS.ReadableStream & { isTTY?: boolean };

export interface CliIo {
  stdout: OutStream;
  stderr: OutStream;
  stdin: InStream;
  env: Record<string, string | undefined>;
  /** the exit status of the run (`process.exitCode` for the real process) */
  setExitCode(code: number): void;
  /** the exit status set so far, if any */
  exitCode(): number | undefined;
}

/**
 * The real process. `vigil … | head` closes the pipe early: stop quietly then, as other Unix tools do.
 * ```ts
 * await main(process.argv, processIo());
 * ```
 */
export function processIo(): CliIo {
  process.stdout.once('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    setExitCode: (code) => {
      process.exitCode = code;
    },
    exitCode: () => (process.exitCode === undefined ? undefined : Number(process.exitCode)),
  };
}

/**
 * Everything left on a stream (standard input for `-` arguments and piped passwords).
 * ```ts
 * const text = (await readAll(io.stdin)).toString('utf8');
 * ```
 */
export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
