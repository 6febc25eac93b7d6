/**
 * `vigil intel whitelist list|add|check|remove`: values and CIDR blocks that never alert; matching
 * indicators take status Whitelisted.
 * @module
 */
import { Command } from 'commander';
import type { Column } from '../format/table.js';
import { positiveId } from './intel-args.js';
import type { CliIo } from '../io.js';
import { intelAction, intelCommand } from './intel-context.js';

export const WHITELIST_COLUMNS: Column[] = ['id', 'kind', 'value', 'note', 'created_at'];

/**
 * The `whitelist` group.
 * ```ts
 * intel.addCommand(whitelistCommand(io));
 * ```
 */
export function whitelistCommand(io: CliIo): Command {
  const whitelist = new Command('whitelist').description('Values and CIDR blocks that never alert');
  whitelist.addCommand(intelCommand('list', 'List the whitelist').action(intelAction(io, async (ctx) => ctx.output.list(await ctx.client.whitelist.list(), WHITELIST_COLUMNS))));
  whitelist.addCommand(
    intelCommand('add', 'Whitelist values or CIDR blocks (e.g. 10.0.0.0/8); matching indicators become Whitelisted')
      .argument('<values...>', 'values or CIDR blocks')
      .option('--type <name>', 'the values\' indicator type (default: what each looks like)')
      .option('--note <text>', 'why')
      .action(
        intelAction(io, async (ctx, args, opts) => {
          const values = args[0] as unknown as string[];
          const entries = values.map((value) => ({ value, ...(opts.type ? { type: opts.type as string } : {}), ...(opts.note ? { note: opts.note as string } : {}) }));
          const result = await ctx.client.whitelist.add(entries);
          ctx.output.note(`Whitelisted ${result.total} value(s); ${result.whitelisted_indicators} indicator(s) became Whitelisted.`);
          ctx.output.list(result.data, WHITELIST_COLUMNS);
        }),
      ),
  );
  whitelist.addCommand(
    intelCommand('check', 'Tell whether values are whitelisted')
      .argument('<values...>', 'values to check')
      .action(
        intelAction(io, async (ctx, args) => {
          const result = await ctx.client.whitelist.check(args[0] as unknown as string[]);
          ctx.output.list(Object.entries(result).map(([value, whitelisted]) => ({ value, whitelisted })), ['value', 'whitelisted']);
        }),
      ),
  );
  whitelist.addCommand(
    intelCommand('remove', 'Remove a whitelist entry')
      .argument('<id>', 'entry id (see whitelist list)')
      .action(
        intelAction(io, async (ctx, [id]) => {
          const numericId = positiveId(id, 'entry id');
          await ctx.client.whitelist.remove(numericId);
          ctx.output.note(`Removed whitelist entry ${numericId}.`);
        }),
      ),
  );
  return whitelist;
}
