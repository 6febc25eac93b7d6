/**
 * What the Threat Stack API scripts share: the sanitised organization name in file names, their date
 * stamps (in UTC here), their "print the arguments" preamble (without the API key), and the output folder.
 * @module
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ClientContext } from '../client/command.js';
import { UsageError } from '../client/exit-codes.js';

/**
 * The scripts' `re.sub("[^A-Za-z0-9]+", "", re.sub("[\W_]+", "_", name))`: only ASCII letters and digits.
 * ```ts
 * sanitizeOrgName('Acme Corp. (prod)'); // 'AcmeCorpprod'
 * ```
 */
export function sanitizeOrgName(name: string): string {
  return name.replace(/[^A-Za-z0-9]+/g, '');
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `YYYY-MM-DD` in UTC. */
export const utcDate = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

/** `YYYY-MM-DD-HH-MM` in UTC (the scripts' `%Y-%m-%d-%H-%M`). */
export const utcMinute = (d: Date) => `${utcDate(d)}-${pad(d.getUTCHours())}-${pad(d.getUTCMinutes())}`;

/** Python's `datetime.utcnow().isoformat()`: naive, microseconds unless they are zero. */
export function pythonIsoformat(d: Date): string {
  const base = `${utcDate(d)}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const micros = d.getUTCMilliseconds() * 1000;
  return micros === 0 ? base : `${base}.${pad(micros, 6)}`;
}

/** The organization name the file names need (TS_ORGANIZATION_NAME), sanitised. */
export function organizationNameFor(ctx: ClientContext): string {
  const name = ctx.connection.organizationName;
  if (name === undefined) {
    throw new UsageError(
      'Config file is missing necessary value: TS_ORGANIZATION_NAME (the export file names use it; ' +
        'set it in threatstack.cfg, as env TS_ORGANIZATION_NAME or with --organization-name)',
    );
  }
  return sanitizeOrgName(name);
}

/** The path of an export file in `--output-dir` (created when missing). */
export function outputPath(dir: string | undefined, file: string): string {
  if (dir === undefined) return file;
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new UsageError(`cannot create --output-dir ${dir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return join(dir, file);
}

/** The scripts' `print_parsed_args` preamble, minus the `api_key:` line they print (never shown here). */
export function printParsedArgs(ctx: ClientContext, orgName: string, extra: [string, string][] = []): void {
  const lines = [`user_id: ${ctx.connection.userId}`, `org_id: ${ctx.connection.organizationId}`, `org_name: ${orgName}`];
  for (const [k, v] of extra) lines.push(`${k}: ${v}`);
  ctx.output.text(lines.join('\n') + '\n');
}
