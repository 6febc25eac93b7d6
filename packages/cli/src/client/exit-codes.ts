/**
 * Exit codes of the client commands, so scripts can tell "fix your command" from "try again later". Kept free of
 * the SDK so `vigil --help` loads nothing heavy; `exitCodeFor` (report-error.ts) maps the SDK's errors.
 * @module
 */
export const ExitCode = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  auth: 3,
  notFound: 4,
  rateLimited: 5,
  server: 6,
  badRequest: 7,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The `vigil --help` epilogue and README table, in one place. */
export const EXIT_CODE_HELP = `Exit codes of the client commands:
  0  success
  1  unexpected error
  2  usage or configuration (bad flag, missing credentials, config file, section or key)
  3  authentication or permission (401, 403, response signature not trusted)
  4  not found (404)
  5  rate limited (429, after the client's retries)
  6  server error (5xx) or server unreachable / timed out
  7  bad request or conflict (400, 409, 413 and other 4xx)`;

/** A mistake in the command line or its inputs, found before any request (exit 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A feature the server does not offer (yet): exit 4, like the 404 the API would answer. */
export class NotAvailableError extends Error {
  override readonly name = 'NotAvailableError';
}

/** Maps an HTTP status to an exit code. */
export function exitCodeForStatus(status: number): ExitCode {
  if (status === 401 || status === 403) return ExitCode.auth;
  if (status === 404) return ExitCode.notFound;
  if (status === 429) return ExitCode.rateLimited;
  if (status >= 500) return ExitCode.server;
  if (status >= 400) return ExitCode.badRequest;
  return ExitCode.ok;
}
