/**
 * `vigil rules`: the rules of a ruleset (CRUD, tags, export/import as YAML).
 * @module
 */
import { Command } from 'commander';
import type { CliIo } from '../io.js';
import { clientAction, clientCommand } from '../client/command.js';
import { UsageError } from '../client/exit-codes.js';
import { jsonData, objectBody, yamlFile } from '../client/parse.js';
import { exportRule, importRules } from '../client/ruleset-sync.js';
import { ruleInput } from '../format/ruleset-yaml.js';
import type { Column } from '../format/table.js';
import { writeYaml } from './rulesets.js';

export const RULE_COLUMNS: Column[] = ['id', 'name', 'type', 'severityOfAlerts', 'enabled', 'title'];

function bodyOptions(cmd: Command): Command {
  return cmd
    .option('--file <file>', 'the rule as YAML or JSON (as written by `rules export`)')
    .option('--data <json>', 'the rule as JSON, or @file.json');
}

/** A rule body from --file/--data, without the fields the server sets (tags are set separately). */
function ruleBody(opts: { file?: string; data?: string }) {
  return ruleInput(objectBody(opts, 'rule'), opts.file ?? '--data');
}

export function rulesCommand(io: CliIo): Command {
  const rules = new Command('rules').description('Manage the rules of a ruleset; export and import them as YAML');
  rules.addCommand(
    clientCommand('list', 'List the rules of a ruleset')
      .argument('<rulesetId>', 'ruleset id')
      .action(
        clientAction(io, async (ctx, [rulesetId]) => {
          const items: unknown[] = [];
          for await (const r of ctx.client.rules.list(rulesetId!)) items.push(r);
          ctx.output.list(items, RULE_COLUMNS);
        }),
      ),
  );
  rules.addCommand(
    clientCommand('show', 'Show one rule')
      .argument('<rulesetId>', 'ruleset id')
      .argument('<ruleId>', 'rule id')
      .action(clientAction(io, async (ctx, [rulesetId, ruleId]) => ctx.output.one(await ctx.client.rules.retrieve(rulesetId!, ruleId!)))),
  );
  rules.addCommand(
    bodyOptions(clientCommand('create', 'Create a rule in a ruleset'))
      .argument('<rulesetId>', 'ruleset id')
      .action(
        clientAction(io, async (ctx, [rulesetId], opts) => {
          const { body, tags } = ruleBody(opts);
          const rule = (await ctx.client.rules.create(rulesetId!, body as any)) as Record<string, any>;
          if (tags) await ctx.client.rules.setTags(rule.id, tags as any);
          ctx.output.one(rule);
        }),
      ),
  );
  rules.addCommand(
    bodyOptions(clientCommand('update', 'Replace a rule (every save is a full write)'))
      .argument('<rulesetId>', 'ruleset id')
      .argument('<ruleId>', 'rule id')
      .action(
        clientAction(io, async (ctx, [rulesetId, ruleId], opts) => {
          const { body, tags } = ruleBody(opts);
          const rule = await ctx.client.rules.update(rulesetId!, ruleId!, body as any);
          if (tags) await ctx.client.rules.setTags(ruleId!, tags as any);
          ctx.output.one(rule);
        }),
      ),
  );
  rules.addCommand(
    clientCommand('delete', 'Delete a rule')
      .argument('<rulesetId>', 'ruleset id')
      .argument('<ruleId>', 'rule id')
      .action(
        clientAction(io, async (ctx, [rulesetId, ruleId]) => {
          await ctx.client.rules.delete(rulesetId!, ruleId!);
          ctx.output.note(`Deleted rule ${ruleId}.`);
        }),
      ),
  );
  rules.addCommand(
    clientCommand('tags', 'Show the agent tags a rule applies to (inclusion) or skips (exclusion)')
      .argument('<ruleId>', 'rule id')
      .action(clientAction(io, async (ctx, [ruleId]) => ctx.output.one(await ctx.client.rules.tags(ruleId!)))),
  );
  rules.addCommand(
    clientCommand('set-tags', 'Replace the agent tags of a rule')
      .argument('<ruleId>', 'rule id')
      .option('--inclusion <json>', 'JSON list of {source, key, value}, or @file.json')
      .option('--exclusion <json>', 'JSON list of {source, key, value}, or @file.json')
      .action(
        clientAction(io, async (ctx, [ruleId], opts) => {
          const list = (raw: string | undefined, flag: string) => {
            if (raw === undefined) return [];
            const v = jsonData(raw, flag);
            if (!Array.isArray(v)) throw new UsageError(`${flag} must be a JSON list`);
            return v;
          };
          const tags = { inclusion: list(opts.inclusion, '--inclusion'), exclusion: list(opts.exclusion, '--exclusion') };
          const res = await ctx.client.rules.setTags(ruleId!, tags as any);
          ctx.output.one(res ?? tags);
        }),
      ),
  );
  rules.addCommand(
    clientCommand('export', 'Write one rule (with tags) as YAML', { format: false })
      .argument('<rulesetId>', 'ruleset id')
      .argument('<ruleId>', 'rule id')
      .option('--file <file>', 'write to this file instead of stdout')
      .action(
        clientAction(io, async (ctx, [rulesetId, ruleId], opts) => {
          writeYaml(await exportRule(ctx.client, rulesetId!, ruleId!), opts.file, ctx.output, 'the rule');
        }),
      ),
  );
  rules.addCommand(
    clientCommand('import', 'Create or update (by name) rules in a ruleset from YAML (one rule or a list)')
      .argument('<rulesetId>', 'ruleset id')
      .argument('<file>', 'YAML file')
      .action(
        clientAction(io, async (ctx, [rulesetId, file]) => {
          const doc = yamlFile(file!);
          const docs = Array.isArray(doc) ? doc : doc && typeof doc === 'object' && Array.isArray((doc as any).rules) ? (doc as any).rules : [doc];
          const inputs = docs.map((d: unknown, i: number) => ruleInput(d, `${file}: rule ${i + 1}`));
          const summary = { created: [] as string[], updated: [] as string[] };
          await importRules(ctx.client, rulesetId!, inputs, summary);
          if (ctx.output.format === 'table') {
            ctx.output.text(`${summary.created.length} rule(s) created, ${summary.updated.length} updated.\n`);
          } else ctx.output.one(summary);
        }),
      ),
  );
  return rules;
}
