/**
 * `vigil intel events …`: events of the threat library — list, show, add, update (context is added),
 * delete, and the event types (list, add-type).
 * @module
 */
import { Command } from 'commander';
import type { TqEventPatch } from '@vigil/sdk';
import { UsageError } from '../client/exit-codes.js';
import type { Column } from '../format/table.js';
import { addContextFlags, addPaging, contextFrom, pagingLimit, positiveId, withList } from './intel-args.js';
import type { CliIo } from '../io.js';
import { intelAction, intelCommand } from './intel-context.js';

export const EVENT_COLUMNS: Column[] = ['id', 'title', { header: 'type', value: (e) => e.type?.name ?? e.type_id }, 'happened_at', 'updated_at'];
const DEFAULT_WITH = ['type'];

/**
 * The `events` group.
 * ```ts
 * intel.addCommand(eventsCommand(io));
 * ```
 */
export function eventsCommand(io: CliIo): Command {
  const events = new Command('events').description('Events (incidents, sightings, phishing waves, …)');

  events.addCommand(
    addPaging(
      intelCommand('list', 'List events (newest first unless --sort)')
        .option('--type <name>', 'an event type name or id (see intel events types)')
        .option('--title <title>', 'exact title')
        .option('--sort <field>', 'id, title, type_id, happened_at, created_at, updated_at; - for descending', '-id')
        .option('--with <names>', 'related data, comma-separated: type, sources, attributes, tags, comments, indicators, adversaries, …', DEFAULT_WITH.join(',')),
    ).action(
      intelAction(io, async (ctx, _args, opts) => {
        const limit = pagingLimit(opts);
        const items = await ctx.client.events.list({ type: opts.type, title: opts.title, sort: opts.sort, with: withList(opts.with, DEFAULT_WITH), limit: Math.min(limit, 1000) }).toArray({ limit });
        ctx.output.list(items, EVENT_COLUMNS);
      }),
    ),
  );

  events.addCommand(
    intelCommand('show', 'Show one event')
      .argument('<id>', 'event id')
      .option('--with <names>', 'related data, comma-separated', 'type,sources,attributes,tags,comments')
      .action(intelAction(io, async (ctx, [id], opts) => ctx.output.one(await ctx.client.events.retrieve(positiveId(id, 'event id'), { with: withList(opts.with, DEFAULT_WITH) })))),
  );

  events.addCommand(
    addContextFlags(
      intelCommand('add', 'Add an event')
        .requiredOption('--title <title>', 'what happened')
        .requiredOption('--type <name>', 'an event type name or id (see intel events types)')
        .option('--happened-at <time>', '"YYYY-MM-DD HH:MM:SS" UTC (default now)')
        .option('--description <text>', 'description'),
    ).action(
      intelAction(io, async (ctx, _args, opts) => {
        const input = {
          title: opts.title as string,
          ...(/^\d+$/.test(opts.type) ? { type_id: Number(opts.type) } : { type: opts.type as string }),
          ...(opts.happenedAt === undefined ? {} : { happened_at: opts.happenedAt as string }),
          ...(opts.description === undefined ? {} : { description: opts.description as string }),
          ...contextFrom(opts),
        };
        ctx.output.one(await ctx.client.events.create(input, { with: ['type', 'sources', 'tags'] }));
      }),
    ),
  );

  events.addCommand(
    addContextFlags(
      intelCommand('update', 'Change an event; --source, --tag, --attribute and --comment are added')
        .argument('<id>', 'event id')
        .option('--title <title>', 'new title')
        .option('--type <name>', 'new event type name or id')
        .option('--happened-at <time>', '"YYYY-MM-DD HH:MM:SS" UTC')
        .option('--description <text>', 'new description'),
    ).action(
      intelAction(io, async (ctx, [id], opts) => {
        const numericId = positiveId(id, 'event id');
        const patch: TqEventPatch = { ...contextFrom(opts) };
        if (opts.title !== undefined) patch.title = opts.title;
        if (opts.type !== undefined) Object.assign(patch, /^\d+$/.test(opts.type) ? { type_id: Number(opts.type) } : { type: opts.type });
        if (opts.happenedAt !== undefined) patch.happened_at = opts.happenedAt;
        if (opts.description !== undefined) patch.description = opts.description;
        if (Object.keys(patch).length === 0) throw new UsageError('nothing to change: give --title, --type, --happened-at, --description or context flags');
        ctx.output.one(await ctx.client.events.update(numericId, patch, { with: DEFAULT_WITH }));
      }),
    ),
  );

  events.addCommand(
    intelCommand('delete', 'Delete an event with its context and relations')
      .argument('<id>', 'event id')
      .action(
        intelAction(io, async (ctx, [id]) => {
          const numericId = positiveId(id, 'event id');
          await ctx.client.events.delete(numericId);
          ctx.output.note(`Deleted event ${numericId}.`);
        }),
      ),
  );

  events.addCommand(intelCommand('types', 'List the event types').action(intelAction(io, async (ctx) => ctx.output.list(await ctx.client.events.types(), ['id', 'name']))));
  events.addCommand(
    intelCommand('add-type', 'Add a custom event type to the organization')
      .argument('<name>', 'the type name')
      .action(intelAction(io, async (ctx, [name]) => ctx.output.one(await ctx.client.events.createType({ name: name! })))),
  );
  return events;
}
