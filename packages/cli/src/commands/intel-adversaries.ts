/**
 * `vigil intel adversaries …`: adversaries of the threat library — list, show, add (an existing name,
 * ignoring case, gets the context added), update (context is added) and delete.
 * @module
 */
import { Command } from 'commander';
import type { TqAdversaryPatch } from '@vigil/sdk';
import { UsageError } from '../client/exit-codes.js';
import type { Column } from '../format/table.js';
import { addContextFlags, addPaging, contextFrom, pagingLimit, positiveId, withList } from './intel-args.js';
import type { CliIo } from '../io.js';
import { intelAction, intelCommand } from './intel-context.js';

export const ADVERSARY_COLUMNS: Column[] = ['id', 'name', 'description', 'updated_at'];

/**
 * The `adversaries` group.
 * ```ts
 * intel.addCommand(adversariesCommand(io));
 * ```
 */
export function adversariesCommand(io: CliIo): Command {
  const adversaries = new Command('adversaries').description('Adversaries (threat actors)');

  adversaries.addCommand(
    addPaging(
      intelCommand('list', 'List adversaries (newest first unless --sort)')
        .option('--name <name>', 'exact name, ignoring case')
        .option('--sort <field>', 'id, name, created_at, updated_at; - for descending', '-id')
        .option('--with <names>', 'related data, comma-separated: sources, attributes, tags, comments, indicators, events, …'),
    ).action(
      intelAction(io, async (ctx, _args, opts) => {
        const limit = pagingLimit(opts);
        const items = await ctx.client.adversaries.list({ name: opts.name, sort: opts.sort, with: withList(opts.with, []), limit: Math.min(limit, 1000) }).toArray({ limit });
        ctx.output.list(items, ADVERSARY_COLUMNS);
      }),
    ),
  );

  adversaries.addCommand(
    intelCommand('show', 'Show one adversary')
      .argument('<id>', 'adversary id')
      .option('--with <names>', 'related data, comma-separated', 'sources,attributes,tags,comments')
      .action(intelAction(io, async (ctx, [id], opts) => ctx.output.one(await ctx.client.adversaries.retrieve(positiveId(id, 'adversary id'), { with: withList(opts.with, []) })))),
  );

  adversaries.addCommand(
    addContextFlags(
      intelCommand('add', 'Add an adversary (an existing name, ignoring case, gets the context added)')
        .argument('<name>', 'the name')
        .option('--description <text>', 'description'),
    ).action(
      intelAction(io, async (ctx, [name], opts) => {
        const input = { name: name!, ...(opts.description === undefined ? {} : { description: opts.description as string }), ...contextFrom(opts) };
        ctx.output.one(await ctx.client.adversaries.create(input, { with: ['sources', 'tags'] }));
      }),
    ),
  );

  adversaries.addCommand(
    addContextFlags(
      intelCommand('update', 'Rename or describe an adversary; --source, --tag, --attribute and --comment are added')
        .argument('<id>', 'adversary id')
        .option('--name <name>', 'new name')
        .option('--description <text>', 'new description'),
    ).action(
      intelAction(io, async (ctx, [id], opts) => {
        const numericId = positiveId(id, 'adversary id');
        const patch: TqAdversaryPatch = { ...contextFrom(opts) };
        if (opts.name !== undefined) patch.name = opts.name;
        if (opts.description !== undefined) patch.description = opts.description;
        if (Object.keys(patch).length === 0) throw new UsageError('nothing to change: give --name, --description or context flags');
        ctx.output.one(await ctx.client.adversaries.update(numericId, patch));
      }),
    ),
  );

  adversaries.addCommand(
    intelCommand('delete', 'Delete an adversary with its context and relations')
      .argument('<id>', 'adversary id')
      .action(
        intelAction(io, async (ctx, [id]) => {
          const numericId = positiveId(id, 'adversary id');
          await ctx.client.adversaries.delete(numericId);
          ctx.output.note(`Deleted adversary ${numericId}.`);
        }),
      ),
  );
  return adversaries;
}
