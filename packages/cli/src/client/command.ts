/**
 * The shared shape of every client command: connection flags, `--format`, limits, and one place that
 * turns failures into a message and an exit code.
 * @module
 */
import { Command, Option } from 'commander';
import { VigilClient } from '@vigil/sdk';
import { chooseFormat, FORMATS, Output, reportFailure } from '../format/output.js';
import type { CliIo } from '../io.js';
import { resolveConnection, type Connection, type ConnectionFlags } from './credentials.js';
import { ExitCode, UsageError } from './exit-codes.js';
import { VERSION } from '../version.js';

export interface ClientContext {
  client: VigilClient;
  connection: Connection;
  output: Output;
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
export function createContext(flags: CommonFlags, io: CliIo): ClientContext {
  const { stderr } = io;
  const output = new Output(chooseFormat(flags.format, io.stdout), io);
  const connection = resolveConnection(flags, io.env);
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
    userAgent: `vigil-cli/${VERSION}`,
  });
  return { client, connection, output, verbose, progress: flags.progress !== false };
}

/**
 * Wraps a command body: builds the context from the command's options and `io`, and sets the exit code
 * from whatever it throws (after printing one clear message).
 * ```ts
 * clientCommand('show', 'Show one agent').action(clientAction(io, async (ctx, [id]) => ctx.output.one(await ctx.client.agents.retrieve(id!))));
 * ```
 */
export function clientAction(io: CliIo, body: (ctx: ClientContext, args: string[], opts: any, cmd: Command) => Promise<void>) {
  return async (...all: unknown[]): Promise<void> => {
    const cmd = all[all.length - 1] as Command;
    const opts = cmd.opts();
    const args = all.slice(0, -2) as string[];
    let ctx: ClientContext | undefined;
    try {
      ctx = createContext(opts, io);
      await body(ctx, args, opts, cmd);
    } catch (err) {
      reportFailure(io, err, {
        secrets: [ctx?.connection.apiKey, opts.apiKey, io.env.TS_API_KEY],
        baseUrl: ctx?.connection.baseUrl ?? 'http://127.0.0.1:8080',
        verbose: opts.verbose === true,
      });
      return;
    }
    if (io.exitCode() === undefined) io.setExitCode(ExitCode.ok);
  };
}
