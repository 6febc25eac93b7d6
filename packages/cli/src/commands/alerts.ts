/**
 * `vigil alerts`: list, show, events, severity counts and dismissal (like `ts alerts …`).
 * @module
 */
import { DISMISS_REASONS } from '@vigil/store/vocabulary';
import { Command } from 'commander';
import type { CliIo } from '../io.js';
import { clientAction, clientCommand } from '../client/command.js';
import { UsageError } from '../client/exit-codes.js';
import { choice, isoTime, readText, severity } from '../client/parse.js';
import type { Column } from '../format/table.js';

export const ALERT_COLUMNS: Column[] = ['id', 'createdAt', 'severity', 'title', 'ruleId', 'agentId'];
/** the server takes at most this many ids per dismissal */
const DISMISS_BATCH = 512;

/** Alert ids from arguments and from a file of one id per line (blank lines and `#` comments skipped). */
export function dismissIds(args: readonly string[], idsFile: string | undefined): string[] {
  const fromFile = idsFile === undefined
    ? []
    : readText(idsFile, 'ids file').split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  return [...new Set([...args, ...fromFile])];
}

function dismissReason(raw: string | undefined): (typeof DISMISS_REASONS)[number] {
  if (raw === undefined) throw new UsageError(`-d/--reason is required: ${DISMISS_REASONS.join(' | ')}`);
  return choice(raw.trim().toUpperCase(), DISMISS_REASONS, '-d/--reason');
}

export function alertsCommand(io: CliIo): Command {
  const alerts = new Command('alerts').description('List, show, count and dismiss alerts');

  alerts.addCommand(
    clientCommand('list', 'List active or dismissed alerts, every page')
      .argument('[status]', 'active | dismissed', 'active')
      .option('--severity <n>', '1 (high), 2 (medium) or 3 (low)')
      .option('--rule-id <id>', 'only alerts of this rule')
      .option('--ruleset-id <id>', 'only alerts of this ruleset')
      .option('--agent-id <id>', 'only alerts of this agent')
      .option('--from <time>', 'created at or after (ISO-8601)')
      .option('--until <time>', 'created at or before (ISO-8601)')
      .action(
        clientAction(io, async (ctx, [statusArg], opts) => {
          const status = choice(statusArg, ['active', 'dismissed'] as const, 'status');
          const query = {
            status,
            ...defined('severity', severity(opts.severity)),
            ...defined('ruleId', opts.ruleId as string | undefined),
            ...defined('rulesetId', opts.rulesetId as string | undefined),
            ...defined('agentId', opts.agentId as string | undefined),
            ...defined('from', isoTime(opts.from, '--from')),
            ...defined('until', isoTime(opts.until, '--until')),
          };
          const items: unknown[] = [];
          for await (const alert of ctx.client.alerts.list(query)) items.push(alert);
          ctx.output.list(items, ALERT_COLUMNS);
        }),
      ),
  );

  alerts.addCommand(
    clientCommand('show', 'Show one alert')
      .argument('<id>', 'alert id')
      .action(clientAction(io, async (ctx, [id]) => ctx.output.one(await ctx.client.alerts.retrieve(id!)))),
  );

  alerts.addCommand(
    clientCommand('events', 'List the events that raised an alert')
      .argument('<id>', 'alert id')
      .action(
        clientAction(io, async (ctx, [id]) => {
          const items: unknown[] = [];
          for await (const event of ctx.client.alerts.events(id!)) items.push(event);
          ctx.output.list(items, ['id', 'timestamp', 'eventType', 'hostname', 'user', 'exe', 'command']);
        }),
      ),
  );

  alerts.addCommand(
    clientCommand('count', 'Count active alerts by severity')
      .option('--from <time>', 'created at or after (ISO-8601)')
      .option('--until <time>', 'created at or before (ISO-8601)')
      .action(
        clientAction(io, async (ctx, _args, opts) => {
          const counts = await ctx.client.alerts.severityCounts({
            ...defined('from', isoTime(opts.from, '--from')),
            ...defined('until', isoTime(opts.until, '--until')),
          });
          ctx.output.list(counts, ['severity', 'count']);
        }),
      ),
  );

  alerts.addCommand(
    clientCommand('dismiss', 'Dismiss alerts by id (arguments or --ids-file) or by --from/--until and filters')
      .argument('[ids...]', 'alert ids')
      .option('-i, --ids-file <file>', 'file of alert ids, one per line')
      .option('-d, --reason <reason>', DISMISS_REASONS.join(' | '))
      .option('-x, --reason-text <text>', 'free text (with OTHER)')
      .option('--from <time>', 'dismiss by parameters: created at or after (ISO-8601)')
      .option('--until <time>', 'dismiss by parameters: created at or before (ISO-8601)')
      .option('--severity <n>', 'dismiss by parameters: only this severity')
      .option('--rule-id <id>', 'dismiss by parameters: only this rule')
      .option('--agent-id <id>', 'dismiss by parameters: only this agent')
      .action(
        clientAction(io, async (ctx, args, opts) => {
          const ids = dismissIds((args[0] as unknown as string[] | undefined) ?? [], opts.idsFile);
          const reason = dismissReason(opts.reason);
          const text = defined('dismissReasonText', opts.reasonText as string | undefined);
          const byParameters = opts.from !== undefined || opts.until !== undefined;
          let dismissedCount = 0;
          if (ids.length > 0) {
            if (byParameters || opts.severity !== undefined || opts.ruleId !== undefined || opts.agentId !== undefined) {
              throw new UsageError('give alert ids or --from/--until with filters, not both');
            }
            for (let i = 0; i < ids.length; i += DISMISS_BATCH) {
              const res = await ctx.client.alerts.dismiss({ ids: ids.slice(i, i + DISMISS_BATCH), dismissReason: reason, ...text });
              dismissedCount += countOf(res);
            }
          } else if (byParameters) {
            if (opts.from === undefined || opts.until === undefined) throw new UsageError('dismissing by parameters needs both --from and --until');
            const res = await ctx.client.alerts.dismiss({
              from: isoTime(opts.from, '--from')!,
              until: isoTime(opts.until, '--until')!,
              ...defined('severity', severity(opts.severity)),
              ...defined('ruleId', opts.ruleId as string | undefined),
              ...defined('agentId', opts.agentId as string | undefined),
              dismissReason: reason,
              ...text,
            });
            dismissedCount = countOf(res);
          } else {
            throw new UsageError('nothing to dismiss: give alert ids, --ids-file FILE, or --from and --until');
          }
          if (ctx.output.format === 'table') ctx.output.text(`Dismissed ${dismissedCount} alert(s).\n`);
          else ctx.output.one({ dismissedCount });
        }),
      ),
  );
  return alerts;
}

function countOf(res: unknown): number {
  const n = (res as { dismissedCount?: unknown } | null)?.dismissedCount;
  return typeof n === 'number' ? n : 0;
}

/** `{ key: value }` when the value is set, else `{}` (the SDK's options are exact optional types). */
export function defined<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
