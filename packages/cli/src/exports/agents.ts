/**
 * `vigil export agents`: GetAllAgents/get_agents.py. Online agents, page by page, into
 * `agents-<Org>-<YYYY-MM-DD>.csv` with `csv.writer` (CRLF), printing `Returned N agents.` and
 * `N agents written to file.` per page.
 * @module
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import type { ClientContext } from '../client/command.js';
import { CRLF, csvRow } from '../format/csv.js';
import { pyCsvCell, pyStr } from '../format/python-repr.js';
import { organizationNameFor, outputPath, utcDate } from './common.js';

export const AGENTS_HEADER = [
  'agentId', 'instanceId', 'status', 'CreatedAt', 'LastReportedAt', 'version', 'name', 'description',
  'hostname', 'ipAddresses', 'tags', 'agentType', 'osVersion', 'kernel', 'isHealthy',
];

const AGENT_KEYS = new Set([
  'id', 'instanceId', 'status', 'createdAt', 'lastReportedAt', 'version', 'name', 'description',
  'hostname', 'tags', 'agentType', 'osVersion', 'kernel',
]);

export interface AgentsExportOptions {
  quiet?: boolean;
  debug?: boolean;
  outputDir?: string;
  now?: Date;
}

/**
 * One agent's cells, in the agent's own key order as the script writes `agent_info.values()`:
 * private and public addresses without loopback, `agentModuleHealth` as its `isHealthy`, unknown keys
 * reported and left out.
 */
export function agentRow(agent: Record<string, unknown>, debug: boolean, log: (line: string) => void): string[] {
  const cells: string[] = [];
  for (const [key, val] of Object.entries(agent)) {
    if (key === 'ipAddresses') {
      const list: unknown[] = [];
      for (const [kind, addrs] of Object.entries((val ?? {}) as Record<string, unknown>)) {
        if ((kind === 'private' || kind === 'public') && Array.isArray(addrs)) {
          for (const a of addrs) if (a !== '127.0.0.1/8' && a !== '::1/128') list.push(a);
        }
      }
      cells.push(pyCsvCell(list));
    } else if (key === 'agentModuleHealth') {
      if (debug) {
        log(`${key} : ${pyStr(val)}`);
        cells.push(`${key}:${pyStr(val)}`);
      } else cells.push(val === null || val === undefined ? '' : pyCsvCell((val as Record<string, unknown>).isHealthy));
    } else if (AGENT_KEYS.has(key)) {
      if (debug) {
        log(`${key} : ${pyStr(val)}`);
        cells.push(`${key}:${pyStr(val)}`);
      } else cells.push(pyCsvCell(val));
    } else {
      log(`Unexpected key,val pair:  ${key} ${pyStr(val)}`);
    }
  }
  return cells;
}

/** Runs the export; returns the file written. */
export async function exportAgents(ctx: ClientContext, options: AgentsExportOptions = {}): Promise<string> {
  const orgName = organizationNameFor(ctx);
  const file = outputPath(options.outputDir, `agents-${orgName}-${utcDate(options.now ?? new Date())}.csv`);
  const log = (line: string) => ctx.output.text(line + '\n');
  writeFileSync(file, csvRow(AGENTS_HEADER, CRLF));
  const bar = ctx.output.progress('agents', ctx.progress && !options.quiet);
  let total = 0;
  try {
    for await (const page of ctx.client.agents.list({ status: 'online' }).pages()) {
      const agents = page.items as Record<string, unknown>[];
      if (agents.length === 0) {
        bar.stop();
        log('0 agents found, exiting.');
        break;
      }
      bar.stop();
      if (!options.quiet) log(`Returned ${agents.length} agents.`);
      let written = 0;
      let out = '';
      for (const agent of agents) {
        const cells = agentRow(agent, options.debug === true, log);
        if (cells.length > 0) {
          out += csvRow(cells, CRLF);
          written++;
        }
      }
      appendFileSync(file, out);
      if (written > 0 && !options.quiet) log(`${written} agents written to file.`);
      if (page.token && options.debug) log('Found pagination token.');
      total += agents.length;
      bar.update(total);
    }
  } finally {
    bar.stop();
  }
  return file;
}
