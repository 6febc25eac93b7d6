/**
 * `vigil agents`: the organization's agents (like `ts agent list|show`).
 * @module
 */
import { AGENT_STATUSES } from '@vigil/store/vocabulary';
import { Command } from 'commander';
import type { CliIo } from '../io.js';
import { clientAction, clientCommand } from '../client/command.js';
import { choice } from '../client/parse.js';
import type { Column } from '../format/table.js';

export const AGENT_COLUMNS: Column[] = ['id', 'hostname', 'status', 'agentType', 'version', 'osVersion', 'lastReportedAt'];

export function agentsCommand(io: CliIo): Command {
  const agents = new Command('agents').alias('agent').description('List and show agents (hosts)');
  agents.addCommand(
    clientCommand('list', 'List online or offline agents, every page')
      .argument('[status]', 'online | offline', 'online')
      .option('--type <type>', 'monitor | investigate')
      .option('--hostname <name>', 'only this hostname')
      .option('--instance-id <id>', 'only this cloud instance id')
      .action(
        clientAction(io, async (ctx, [statusArg], opts) => {
          const status = choice(statusArg, AGENT_STATUSES, 'status');
          const items: unknown[] = [];
          for await (const agent of ctx.client.agents.list({
            status,
            ...(opts.type ? { type: opts.type } : {}),
            ...(opts.hostname ? { hostname: opts.hostname } : {}),
            ...(opts.instanceId ? { instanceId: opts.instanceId } : {}),
          })) {
            items.push(agent);
          }
          ctx.output.list(items, AGENT_COLUMNS);
        }),
      ),
  );
  agents.addCommand(
    clientCommand('show', 'Show one agent')
      .argument('<id>', 'agent id')
      .action(
        clientAction(io, async (ctx, [id]) => {
          ctx.output.one(await ctx.client.agents.retrieve(id!));
        }),
      ),
  );
  return agents;
}
