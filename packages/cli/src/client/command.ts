/**
 * The shared shape of every client command: connection flags, `--format`, limits, and one place that
 * turns failures into a message and an exit code.
 * @module
 */
import { Command, Option } from 'commander';
import { VigilClient } from '@vigil/sdk';
import { chooseFormat, FORMATS, Output } from '../format/output.js';
import { resolveConnection, type Connection, type ConnectionFlags } from './credentials.js';
import { ExitCode, UsageError } from './exit-codes.js';
import { reportError } from './report-error.js';

export interface ClientContext {
  client: VigilClient;
  connection: Connection;
  output: Output;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  verbose: boolean;
  /** the progress bar may be shown (it still needs stderr to be a terminal) */
  progress: boolean;
}

interface CommonFlags extends ConnectionFlags {
  format?: string;
  timeout?: string;
  maxRetries?: string;
  verbose?: boolean;
  progress?: boolean;
}

/**
 * A leaf command with the connection flags (and `--format` unless `format: false`).
 * ```ts
 * clientCommand('show', 'Show one agent').argument('<id>').action(clientAction(async (ctx, [id]) => …));
 * ```
 */
export function clientCommand(name: string, description: string, options: { format?: boolean } = {}): Command {
  const cmd = new Command(name).description(description);
  if (options.format ?? true) {
    cmd.addOption(
      new Option('--format <format>', 'output: table, json (exactly the API objects) or csv; default table on a terminal, else json').choices(FORMATS),
    );
  }
  return cmd
    .option('-u, --user-id <id>', 'user id (env TS_USER_ID)')
    .option('-k, --api-key <key>', 'API key (env TS_API_KEY; prefer the environment or config file)')
    .option('-o, --organization-id <id>', 'organization id (env TS_ORGANIZATION_ID)')
    .option('-e, --endpoint <url>', 'server URL (env TS_API_ENDPOINT; default http://127.0.0.1:8080)')
    .option('--config-file <path>', 'Threat Stack scripts config file (default threatstack.cfg)')
    .addOption(new Option('--config_file <path>', 'the scripts\' spelling of --config-file').hideHelp())
    .option('--org <section>', 'section of the config file (default DEFAULT)')
    .option('--timeout <seconds>', 'give up after this long, retries included (default 120)')
    .option('--max-retries <n>', 'retries of 429, 5xx and network errors (default 3)')
    .option('-v, --verbose', 'log each request line and status on stderr (never the key)');
}

function positiveNumber(raw: string | undefined, flag: string, integer: boolean): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
    throw new UsageError(`${flag} must be a ${integer ? 'whole ' : ''}number ≥ 0 (got "${raw}")`);
  }
  return n;
}

/** A fetch that logs request lines (method, path, status, time) and nothing else. */
function loggingFetch(stderr: NodeJS.WritableStream): typeof fetch {
  return async (input, init) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const method = init?.method ?? 'GET';
    const started = Date.now();
    try {
      const res = await fetch(input, init);
      stderr.write(`vigil: ${method} ${url.pathname}${url.search} → ${res.status} (${Date.now() - started} ms)\n`);
      return res;
    } catch (err) {
      stderr.write(`vigil: ${method} ${url.pathname}${url.search} → ${(err as Error).message}\n`);
      throw err;
    }
  };
}

/** Builds the connection, client and output for one invocation. */
export function createContext(flags: CommonFlags, io: { stdout?: ClientContext['stdout']; stderr?: ClientContext['stderr']; env?: NodeJS.ProcessEnv } = {}): ClientContext {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  // `vigil … | head` closes the pipe early: stop quietly, as other Unix tools do
  stdout.once('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  const format = chooseFormat(flags.format, stdout);
  const connection = resolveConnection(flags, io.env ?? process.env);
  const timeout = positiveNumber(flags.timeout, '--timeout', false);
  const maxRetries = positiveNumber(flags.maxRetries, '--max-retries', true);
  const verbose = flags.verbose === true;
  if (verbose) {
    stderr.write(
      `vigil: user ${connection.userId}, organization ${connection.organizationId}, ` +
        `endpoint ${connection.baseUrl ?? '(default)'}, from ${connection.source}\n`,
    );
  }
  const client = new VigilClient({
    userId: connection.userId,
    apiKey: connection.apiKey,
    organizationId: connection.organizationId,
    ...(connection.baseUrl === undefined ? {} : { baseUrl: connection.baseUrl }),
    ...(timeout === undefined ? {} : { deadlineMs: Math.max(1, timeout * 1000), timeoutMs: Math.max(1, Math.min(30_000, timeout * 1000)) }),
    ...(maxRetries === undefined ? {} : { maxRetries }),
    ...(verbose ? { fetch: loggingFetch(stderr) } : {}),
    userAgent: 'vigil-cli/0.1.0',
  });
  return { client, connection, output: new Output(format, stdout), stdout, stderr, verbose, progress: flags.progress !== false };
}

/**
 * Wraps a command body: builds the context from the command's options, and sets the exit code from
 * whatever it throws (after printing one clear message).
 */
export function clientAction(body: (ctx: ClientContext, args: string[], opts: any, cmd: Command) => Promise<void>) {
  return async (...all: unknown[]): Promise<void> => {
    const cmd = all[all.length - 1] as Command;
    const opts = cmd.opts();
    const args = all.slice(0, -2) as string[];
    let ctx: ClientContext | undefined;
    try {
      ctx = createContext(opts);
      await body(ctx, args, opts, cmd);
    } catch (err) {
      const code = reportError(err, process.stderr, {
        secrets: [ctx?.connection.apiKey, opts.apiKey, process.env.TS_API_KEY],
        baseUrl: ctx?.connection.baseUrl ?? 'http://127.0.0.1:8080',
        verbose: opts.verbose === true,
      });
      process.exitCode = code;
      return;
    }
    process.exitCode ??= ExitCode.ok;
  };
}

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
