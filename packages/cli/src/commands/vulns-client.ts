/**
 * The API client half of `vigil vulns`: the vulnerabilities found on the organization's hosts
 * (`/v2/vulnerabilities…`) and their suppressions, with the usual credentials (`vigil vulns import` next
 * to them writes advisories into the database directly).
 * @module
 */
import { Command, Option } from 'commander';
import type { SuppressionInput } from '@vigil/sdk';
import type { CliIo } from '../io.js';
import { clientAction, clientCommand } from '../client/command.js';
import { choice, isoTime } from '../client/parse.js';
import { UsageError } from '../client/exit-codes.js';
import { withUsageExitCode } from '../client/usage-exit-code.js';
import type { Column } from '../format/table.js';

const STATUSES = ['active', 'suppressed', 'all'] as const;
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'unknown'] as const;

const hosts = (v: { agents: Array<{ hostname: string }> }) => v.agents.map((a) => a.hostname).join(' ');
export const VULN_COLUMNS: Column[] = ['cveNumber', 'severity', 'systemPackage', 'reportedPackage', 'isSuppressed', { header: 'hosts', value: hosts }];
export const SUPPRESSION_COLUMNS: Column[] = [
  'id',
  'cve',
  'package',
  'agentId',
  { header: 'tag', value: (s: { tag: { key: string; value: string } | null }) => (s.tag ? `${s.tag.key}=${s.tag.value}` : '') },
  'reason',
  'expiresAt',
  'isActive',
];

const statusOption = (fallback: string) => new Option('--status <status>', `active | suppressed | all (default: ${fallback})`);

/** The suppression the flags describe (a full body: update replaces every field). */
function suppressionInput(opts: Record<string, string | undefined>): SuppressionInput {
  if (opts.reason === undefined) throw new UsageError('--reason is required');
  if (opts.tag !== undefined && !/^[^=]+=.+$/.test(opts.tag)) throw new UsageError(`--tag must be key=value (got "${opts.tag}")`);
  const input: SuppressionInput = {
    cve: opts.cve ?? null,
    package: opts.package ?? null,
    agentId: opts.agentId ?? null,
    tag: opts.tag ?? null,
    reason: opts.reason,
    expiresAt: isoTime(opts.expires, '--expires') ?? null,
  };
  if (!input.cve && !input.package && !input.agentId && !input.tag) throw new UsageError('give at least one of --cve, --package, --agent-id, --tag');
  return input;
}

function suppressionFlags(cmd: Command): Command {
  return cmd
    .option('--cve <id>', 'the CVE (or advisory id)')
    .option('--package <name>', 'installed or source package name')
    .option('--agent-id <id>', 'one agent')
    .option('--tag <key=value>', 'agents with this tag')
    .option('--reason <text>', 'why (required)')
    .option('--expires <time>', 'ISO-8601 time it ends (default: never)');
}

function suppressionsCommand(io: CliIo): Command {
  const sup = new Command('suppressions').alias('suppression').description('List and manage vulnerability suppressions');
  sup.addCommand(
    clientCommand('list', 'List suppressions, every page')
      .addOption(new Option('--active', 'only those in force').conflicts('expired'))
      .addOption(new Option('--expired', 'only expired ones'))
      .action(
        clientAction(io, async (ctx, _args, opts) => {
          const active = opts.active ? true : opts.expired ? false : undefined;
          const items: unknown[] = [];
          for await (const s of ctx.client.vulnerabilities.suppressions.list(active === undefined ? {} : { active })) items.push(s);
          ctx.output.list(items, SUPPRESSION_COLUMNS);
        }),
      ),
  );
  sup.addCommand(
    clientCommand('show', 'Show one suppression')
      .argument('<id>', 'suppression id')
      .action(clientAction(io, async (ctx, [id]) => ctx.output.one(await ctx.client.vulnerabilities.suppressions.retrieve(id!)))),
  );
  sup.addCommand(
    suppressionFlags(clientCommand('create', 'Suppress findings matching every criterion given')).action(
      clientAction(io, async (ctx, _args, opts) => ctx.output.one(await ctx.client.vulnerabilities.suppressions.create(suppressionInput(opts)))),
    ),
  );
  sup.addCommand(
    suppressionFlags(clientCommand('update', 'Replace a suppression (every field, as on create)').argument('<id>', 'suppression id')).action(
      clientAction(io, async (ctx, [id], opts) => ctx.output.one(await ctx.client.vulnerabilities.suppressions.update(id!, suppressionInput(opts)))),
    ),
  );
  sup.addCommand(
    clientCommand('delete', 'Delete a suppression (its findings are active again)')
      .argument('<id>', 'suppression id')
      .action(
        clientAction(io, async (ctx, [id]) => {
          await ctx.client.vulnerabilities.suppressions.delete(id!);
          ctx.output.note(`Deleted suppression ${id}.`);
        }),
      ),
  );
  return sup;
}

/**
 * Adds `list`, `get`, `servers`, `package` and `suppressions` to the `vulns` command.
 * ```ts
 * addVulnClientCommands(new Command('vulns'), io);
 * ```
 */
export function addVulnClientCommands(vulns: Command, io: CliIo): Command {
  const before = new Set(vulns.commands);
  vulns.addCommand(
    clientCommand('list', 'List vulnerabilities (one per CVE, host and package), every page')
      .addOption(statusOption('active'))
      .option('--agent-id <id>', 'one agent')
      .option('--package <name>', 'installed or source package')
      .option('--severity <severity>', SEVERITIES.join(' | '))
      .option('--notices', 'only those a security notice (DSA, USN, …) announced')
      .action(
        clientAction(io, async (ctx, _args, opts) => {
          const items: unknown[] = [];
          for await (const v of ctx.client.vulnerabilities.list({
            ...(opts.status ? { status: choice(opts.status, STATUSES, '--status') } : {}),
            ...(opts.agentId ? { agentId: opts.agentId } : {}),
            ...(opts.package ? { package: opts.package } : {}),
            ...(opts.severity ? { severity: choice(opts.severity, SEVERITIES, '--severity') } : {}),
            ...(opts.notices ? { hasSecurityNotices: true } : {}),
          })) {
            items.push(v);
          }
          ctx.output.list(items, VULN_COLUMNS);
        }),
      ),
  );
  vulns.addCommand(
    clientCommand('get', 'Show one CVE across every host')
      .alias('show')
      .argument('<cve>', 'CVE id')
      .action(clientAction(io, async (ctx, [cve]) => ctx.output.one(await ctx.client.vulnerabilities.retrieve(cve!)))),
  );
  vulns.addCommand(
    clientCommand('servers', 'List the hosts a CVE affects')
      .argument('<cve>', 'CVE id')
      .addOption(statusOption('all'))
      .action(
        clientAction(io, async (ctx, [cve], opts) => {
          const items: unknown[] = [];
          for await (const s of ctx.client.vulnerabilities.servers(cve!, opts.status ? { status: choice(opts.status, STATUSES, '--status') } : {})) items.push(s);
          ctx.output.list(items, ['agentId', 'hostname']);
        }),
      ),
  );
  vulns.addCommand(
    clientCommand('package', "List a package's vulnerabilities")
      .argument('<name>', 'installed or source package name')
      .addOption(statusOption('active'))
      .action(
        clientAction(io, async (ctx, [name], opts) => {
          const items: unknown[] = [];
          for await (const v of ctx.client.vulnerabilities.package(name!, opts.status ? { status: choice(opts.status, STATUSES, '--status') } : {})) items.push(v);
          ctx.output.list(items, VULN_COLUMNS);
        }),
      ),
  );
  vulns.addCommand(suppressionsCommand(io));
  // commander's own usage errors exit 2 in these, as in every client command
  for (const sub of vulns.commands) if (!before.has(sub)) withUsageExitCode(sub);
  return vulns;
}
