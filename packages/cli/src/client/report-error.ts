/**
 * One clear message on stderr for every failure of a client command, with a hint for the common
 * ones, and never the API key.
 * @module
 */
import { ApiError, ConfigError, ConnectionError, ServerAuthorizationError, TimeoutError } from '@vigil/sdk';
import { ExitCode, exitCodeForStatus, NotAvailableError, UsageError } from './exit-codes.js';

/** Replaces every secret in `text` with `***` (belt and braces: the SDK never puts the key in errors). */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('***');
  return out;
}

function hint(err: unknown, baseUrl: string | undefined): string | undefined {
  if (err instanceof ApiError) {
    if (err.status === 401) return 'check the user id, API key and organization id (and this machine\'s clock)';
    if (err.status === 403) return 'your role in this organization does not allow this';
    if (err.status === 429) {
      const s = err.retryAfterMs === undefined ? undefined : Math.ceil(err.retryAfterMs / 1000);
      return `rate limited by the server${s === undefined ? '' : `; try again in ${s} s`}`;
    }
    return undefined;
  }
  if (err instanceof TimeoutError) return `no answer in time from ${baseUrl ?? 'the server'} (see --timeout)`;
  if (err instanceof ConnectionError) return `is the server running at ${baseUrl ?? 'the endpoint'}? (--endpoint, TS_API_ENDPOINT)`;
  if (err instanceof ServerAuthorizationError) return 'the response was not signed with your key: is this the right server?';
  return undefined;
}

/**
 * The exit code for anything a client command throws.
 * ```ts
 * process.exitCode = exitCodeFor(err);
 * ```
 */
export function exitCodeFor(err: unknown): ExitCode {
  if (err instanceof UsageError || err instanceof ConfigError) return ExitCode.usage;
  if (err instanceof NotAvailableError) return ExitCode.notFound;
  if (err instanceof ApiError) return exitCodeForStatus(err.status);
  if (err instanceof ServerAuthorizationError) return ExitCode.auth;
  // TimeoutError extends ConnectionError
  if (err instanceof ConnectionError) return ExitCode.server;
  return ExitCode.unexpected;
}

/** What a failure report may name, and must not. */
export interface ReportContext {
  /** values never printed (API keys, passwords) */
  secrets?: readonly (string | undefined)[];
  /** the server, named in hints */
  baseUrl?: string | undefined;
  /** the stack of an unexpected error */
  verbose?: boolean;
}

/**
 * Prints the failure and returns the exit code.
 * ```ts
 * process.exitCode = reportError(err, process.stderr, { secrets: [apiKey], baseUrl });
 * ```
 */
export function reportError(
  err: unknown,
  stderr: NodeJS.WritableStream,
  context: ReportContext = {},
): ExitCode {
  const secrets = context.secrets ?? [];
  const lines: string[] = [];
  const message = err instanceof Error ? err.message : String(err);
  lines.push(`vigil: ${message}`);
  if (err instanceof ApiError) for (const e of err.errors.slice(1)) lines.push(`  ${e}`);
  const h = hint(err, context.baseUrl);
  if (h) lines.push(`  (${h})`);
  const code = exitCodeFor(err);
  if (context.verbose && code === 1 && err instanceof Error && err.stack) lines.push(err.stack);
  stderr.write(redact(lines.join('\n') + '\n', secrets));
  return code;
}
