/**
 * `vigil export …`: the Threat Stack API scripts (threatstack-api-scripts) as commands, writing the
 * same CSV files and printing the same lines.
 * @module
 */
import { Command, Option } from 'commander';
import type { CliIo } from '../io.js';
import { clientAction, clientCommand, type ClientContext } from '../client/command.js';
import { exportAgents } from '../exports/agents.js';
import { DAYCOUNTS, exportAlerts } from '../exports/alerts.js';
import { exportRules } from '../exports/rules.js';
import { exportServers } from '../exports/servers.js';
import { exportVulnerabilities } from '../exports/vulnerabilities.js';
import { exportUsers } from '../exports/users.js';

function exportCommand(name: string, description: string): Command {
  return clientCommand(name, description, { format: false })
    .option('--output-dir <dir>', 'folder for the CSV file (default: the current folder)')
    .option('--organization-name <name>', 'name used in the file name (env TS_ORGANIZATION_NAME; config TS_ORGANIZATION_NAME)')
    .option('--no-progress', 'never show the progress bar (it is shown only when stderr is a terminal)');
}

function wrote(ctx: ClientContext, file: string): void {
  ctx.output.inform(`vigil: wrote ${file}`);
}

export function exportCommandGroup(io: CliIo): Command {
  const exp = new Command('export').description('Run the Threat Stack API scripts: write CSV files as they do');
  exp.addCommand(
    exportCommand('agents', 'GetAllAgents: online agents → agents-<Org>-<YYYY-MM-DD>.csv')
      .addOption(new Option('--quiet', 'print nothing').conflicts('debug'))
      .addOption(new Option('--debug', 'print every field (and write key:value cells, as the script does)'))
      .action(
        clientAction(io, async (ctx, _args, opts) => {
          wrote(ctx, await exportAgents(ctx, { quiet: opts.quiet, debug: opts.debug, outputDir: opts.outputDir }));
        }),
      ),
  );
  exp.addCommand(
    exportCommand('alerts', 'GetAlertsForRule: alerts of the last N days → <Org>[-<ruleId>]-<status>-<YYYY-MM-DD-HH-MM>.csv')
      .argument('[daycount]', `days back from now: ${DAYCOUNTS.join(', ')}`)
      .option('--alert-status <status>', 'active | dismissed', 'active')
      .option('--rule-id <id>', 'only the alerts of this rule')
      .option('--start-date <time>', 'start of the window instead of now − daycount (ISO-8601, UTC)')
      .option('--end-date <time>', 'end of the window instead of now (ISO-8601, UTC)')
      .option('--filename <file>', 'append to this file, skipping alerts already in it (resume)')
      .action(
        clientAction(io, async (ctx, [daycount], opts) => {
          const file = await exportAlerts(ctx, {
            ...(daycount === undefined ? {} : { daycount }),
            alertStatus: opts.alertStatus,
            ruleId: opts.ruleId,
            startDate: opts.startDate,
            endDate: opts.endDate,
            filename: opts.filename,
            outputDir: opts.outputDir,
          });
          wrote(ctx, file);
        }),
      ),
  );
  exp.addCommand(
    exportCommand('rules', 'GetSuppressionsForRules: every rule and suppression → <Org>-All-Rules-<YYYY-MM-DD-HH-MM>.csv').action(
      clientAction(io, async (ctx, _args, opts) => wrote(ctx, await exportRules(ctx, { outputDir: opts.outputDir }))),
    ),
  );
  exp.addCommand(
    exportCommand('users', 'OrgUserMGT get_users: members → <Org>-All-Users-<YYYY-MM-DD-HH-MM>.csv').action(
      clientAction(io, async (ctx, _args, opts) => wrote(ctx, await exportUsers(ctx, { outputDir: opts.outputDir }))),
    ),
  );
  exp.addCommand(
    exportCommand('servers', 'GetEC2Instances: EC2 instances → EC2Instances-<Org>-monitored|unmonitored-<YYYY-MM-DD-HH-MM>.csv')
      .addOption(new Option('--monitored', 'monitored instances, file named "monitored"').conflicts('unmonitored'))
      .addOption(
        new Option('--unmonitored', 'unmonitored instances (without either flag the script asks for monitored ones and names the file "unmonitored")'),
      )
      .action(
        clientAction(io, async (ctx, _args, opts) =>
          wrote(ctx, await exportServers(ctx, { monitored: opts.monitored, unmonitored: opts.unmonitored, outputDir: opts.outputDir })),
        ),
      ),
  );
  exp.addCommand(
    exportCommand('vulnerabilities', 'GetVulnerabilities: active vulnerabilities with their servers → Vulns-<Org>[-SecurityNotices]-<YYYY-MM-DD>.csv')
      .option('--notices', 'only vulnerabilities with security notices')
      .action(
        clientAction(io, async (ctx, _args, opts) => wrote(ctx, await exportVulnerabilities(ctx, { notices: opts.notices, outputDir: opts.outputDir }))),
      ),
  );
  return exp;
}
