/**
 * `vigil servers`: the organization's cloud instances (`GET /v2/aws/ec2`) and the import of your cloud
 * account's export (`PUT`/`POST /v2/aws/ec2/imports`), so the CLI works against a remote server too.
 * @module
 */
import { extname } from 'node:path';
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import type { CliIo } from '../io.js';
import { clientAction, clientCommand } from '../client/command.js';
import { UsageError } from '../client/exit-codes.js';
import { choice } from '../client/parse.js';
import type { Column } from '../format/table.js';

export const SERVER_COLUMNS: Column[] = [
  'id',
  'monitored',
  'state',
  'instanceType',
  'region',
  'privateIpAddress',
  'publicIpAddress',
  { header: 'agents', value: (s: { agents: Array<{ id: string }> }) => s.agents.map((a) => a.id).join(' ') },
];

const FORMATS = ['json', 'csv'] as const;

/** The file's format: `--format`, else its extension, else its first character (`{` is JSON). */
export function importFormat(file: string, bytes: Buffer, flag: string | undefined): 'json' | 'csv' {
  if (flag !== undefined) return choice(flag, FORMATS, '--input-format');
  const ext = extname(file).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.csv') return 'csv';
  return bytes.toString('utf8', 0, 64).trimStart().replace(/^\uFEFF/, '').startsWith('{') ? 'json' : 'csv';
}

function readBytes(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

export function serversCommand(io: CliIo): Command {
  const servers = new Command('servers').alias('server').description('List cloud instances (EC2 servers); import your cloud account export');
  servers.addCommand(
    clientCommand('list', 'List servers, every page (monitored and unmonitored unless one is asked for)')
      .addOption(new Option('--monitored', 'only instances an agent reports').conflicts('unmonitored'))
      .addOption(new Option('--unmonitored', 'only imported instances that no agent reports'))
      .option('--verbose-agents', 'each agent in full instead of its id and status')
      .action(
        clientAction(io, async (ctx, _args, opts) => {
          const monitored = opts.monitored ? true : opts.unmonitored ? false : undefined;
          const items: unknown[] = [];
          for await (const s of ctx.client.servers.list({ ...(monitored === undefined ? {} : { monitored }), ...(opts.verboseAgents ? { verbose: true } : {}) })) {
            items.push(s);
          }
          ctx.output.list(items, SERVER_COLUMNS);
        }),
      ),
  );
  servers.addCommand(
    clientCommand('import', "Import your cloud account's instances: `aws ec2 describe-instances` JSON or a CSV")
      .argument('<file>', 'the export file (.json or .csv)')
      .option('--input-format <format>', 'json | csv (default: from the extension, else the first character)')
      .option('--merge', 'add and update only, keep instances not in the file (for accounts or regions imported one by one)')
      .action(
        clientAction(io, async (ctx, [file], opts) => {
          const data = readBytes(file!);
          const format = importFormat(file!, data, opts.inputFormat);
          ctx.output.one(await ctx.client.servers.import({ data, format, replace: opts.merge !== true }));
        }),
      ),
  );
  return servers;
}
