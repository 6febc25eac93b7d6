/**
 * `vigil intel taxii list|create|update|delete`: the organization's TAXII 2.1 collections, each a saved search
 * over indicators (a type and/or a status) served under `/taxii2/`. Owners create and delete; owners and
 * users open a collection to TAXII writes.
 * @module
 */
import { Command } from 'commander';
import { UsageError } from '../client/exit-codes.js';
import type { Column } from '../format/table.js';
import type { CliIo } from '../io.js';
import { intelAction, intelCommand } from './intel-context.js';

export const COLLECTION_COLUMNS: Column[] = ['id', 'title', 'type_id', 'status_id', 'can_write', 'url'];

const nameOrId = (raw: string | undefined) => (raw === undefined ? undefined : /^\d+$/.test(raw) ? Number(raw) : raw);

/**
 * The `taxii` group.
 * ```ts
 * intel.addCommand(taxiiCommand(io));
 * ```
 */
export function taxiiCommand(io: CliIo): Command {
  const taxii = new Command('taxii').description('TAXII 2.1 collections: saved searches over indicators served under /taxii2/ (owners create and delete)');
  taxii.addCommand(intelCommand('list', 'List the collections with their TAXII URLs').action(intelAction(io, async (ctx) => ctx.output.list(await ctx.client.taxiiCollections.list(), COLLECTION_COLUMNS))));
  taxii.addCommand(
    intelCommand('create', 'Create a collection')
      .requiredOption('--title <title>', 'the collection\'s title')
      .option('--description <text>', 'description')
      .option('--type <name>', 'serve only indicators of this type (name or id)')
      .option('--status <name>', 'serve only indicators of this status (name or id)')
      .option('--can-write', 'accept TAXII writes (POST objects) from owners and users')
      .action(
        intelAction(io, async (ctx, _args, opts) => {
          const input = {
            title: opts.title as string,
            description: opts.description as string | undefined,
            type: nameOrId(opts.type),
            status: nameOrId(opts.status),
            ...(opts.canWrite ? { can_write: true } : {}),
          };
          ctx.output.one(await ctx.client.taxiiCollections.create(input));
        }),
      ),
  );
  taxii.addCommand(
    intelCommand('update', 'Open a collection to TAXII writes (--can-write) or close it (--no-can-write)')
      .argument('<id>', 'the collection id (a UUID)')
      .option('--can-write', 'accept TAXII writes')
      .option('--no-can-write', 'refuse TAXII writes')
      .action(
        intelAction(io, async (ctx, [id], opts) => {
          if (opts.canWrite === undefined) throw new UsageError('give --can-write or --no-can-write');
          ctx.output.one(await ctx.client.taxiiCollections.update(id!, { can_write: opts.canWrite === true }));
        }),
      ),
  );
  taxii.addCommand(
    intelCommand('delete', 'Delete a collection')
      .argument('<id>', 'the collection id (a UUID)')
      .action(
        intelAction(io, async (ctx, [id]) => {
          await ctx.client.taxiiCollections.delete(id!);
          ctx.output.note(`Deleted TAXII collection ${id}.`);
        }),
      ),
  );
  return taxii;
}
