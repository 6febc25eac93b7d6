/**
 * `vigil rulesets`: CRUD, and export/import as YAML (rules included).
 * @module
 */
import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import type { CliIo } from '../io.js';
import { clientAction, clientCommand } from '../client/command.js';
import { UsageError } from '../client/exit-codes.js';
import { yamlFile } from '../client/parse.js';
import { exportRuleset, importRuleset } from '../client/ruleset-sync.js';
import { rulesetInput, toYaml } from '../format/ruleset-yaml.js';
import type { Output } from '../format/output.js';
import type { Column } from '../format/table.js';

export const RULESET_COLUMNS: Column[] = [
  'id',
  'name',
  { header: 'rules', value: (r) => (Array.isArray(r.rules) ? r.rules.length : '') },
  'description',
  'updatedAt',
];

/** Writes YAML to a file (saying so on stderr) or to stdout. */
export function writeYaml(doc: unknown, file: string | undefined, output: Output, what: string): void {
  const text = toYaml(doc);
  if (file === undefined) {
    output.text(text);
    return;
  }
  try {
    writeFileSync(file, text);
  } catch (err) {
    throw new UsageError(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  output.inform(`Wrote ${what} to ${file}.`);
}

export function rulesetsCommand(io: CliIo): Command {
  const rulesets = new Command('rulesets').description('Manage rulesets; export and import them as YAML');
  rulesets.addCommand(
    clientCommand('list', 'List rulesets')
      .option('--agent-id <id>', 'only rulesets with a rule that applies to this agent')
      .action(
        clientAction(io, async (ctx, _args, opts) => {
          const items: unknown[] = [];
          for await (const r of ctx.client.rulesets.list(opts.agentId ? { agentId: opts.agentId } : {})) items.push(r);
          ctx.output.list(items, RULESET_COLUMNS);
        }),
      ),
  );
  rulesets.addCommand(
    clientCommand('show', 'Show one ruleset')
      .argument('<id>', 'ruleset id')
      .action(clientAction(io, async (ctx, [id]) => ctx.output.one(await ctx.client.rulesets.retrieve(id!)))),
  );
  rulesets.addCommand(
    clientCommand('create', 'Create an empty ruleset (add rules with `rules create` or `rulesets import`)')
      .requiredOption('--name <name>', 'unique name')
      .option('--description <text>', 'what it is for', '')
      .action(
        clientAction(io, async (ctx, _args, opts) => {
          ctx.output.one(await ctx.client.rulesets.create({ name: opts.name, description: opts.description } as any));
        }),
      ),
  );
  rulesets.addCommand(
    clientCommand('update', 'Rename a ruleset or change its description (its rules stay)')
      .argument('<id>', 'ruleset id')
      .option('--name <name>', 'new name')
      .option('--description <text>', 'new description')
      .action(
        clientAction(io, async (ctx, [id], opts) => {
          if (opts.name === undefined && opts.description === undefined) throw new UsageError('nothing to change: give --name or --description');
          const current = (await ctx.client.rulesets.retrieve(id!)) as Record<string, any>;
          const body = { name: opts.name ?? current.name, description: opts.description ?? current.description ?? '' };
          ctx.output.one(await ctx.client.rulesets.update(id!, body as any));
        }),
      ),
  );
  rulesets.addCommand(
    clientCommand('delete', 'Delete a ruleset and its rules')
      .argument('<id>', 'ruleset id')
      .action(
        clientAction(io, async (ctx, [id]) => {
          await ctx.client.rulesets.delete(id!);
          ctx.output.note(`Deleted ruleset ${id}.`);
        }),
      ),
  );
  rulesets.addCommand(
    clientCommand('export', 'Write a ruleset and its rules (with tags) as YAML', { format: false })
      .argument('<id>', 'ruleset id')
      .option('--file <file>', 'write to this file instead of stdout')
      .action(
        clientAction(io, async (ctx, [id], opts) => {
          writeYaml(await exportRuleset(ctx.client, id!), opts.file, ctx.output, 'the ruleset');
        }),
      ),
  );
  rulesets.addCommand(
    clientCommand('import', 'Create or update (by name) a ruleset and its rules from YAML')
      .argument('<file>', 'YAML file as written by `rulesets export`')
      .action(
        clientAction(io, async (ctx, [file]) => {
          const input = rulesetInput(yamlFile(file!), file!);
          const s = await importRuleset(ctx.client, input);
          if (ctx.output.format !== 'table') return ctx.output.one(s.ruleset);
          ctx.output.text(
            `${s.rulesetCreated ? 'Created' : 'Updated'} ruleset "${s.ruleset.name}" (${s.ruleset.id}): ` +
              `${s.created.length} rule(s) created, ${s.updated.length} updated.\n`,
          );
        }),
      ),
  );
  return rulesets;
}
