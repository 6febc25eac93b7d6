/**
 * `vigil export vulnerabilities`: GetVulnerabilities/get_vulnerabilities.py. Every monitored server
 * (`aws/ec2?monitored=true&verbose=true`), then every active vulnerability, each joined with the server
 * whose first agent is the vulnerability's first agent (`{**vuln, **server}`: the server's keys win, its
 * `agents` included), written as pandas writes the list of dicts to `Vulns-<Org>-<YYYY-MM-DD>.csv`
 * (`Vulns-<Org>-SecurityNotices-<date>.csv` with `--notices`). Prints what the script prints.
 * @module
 */
import { writeFileSync } from 'node:fs';
import type { ClientContext } from '../client/command.js';
import { organizationNameFor, outputPath, printParsedArgs, utcDate } from './common.js';
import { pandasCsv } from './pandas-csv.js';

const EC2_QUERY = 'aws/ec2?monitored=true&verbose=true';

/** Runs the export; returns the file written. */
export async function exportVulnerabilities(ctx: ClientContext, options: { notices?: boolean; outputDir?: string; now?: Date } = {}): Promise<string> {
  const orgName = organizationNameFor(ctx);
  const notices = options.notices === true;
  printParsedArgs(ctx, orgName, [['notices', notices ? 'True' : 'False']]);
  const log = (line: string) => ctx.output.text(line + '\n');
  const date = utcDate(options.now ?? new Date());
  const file = outputPath(options.outputDir, notices ? `Vulns-${orgName}-SecurityNotices-${date}.csv` : `Vulns-${orgName}-${date}.csv`);

  const servers = new Map<string, Record<string, unknown>>();
  for await (const page of ctx.client.servers.list({ monitored: true, verbose: true }).pages()) {
    if (page.token) {
      log(`token is: '${page.token}'`);
      log(`query String is: '${EC2_QUERY}&token=${page.token}'`);
    } else log('token is blank');
    for (const server of page.items) {
      const agent = server.agents[0];
      if (agent) servers.set(agent.id, server as unknown as Record<string, unknown>);
    }
  }

  const rows: Record<string, unknown>[] = [];
  for await (const page of ctx.client.vulnerabilities.list({ status: 'active', ...(notices ? { hasSecurityNotices: true } : {}) }).pages()) {
    log('Adding vulns');
    for (const vuln of page.items) {
      const withAgent: Record<string, unknown> = { ...vuln, agentId: vuln.agents[0]?.agentId };
      const server = servers.get(withAgent.agentId as string);
      rows.push(server ? { ...withAgent, ...server } : withAgent);
    }
    if (page.token) log(`token is: ${page.token}`);
  }
  // an empty frame has no columns at all in pandas
  writeFileSync(file, rows.length === 0 ? '\n' : pandasCsv(rows));
  return file;
}
