/**
 * What every `vigil intel …` command shares: where the threat library is and how to log in (flags, then
 * `VIGIL_INTEL_*` variables), `--format`, and one place that turns failures into a message and an exit
 * code. Passwords and client secrets are read from the environment only, never from flags, so they do not
 * show up in `ps` or shell history; nothing here prints them.
 * @module
 */
import { Command, Option } from 'commander';
import { AuthenticationError, ConfigError, ThreatLibraryClient, THREAT_LIBRARY_ENV } from '@vigil/sdk';
import { ExitCode, UsageError } from '../client/exit-codes.js';
import { redact } from '../client/report-error.js';
import { chooseFormat, FORMATS, Output, reportFailure } from '../format/output.js';
import type { CliIo, InStream, OutStream } from '../io.js';
import { VERSION } from '../version.js';

export interface IntelContext {
  client: ThreatLibraryClient;
  output: Output;
  /** for a download streamed to a pipe */
  stdout: OutStream;
  /** for `-` arguments */
  stdin: InStream;
}

interface IntelFlags {
  url?: string;
  email?: string;
  clientId?: string;
  format?: string;
  timeout?: string;
  verbose?: boolean;
}

/**
 * A leaf `intel` command with the connection flags and `--format`.
 * ```ts
 * intelCommand('types', 'List indicator types').action(intelAction(io, async (ctx) => …));
 * ```
 */
export function intelCommand(name: string, description: string): Command {
  return new Command(name)
    .description(description)
    .addOption(new Option('--format <format>', 'output: table, json (exactly the API objects) or csv; default table on a terminal, else json').choices(FORMATS))
    .option('--url <url>', `server URL (env ${THREAT_LIBRARY_ENV.baseUrl}; default http://127.0.0.1:8080)`)
    .option('--email <email>', `log in as this console user (env ${THREAT_LIBRARY_ENV.email}; password from ${THREAT_LIBRARY_ENV.password})`)
    .option('--client-id <id>', `OAuth client id (env ${THREAT_LIBRARY_ENV.clientId}; with ${THREAT_LIBRARY_ENV.clientSecret} and no email: client credentials)`)
    .option('--timeout <seconds>', 'give up after this long, retries included (default 120)')
    .option('-v, --verbose', 'log each request line and status on stderr (never a token or secret)');
}

/** A fetch that logs method, path and status only (tokens travel in headers and bodies, which it never prints). */
function loggingFetch(stderr: NodeJS.WritableStream): typeof fetch {
  return async (input, init) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    const method = init?.method ?? 'GET';
    try {
      const res = await fetch(input, init);
      stderr.write(`vigil: ${method} ${url.pathname} → ${res.status}\n`);
      return res;
    } catch (err) {
      stderr.write(`vigil: ${method} ${url.pathname} → ${(err as Error).message}\n`);
      throw err;
    }
  };
}

function createIntelContext(flags: IntelFlags, io: CliIo): IntelContext {
  const { stdout, stderr, env } = io;
  const output = new Output(chooseFormat(flags.format, stdout), io);
  let deadlineMs: number | undefined;
  if (flags.timeout !== undefined) {
    const s = Number(flags.timeout);
    if (!Number.isFinite(s) || s <= 0) throw new UsageError(`--timeout must be a number of seconds > 0 (got "${flags.timeout}")`);
    deadlineMs = s * 1000;
  }
  const overrides = {
    baseUrl: flags.url,
    email: flags.email,
    clientId: flags.clientId,
    userAgent: `vigil-cli/${VERSION}`,
    ...(deadlineMs === undefined ? {} : { deadlineMs, timeoutMs: Math.min(30_000, deadlineMs) }),
    ...(flags.verbose ? { fetch: loggingFetch(stderr) } : {}),
  };
  let client: ThreatLibraryClient;
  try {
    client = ThreatLibraryClient.fromEnv(env, overrides);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const e = THREAT_LIBRARY_ENV;
    throw new UsageError(`${err.message} (set ${e.clientId} or --client-id, with ${e.email} + ${e.password}, or ${e.clientSecret}; ${e.baseUrl} or --url for the server)`);
  }
  return { client, output, stdout, stdin: io.stdin };
}

/**
 * Wraps an `intel` command body: builds the client, prints one clear message for a failure and sets the
 * exit code (refused credentials exit 3, like a 401, even though OAuth answers them with a 400).
 */
export function intelAction(io: CliIo, body: (ctx: IntelContext, args: string[], opts: any) => Promise<void>) {
  return async (...all: unknown[]): Promise<void> => {
    const cmd = all[all.length - 1] as Command;
    const opts = cmd.opts();
    const args = all.slice(0, -2) as string[];
    const env = io.env;
    const secrets = [env[THREAT_LIBRARY_ENV.password], env[THREAT_LIBRARY_ENV.clientSecret]];
    try {
      await body(createIntelContext(opts, io), args, opts);
    } catch (err) {
      if (err instanceof AuthenticationError) {
        const hint = err.path === '/api/token'
          ? `check ${THREAT_LIBRARY_ENV.email} / ${THREAT_LIBRARY_ENV.password} / ${THREAT_LIBRARY_ENV.clientId} (or ${THREAT_LIBRARY_ENV.clientSecret})`
          : 'the token was refused even after logging in again';
        io.stderr.write(redact(`vigil: ${err.message}\n  (${hint})\n`, secrets));
        io.setExitCode(ExitCode.auth);
        return;
      }
      reportFailure(io, err, { secrets, baseUrl: opts.url ?? env[THREAT_LIBRARY_ENV.baseUrl], verbose: opts.verbose === true });
      return;
    }
    io.setExitCode(ExitCode.ok);
  };
}
