/**
 * `vigil intel import text|stix FILE`: indicators from free text (a report, an e-mail) or from a STIX 2.1
 * bundle ("-" reads stdin); `import stage|pending|commit|discard` is ThreatQ's staged flow for text files and
 * uploaded attachments. `vigil intel import-text` is the older spelling of `import text`.
 * @module
 */
import { Command } from 'commander';
import { UsageError } from '../client/exit-codes.js';
import { collect, positiveId, readInput } from './intel-args.js';
import type { CliIo } from '../io.js';
import { intelAction, intelCommand } from './intel-context.js';

const INDICATOR_RESULT = ['id', 'value', { header: 'type', value: (i: any) => i.type?.name ?? i.type_id }];

/**
 * The `import` group.
 * ```ts
 * intel.addCommand(importCommand(io));
 * ```
 */
export function importCommand(io: CliIo): Command {
  const group = new Command('import').description('Import indicators from free text (at once or staged) or a STIX 2.1 bundle');

  group.addCommand(
    intelCommand('text', 'Extract indicators (IPs, domains, URLs, hashes, CVEs, defanged too) from a text file and store them')
      .argument('<file>', 'the text file ("-" reads stdin)')
      .option('--source <name>', 'source of the indicators (default "Free-text import")')
      .option('--status <name>', 'status of new indicators (default: the x_vigil_status of a Vigil export, else Review)')
      .option('--tag <name>', 'a tag (repeatable)', collect)
      .action(
        intelAction(io, async (ctx, [file], opts) => {
          const text = (await readInput(file!, 'text file', ctx.stdin)).toString('utf8');
          if (text.trim() === '') throw new UsageError(`${file} is empty`);
          const input = { text, ...(opts.source ? { import_source: opts.source } : {}), ...(opts.status ? { status: opts.status } : {}), ...(opts.tag ? { tags: opts.tag } : {}) };
          const result = await ctx.client.imports.text(input);
          if (ctx.output.format === 'json') return ctx.output.json(result);
          ctx.output.note(`Found ${result.found}: ${result.created} new, ${result.existing} already known.`);
          ctx.output.list(result.indicators, [...INDICATOR_RESULT, 'import_result']);
        }),
      ),
  );

  group.addCommand(
    intelCommand('stix', 'Store the indicators (patterns and observables) and threat-actors of a STIX 2.1 bundle; other objects are listed as skipped')
      .argument('<file>', 'the bundle, JSON ("-" reads stdin)')
      .option('--source <name>', 'source of the indicators (default "STIX import")')
      .option('--status <name>', 'status of new indicators (default: the x_vigil_status of a Vigil export, else Review)')
      .action(
        intelAction(io, async (ctx, [file], opts) => {
          const text = (await readInput(file!, 'bundle', ctx.stdin)).toString('utf8');
          let bundle: unknown;
          try {
            bundle = JSON.parse(text);
          } catch (err) {
            throw new UsageError(`${file} is not valid JSON: ${(err as Error).message}`);
          }
          if (bundle === null || typeof bundle !== 'object' || Array.isArray(bundle)) throw new UsageError(`${file} must hold a STIX bundle object`);
          const result = await ctx.client.imports.stix(bundle, { source: opts.source, status: opts.status });
          if (ctx.output.format === 'json') return ctx.output.json(result);
          ctx.output.note(`Stored ${result.total} indicator(s) and ${result.adversaries.length} adversary(ies); skipped ${result.skipped.length} object(s).`);
          ctx.output.list(result.data, INDICATOR_RESULT);
          for (const s of result.skipped) ctx.output.inform(`vigil: skipped ${s.id}: ${s.reason}`);
        }),
      ),
  );
  group.addCommand(
    intelCommand('stage', 'Stage an import of a text file or of an uploaded attachment: found indicators wait for "import commit"')
      .argument('[file]', 'the text file ("-" reads stdin)')
      .option('--attachment <id>', 'read this attachment instead of a file')
      .option('--source <name>', 'source of the indicators (default "Free-text import")')
      .option('--status <name>', 'status of new indicators (default: the x_vigil_status of a Vigil export, else Review)')
      .option('--delete-after-import', 'delete the attachment once committed')
      .action(
        intelAction(io, async (ctx, [file], opts) => {
          if ((file === undefined) === (opts.attachment === undefined)) throw new UsageError('give a file or --attachment ID (one of them)');
          const options = {
            ...(opts.source ? { import_source: opts.source as string } : {}),
            ...(opts.status ? { indicator_global_status: opts.status as string } : {}),
            ...(opts.deleteAfterImport ? { delete_after_import: true } : {}),
          };
          let job;
          if (file !== undefined) {
            const text = (await readInput(file, 'text file', ctx.stdin)).toString('utf8');
            if (text.trim() === '') throw new UsageError(`${file} is empty`);
            job = await ctx.client.imports.stage({ text, ...options });
          } else {
            job = await ctx.client.imports.stage({ attachment_id: positiveId(opts.attachment, '--attachment'), ...options });
          }
          ctx.output.one(job);
          ctx.output.note(`Review with "vigil intel import pending ${job.id}", then "import commit ${job.id}" or "import discard ${job.id}".`);
        }),
      ),
  );

  group.addCommand(
    intelCommand('pending', 'List the indicators a staged import found')
      .argument('<id>', 'import id')
      .action(intelAction(io, async (ctx, [id]) => ctx.output.list(await ctx.client.imports.pending(positiveId(id, 'import id')), ['value', { header: 'type', value: (i: any) => i.type?.name ?? i.type_id }]))),
  );

  group.addCommand(
    intelCommand('commit', 'Store what a staged import found')
      .argument('<id>', 'import id')
      .action(
        intelAction(io, async (ctx, [id]) => {
          const result = await ctx.client.imports.commit(positiveId(id, 'import id'));
          if (ctx.output.format !== 'table') return ctx.output.one(result);
          ctx.output.note(`Committed import ${result.id}: found ${result.found ?? result.indicator_count}, ${result.created ?? 0} new, ${result.existing ?? 0} already known.`);
        }),
      ),
  );

  group.addCommand(
    intelCommand('discard', 'Discard a staged import')
      .argument('<id>', 'import id')
      .action(
        intelAction(io, async (ctx, [id]) => {
          const numericId = positiveId(id, 'import id');
          await ctx.client.imports.discard(numericId);
          ctx.output.note(`Discarded import ${numericId}.`);
        }),
      ),
  );
  return group;
}
