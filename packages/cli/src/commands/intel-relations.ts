/**
 * `vigil intel relations …`: relations between indicators, events, adversaries and attachments — list the
 * objects related to one, link and unlink. `KIND ID OTHER-KIND` names both ends, e.g.
 * `vigil intel relations link indicators 42 adversaries 3`.
 * @module
 */
import { Command } from 'commander';
import type { TqObjectRef } from '@vigil/sdk';
import type { Column } from '../format/table.js';
import { addPaging, objectKind, pagingLimit, positiveId } from './intel-args.js';
import type { CliIo } from '../io.js';
import { intelAction, intelCommand } from './intel-context.js';

/** A related object's id, its pivot, and what names it (an indicator's value, an event's title, …). */
export const RELATED_COLUMNS: Column[] = [
  'id',
  { header: 'pivot', value: (o) => o.pivot?.id },
  { header: 'label', value: (o) => o.value ?? o.title ?? o.name },
  'created_at',
];

function ends(kind: string | undefined, id: string | undefined, other: string | undefined): [TqObjectRef, ReturnType<typeof objectKind>] {
  const from = { kind: objectKind(kind), id: positiveId(id, 'id') };
  return [from, objectKind(other, 'other kind')];
}

const KIND_HELP = 'indicators, events, adversaries or attachments';

/**
 * The `relations` group.
 * ```ts
 * intel.addCommand(relationsCommand(io));
 * ```
 */
export function relationsCommand(io: CliIo): Command {
  const relations = new Command('relations').description(`Relations between objects (${KIND_HELP}); a relation works both ways`);

  relations.addCommand(
    addPaging(
      intelCommand('list', 'List the objects of OTHER-KIND related to one object')
        .argument('<kind>', KIND_HELP)
        .argument('<id>', 'the object\'s id')
        .argument('<other-kind>', KIND_HELP),
    ).action(
      intelAction(io, async (ctx, [kind, id, other], opts) => {
        const [from, otherKind] = ends(kind, id, other);
        const limit = pagingLimit(opts);
        ctx.output.list(await ctx.client.relations.list(from, otherKind, { limit: Math.min(limit, 1000) }).toArray({ limit }), RELATED_COLUMNS);
      }),
    ),
  );

  relations.addCommand(
    intelCommand('link', 'Relate objects of OTHER-KIND (by id) to one object')
      .argument('<kind>', KIND_HELP)
      .argument('<id>', 'the object\'s id')
      .argument('<other-kind>', KIND_HELP)
      .argument('<other-ids...>', 'ids of the objects to relate')
      .action(
        intelAction(io, async (ctx, args) => {
          const [kind, id, other, otherIds] = args as unknown as [string, string, string, string[]];
          const [from, otherKind] = ends(kind, id, other);
          const ids = otherIds.map((raw) => positiveId(raw, 'other id'));
          ctx.output.list(await ctx.client.relations.link(from, otherKind, ids), RELATED_COLUMNS);
        }),
      ),
  );

  relations.addCommand(
    intelCommand('unlink', 'Remove the relation between two objects')
      .argument('<kind>', KIND_HELP)
      .argument('<id>', 'the object\'s id')
      .argument('<other-kind>', KIND_HELP)
      .argument('<other-id>', 'the related object\'s id')
      .action(
        intelAction(io, async (ctx, [kind, id, other, otherId]) => {
          const [from, otherKind] = ends(kind, id, other);
          const numericOther = positiveId(otherId, 'other id');
          await ctx.client.relations.unlink(from, otherKind, numericOther);
          ctx.output.note(`Unlinked ${otherKind} ${numericOther} from ${from.kind} ${from.id}.`);
        }),
      ),
  );
  return relations;
}
