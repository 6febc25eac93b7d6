/**
 * `vigil export users`: OrgUserMGT/get_users.py. The organization's members into
 * `<Org>-All-Users-<YYYY-MM-DD-HH-MM>.csv` as pandas writes them (`lastAuthenticatedAt` as a UTC datetime).
 * @module
 */
import { writeFileSync } from 'node:fs';
import type { ClientContext } from '../client/command.js';
import { organizationNameFor, outputPath, printParsedArgs, utcMinute } from './common.js';
import { pandasCsv, pandasDatetimes } from './pandas-csv.js';

export const USERS_HEADER = ['role', 'ssoEnabled', 'displayName', 'userEnabled', 'lastAuthenticatedAt', 'mfaEnabled', 'id', 'email'];

/** Runs the export; returns the file written. */
export async function exportUsers(ctx: ClientContext, options: { outputDir?: string; now?: Date } = {}): Promise<string> {
  const orgName = organizationNameFor(ctx);
  printParsedArgs(ctx, orgName);
  const members: Record<string, unknown>[] = [];
  for await (const m of ctx.client.members.list()) members.push(m as Record<string, unknown>);
  const file = outputPath(options.outputDir, `${orgName}-All-Users-${utcMinute(options.now ?? new Date())}.csv`);
  // an empty frame has no columns at all in pandas
  const csv = members.length === 0 ? '\n' : pandasCsv(members, { columns: USERS_HEADER, formatters: { lastAuthenticatedAt: pandasDatetimes } });
  writeFileSync(file, csv);
  return file;
}
