/**
 * `vigil webhooks`: alert webhook endpoints, their deliveries and secrets.
 * @module
 */
import { Command } from 'commander';
import type { CliIo } from '../io.js';
import { clientAction, clientCommand } from '../client/command.js';
import { UsageError } from '../client/exit-codes.js';
import type { Column } from '../format/table.js';

export const WEBHOOK_COLUMNS: Column[] = ['id', 'url', 'enabled', 'minSeverity', 'format', 'description', 'disabledReason'];
const DELIVERY_COLUMNS: Column[] = ['id', 'alertId', 'status', 'attempts', 'createdAt', 'nextAttemptAt'];

/** The webhook body from flags: only what was given (an update changes only those fields). */
function webhookBody(opts: Record<string, string | boolean | undefined>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (opts.url !== undefined) body.url = opts.url;
  if (opts.description !== undefined) body.description = opts.description;
  if (opts.minSeverity !== undefined) {
    if (!/^[123]$/.test(String(opts.minSeverity))) throw new UsageError('--min-severity must be 1, 2 or 3');
    body.minSeverity = Number(opts.minSeverity);
  }
  if (opts.rulesets !== undefined) body.rulesets = splitList(String(opts.rulesets));
  if (opts.sources !== undefined) body.sources = splitList(String(opts.sources));
  if (opts.payloadFormat !== undefined) body.format = opts.payloadFormat;
  return body;
}

const splitList = (raw: string) => (raw.trim() === '' ? null : raw.split(',').map((s) => s.trim()).filter(Boolean));

function withBodyOptions(cmd: Command): Command {
  return cmd
    .option('--url <url>', 'https:// URL of the receiver')
    .option('--description <text>', 'what the endpoint is for')
    .option('--min-severity <n>', 'send alerts of this severity or higher: 1 (high only) … 3 (all)')
    .option('--rulesets <ids>', 'comma-separated ruleset ids ("" = all)')
    .option('--sources <types>', 'comma-separated rule types ("" = all)')
    .option('--payload-format <name>', 'payload format of the deliveries');
}

function idCommand(io: CliIo, name: string, description: string, run: (client: any, id: string) => Promise<unknown>, done?: (id: string) => string): Command {
  return clientCommand(name, description)
    .argument('<id>', name === 'redeliver' ? 'delivery id' : 'webhook id')
    .action(
      clientAction(io, async (ctx, [id]) => {
        const res = await run(ctx.client.webhooks, id!);
        if ((res === undefined || res === null || res === '') && done) ctx.output.note(done(id!));
        else ctx.output.one(res ?? {});
      }),
    );
}

export function webhooksCommand(io: CliIo): Command {
  const webhooks = new Command('webhooks').description('Manage alert webhooks: endpoints, deliveries, secrets');
  webhooks.addCommand(
    clientCommand('list', 'List webhook endpoints').action(
      clientAction(io, async (ctx) => {
        const items: unknown[] = [];
        for await (const w of ctx.client.webhooks.list()) items.push(w);
        ctx.output.list(items, WEBHOOK_COLUMNS);
      }),
    ),
  );
  webhooks.addCommand(idCommand(io, 'show', 'Show one webhook endpoint', (w, id) => w.retrieve(id)));
  webhooks.addCommand(
    withBodyOptions(clientCommand('create', 'Create a webhook endpoint (prints its signing secret once)'))
      .option('--disabled', 'create it disabled')
      .action(
        clientAction(io, async (ctx, _args, opts) => {
          const body = webhookBody(opts);
          if (body.url === undefined) throw new UsageError('--url is required');
          if (opts.disabled) body.enabled = false;
          ctx.output.one(await ctx.client.webhooks.create(body as any));
        }),
      ),
  );
  webhooks.addCommand(
    withBodyOptions(clientCommand('update', 'Change a webhook endpoint (only the given fields)'))
      .argument('<id>', 'webhook id')
      .action(
        clientAction(io, async (ctx, [id], opts) => {
          const body = webhookBody(opts);
          if (Object.keys(body).length === 0) throw new UsageError('nothing to change: give --url, --description, --min-severity, --rulesets, --sources or --payload-format');
          ctx.output.one(await ctx.client.webhooks.update(id!, body as any));
        }),
      ),
  );
  webhooks.addCommand(idCommand(io, 'delete', 'Delete a webhook endpoint', (w, id) => w.delete(id), (id) => `Deleted webhook ${id}.`));
  webhooks.addCommand(idCommand(io, 'enable', 'Enable a webhook endpoint', (w, id) => w.enable(id), (id) => `Enabled webhook ${id}.`));
  webhooks.addCommand(idCommand(io, 'disable', 'Disable a webhook endpoint', (w, id) => w.disable(id), (id) => `Disabled webhook ${id}.`));
  webhooks.addCommand(idCommand(io, 'rotate-secret', 'Issue a new signing secret (prints it once)', (w, id) => w.rotateSecret(id)));
  webhooks.addCommand(idCommand(io, 'test', 'Send a test delivery now and show the outcome', (w, id) => w.test(id)));
  webhooks.addCommand(
    clientCommand('deliveries', 'List the deliveries of a webhook endpoint')
      .argument('<id>', 'webhook id')
      .action(
        clientAction(io, async (ctx, [id]) => {
          const items: unknown[] = [];
          for await (const d of ctx.client.webhooks.deliveries(id!)) items.push(d);
          ctx.output.list(items, DELIVERY_COLUMNS);
        }),
      ),
  );
  webhooks.addCommand(idCommand(io, 'redeliver', 'Queue a delivery again', (w, id) => w.redeliver(id), (id) => `Queued delivery ${id} again.`));
  return webhooks;
}
