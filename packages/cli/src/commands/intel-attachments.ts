/**
 * `vigil intel attachments …`: files of the threat library — list, show, upload (multipart, with
 * `--malware-locked`; `--chunk-bytes` sends resumable chunks), update the metadata, download (to `--output`
 * or a pipe, never raw to a terminal), delete, and the file types.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Command } from 'commander';
import type { AttachmentPatch } from '@vigil/sdk';
import { UsageError } from '../client/exit-codes.js';
import type { Column } from '../format/table.js';
import { addPaging, count, pagingLimit, positiveId, readInput } from './intel-args.js';
import type { CliIo } from '../io.js';
import { intelAction, intelCommand } from './intel-context.js';

export const ATTACHMENT_COLUMNS: Column[] = ['id', 'name', { header: 'type', value: (f) => f.type?.name ?? f.type_id }, 'file_size', 'malware_locked', 'created_at'];

const typeField = (raw: string) => (/^\d+$/.test(raw) ? Number(raw) : raw);

/**
 * The `attachments` group.
 * ```ts
 * intel.addCommand(attachmentsCommand(io));
 * ```
 */
export function attachmentsCommand(io: CliIo): Command {
  const attachments = new Command('attachments').description('Attachments (files: reports, samples, captures)');

  attachments.addCommand(
    addPaging(intelCommand('list', 'List attachments (newest first unless --sort)').option('--sort <field>', 'id, name, title, type_id, file_size, created_at, updated_at; - for descending', '-id')).action(
      intelAction(io, async (ctx, _args, opts) => {
        const limit = pagingLimit(opts);
        const items = await ctx.client.attachments.list({ sort: opts.sort, with: ['type'], limit: Math.min(limit, 1000) }).toArray({ limit });
        ctx.output.list(items, ATTACHMENT_COLUMNS);
      }),
    ),
  );

  attachments.addCommand(
    intelCommand('show', 'Show one attachment\'s metadata (name, type, size, MD5, SHA-256)')
      .argument('<id>', 'attachment id')
      .action(intelAction(io, async (ctx, [id]) => ctx.output.one(await ctx.client.attachments.retrieve(positiveId(id, 'attachment id'), { with: ['type'] })))),
  );

  attachments.addCommand(
    intelCommand('upload', 'Upload a file ("-" reads stdin; give --name then)')
      .argument('<file>', 'the file')
      .requiredOption('--type <name>', 'a file type name or id (see intel attachments types)')
      .option('--name <name>', 'the file name to store (default: the file\'s own)')
      .option('--title <title>', 'a title')
      .option('--malware-locked', 'mark the file as malware')
      .option('--chunk-bytes <n>', 'send the file in resumable chunks of this many bytes (at most 26214400)')
      .action(
        intelAction(io, async (ctx, [file], opts) => {
          const name = opts.name ?? (file === '-' ? undefined : basename(file!));
          if (!name) throw new UsageError('--name is required when the file is read from stdin');
          const chunkBytes = count(opts.chunkBytes, '--chunk-bytes', 25 * 1024 * 1024);
          const bytes = await readInput(file!, 'file', ctx.stdin);
          const upload = { file: bytes, name, type: typeField(opts.type), malwareLocked: opts.malwareLocked === true, ...(opts.title === undefined ? {} : { title: opts.title as string }) };
          const saved =
            chunkBytes === undefined
              ? await ctx.client.attachments.upload(upload, { with: ['type'] })
              : await ctx.client.attachments.uploadInChunks(upload, { chunkBytes, with: ['type'] });
          ctx.output.one(saved);
        }),
      ),
  );

  attachments.addCommand(
    intelCommand('update', 'Change an attachment\'s name, title, type or malware mark (the bytes cannot change)')
      .argument('<id>', 'attachment id')
      .option('--name <name>', 'new file name')
      .option('--title <title>', 'new title ("" clears it)')
      .option('--type <name>', 'new file type name or id')
      .option('--malware-locked', 'mark the file as malware')
      .option('--no-malware-locked', 'clear the malware mark')
      .action(
        intelAction(io, async (ctx, [id], opts) => {
          const numericId = positiveId(id, 'attachment id');
          const patch: AttachmentPatch = {};
          if (opts.name !== undefined) patch.name = opts.name;
          if (opts.title !== undefined) patch.title = opts.title === '' ? null : opts.title;
          if (opts.type !== undefined) patch.type = typeField(opts.type);
          if (opts.malwareLocked !== undefined) patch.malware_locked = opts.malwareLocked === true;
          if (Object.keys(patch).length === 0) throw new UsageError('nothing to change: give --name, --title, --type or --[no-]malware-locked');
          ctx.output.one(await ctx.client.attachments.update(numericId, patch, { with: ['type'] }));
        }),
      ),
  );

  attachments.addCommand(
    intelCommand('download', 'Download the file to --output, or to stdout when it is a pipe')
      .argument('<id>', 'attachment id')
      .option('--output <file>', 'write here')
      .action(
        intelAction(io, async (ctx, [id], opts) => {
          const numericId = positiveId(id, 'attachment id');
          // Raw bytes (maybe malware) are never dumped onto a terminal.
          if (!opts.output && ctx.stdout.isTTY) throw new UsageError('give --output FILE, or redirect stdout to a file or pipe');
          if (opts.output) {
            const file = await ctx.client.attachments.download(numericId);
            writeFileSync(opts.output, file.data);
            ctx.output.inform(`vigil: wrote ${file.size} bytes of ${file.name ?? 'the attachment'} to ${opts.output}${file.malwareLocked ? ' (marked as malware)' : ''}`);
          } else {
            await ctx.client.attachments.downloadTo(numericId, ctx.stdout);
          }
        }),
      ),
  );

  attachments.addCommand(
    intelCommand('delete', 'Delete an attachment with its relations')
      .argument('<id>', 'attachment id')
      .action(
        intelAction(io, async (ctx, [id]) => {
          const numericId = positiveId(id, 'attachment id');
          await ctx.client.attachments.delete(numericId);
          ctx.output.note(`Deleted attachment ${numericId}.`);
        }),
      ),
  );

  attachments.addCommand(
    intelCommand('types', 'List the attachment (file) types').action(intelAction(io, async (ctx) => ctx.output.list(await ctx.client.attachments.types(), ['id', 'name']))),
  );
  return attachments;
}
