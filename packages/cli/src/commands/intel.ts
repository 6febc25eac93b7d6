/**
 * `vigil intel`: the threat library (ThreatQ-compatible API) from the command line — indicators, their
 * types and statuses, bulk loads from files, free-text import, STIX/CSV export, and OAuth clients. Logs in with `VIGIL_INTEL_*` (see
 * intel-context.ts).
 * @module
 */
import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import type { TqIndicatorInput, TqIndicatorPatch } from '@vigil/sdk';
import { UsageError } from '../client/exit-codes.js';
import { readText } from '../client/parse.js';
import type { Column } from '../format/table.js';
import { readAll, type CliIo } from '../io.js';
import { intelAction, intelCommand } from './intel-context.js';
import { completeIndicator, INPUT_FORMATS, inputFormat, readIndicatorItems } from './intel-input.js';
import { adversariesCommand } from './intel-adversaries.js';
import { attachmentsCommand } from './intel-attachments.js';
import { eventsCommand } from './intel-events.js';
import { importCommand } from './intel-import.js';
import { relationsCommand } from './intel-relations.js';
import { taxiiCommand } from './intel-taxii.js';
import { whitelistCommand } from './intel-whitelist.js';

const INDICATOR_COLUMNS: Column[] = [
  'id',
  'value',
  { header: 'type', value: (i) => i.type?.name ?? i.type_id },
  { header: 'status', value: (i) => i.status?.name ?? i.status_id },
  'updated_at',
];
const CLIENT_COLUMNS: Column[] = ['client_id', 'name', 'user_id', 'created_at', 'revoked_at'];
/** type and status names for tables; --with replaces them */
const DEFAULT_WITH = ['type', 'status'];

const collect = (value: string, previous: string[] = []) => [...previous, value];

function withList(raw: string | undefined): string[] {
  return raw === undefined ? DEFAULT_WITH : raw.split(',').map((s) => s.trim()).filter(Boolean);
}

function indicatorId(raw: string | undefined): number {
  if (!raw || !/^\d+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) throw new UsageError(`indicator id must be a positive integer (got "${raw}")`);
  return Number(raw);
}

function count(raw: string | undefined, flag: string, max: number): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) throw new UsageError(`${flag} must be a whole number from 1 to ${max} (got "${raw}")`);
  return Number(raw);
}

function indicatorsCommand(io: CliIo): Command {
  const indicators = new Command('indicators').description('Indicators of the threat library');

  indicators.addCommand(
    intelCommand('list', 'List indicators (newest first unless --sort)')
      .option('--value <value>', 'the value, as typed or normalized (hxxp://evil[.]com finds http://evil.com)')
      .option('--type <name>', 'a type name, e.g. "IP Address" (see intel indicators types)')
      .option('--status <name>', 'Active, Expired, Indirect, Review or Whitelisted')
      .option('--sort <field>', 'id, value, type_id, status_id, score, created_at, updated_at, touched_at; - for descending', '-id')
      .option('--with <names>', 'related data, comma-separated: sources, score, attributes, tags, type, status', DEFAULT_WITH.join(','))
      .option('--limit <n>', 'show at most this many (default 50, at most 10000)')
      .option('--all', 'show every match (up to 10000)')
      .action(
        intelAction(io, async (ctx, _args, opts) => {
          const limit = opts.all ? 10_000 : (count(opts.limit, '--limit', 10_000) ?? 50);
          const items = await ctx.client.indicators
            .list({ value: opts.value, type: opts.type, status: opts.status, sort: opts.sort, with: withList(opts.with), limit: Math.min(limit, 1000) })
            .toArray({ limit });
          ctx.output.list(items, INDICATOR_COLUMNS);
        }),
      ),
  );

  indicators.addCommand(
    intelCommand('query', 'Search with a ThreatQ query body from a JSON file ({"criteria":…,"filters":…}; "-" reads stdin), paged by cursorMark')
      .argument('<file>', 'the query body')
      .option('--sort <field>', 'sort field; - for descending', 'id')
      .option('--with <names>', 'related data, comma-separated', DEFAULT_WITH.join(','))
      .option('--limit <n>', 'show at most this many (default 50, at most 10000)')
      .option('--all', 'show every match (up to 10000)')
      .action(
        intelAction(io, async (ctx, [file], opts) => {
          const text = file === '-' ? (await readAll(ctx.stdin)).toString('utf8') : readText(file!, 'query file');
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch (err) {
            throw new UsageError(`${file} is not valid JSON: ${(err as Error).message}`);
          }
          if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new UsageError(`${file} must hold a JSON object such as {"criteria": {"type_name": "FQDN"}}`);
          const limit = opts.all ? 10_000 : (count(opts.limit, '--limit', 10_000) ?? 50);
          const items = await ctx.client.indicators.query(body as object, { sort: opts.sort, with: withList(opts.with), limit: Math.min(limit, 1000) }).toArray({ limit });
          ctx.output.list(items, INDICATOR_COLUMNS);
        }),
      ),
  );

  indicators.addCommand(
    intelCommand('show', 'Show one indicator')
      .argument('<id>', 'indicator id')
      .option('--with <names>', 'related data, comma-separated', 'type,status,score,sources,attributes,tags')
      .action(intelAction(io, async (ctx, [id], opts) => ctx.output.one(await ctx.client.indicators.retrieve(indicatorId(id), { with: withList(opts.with) })))),
  );

  indicators.addCommand(
    intelCommand('add', 'Add an indicator (merged with an existing one of the same type and value)')
      .argument('<value>', 'the value; defanged forms such as hxxp://evil[.]com are fine')
      .option('--type <name>', 'type name or id (default: what the value looks like)')
      .option('--status <name>', 'status (default Review)')
      .option('--description <text>', 'description')
      .option('--source <name>', 'a source (repeatable)', collect)
      .option('--tlp <name>', 'TLP of the sources: WHITE, GREEN, AMBER or RED')
      .option('--tag <name>', 'a tag (repeatable)', collect)
      .option('--attribute <name=value>', 'an attribute (repeatable)', collect)
      .option('--expires-at <time>', '"YYYY-MM-DD HH:MM:SS" UTC')
      .action(
        intelAction(io, async (ctx, [value], opts) => {
          const input: Record<string, unknown> = { value };
          if (opts.type !== undefined) {
            if (/^\d+$/.test(opts.type)) input.type_id = Number(opts.type);
            else input.type = opts.type;
          }
          if (opts.status !== undefined) input.status = opts.status;
          if (opts.description !== undefined) input.description = opts.description;
          if (opts.source) input.sources = (opts.source as string[]).map((name) => ({ name, ...(opts.tlp ? { tlp: { name: opts.tlp } } : {}) }));
          else if (opts.tlp) throw new UsageError('--tlp needs --source');
          if (opts.tag) input.tags = opts.tag;
          if (opts.attribute) {
            input.attributes = (opts.attribute as string[]).map((pair) => {
              const eq = pair.indexOf('=');
              if (eq < 1) throw new UsageError(`--attribute must be name=value (got "${pair}")`);
              return { name: pair.slice(0, eq), value: pair.slice(eq + 1) };
            });
          }
          if (opts.expiresAt !== undefined) input.expires_at = opts.expiresAt;
          const item: TqIndicatorInput = completeIndicator(input, 'the value', {});
          const saved = await ctx.client.indicators.create(item, { with: ['type', 'status', 'sources', 'tags'] });
          ctx.output.one(saved.data[0]);
        }),
      ),
  );

  indicators.addCommand(
    intelCommand('update', 'Change the status, description or dates of an indicator')
      .argument('<id>', 'indicator id')
      .option('--status <name>', 'new status')
      .option('--description <text>', 'new description ("" clears it)')
      .option('--expires-at <time>', '"YYYY-MM-DD HH:MM:SS" UTC ("" clears it)')
      .option('--last-detected-at <time>', '"YYYY-MM-DD HH:MM:SS" UTC')
      .action(
        intelAction(io, async (ctx, [id], opts) => {
          const numericId = indicatorId(id);
          const patch: TqIndicatorPatch = {};
          if (opts.status !== undefined) patch.status = opts.status;
          if (opts.description !== undefined) patch.description = opts.description === '' ? null : opts.description;
          if (opts.expiresAt !== undefined) patch.expires_at = opts.expiresAt === '' ? null : opts.expiresAt;
          if (opts.lastDetectedAt !== undefined) patch.last_detected_at = opts.lastDetectedAt;
          if (Object.keys(patch).length === 0) throw new UsageError('nothing to change: give --status, --description, --expires-at or --last-detected-at');
          ctx.output.one(await ctx.client.indicators.update(numericId, patch, { with: DEFAULT_WITH }));
        }),
      ),
  );

  indicators.addCommand(
    intelCommand('delete', 'Delete an indicator (it comes back if it is reported again)')
      .argument('<id>', 'indicator id')
      .action(
        intelAction(io, async (ctx, [id]) => {
          const numericId = indicatorId(id);
          await ctx.client.indicators.delete(numericId);
          ctx.output.note(`Deleted indicator ${numericId}.`);
        }),
      ),
  );

  indicators.addCommand(
    intelCommand('consume', 'Bulk-load indicators from a file: a JSON array, NDJSON or CSV with a header row ("-" reads stdin)')
      .argument('<file>', 'the file')
      .addOption(new Option('--input-format <format>', 'json, ndjson or csv (default: from the name or content)').choices(INPUT_FORMATS))
      .option('--type <name>', 'type of items without one (default: what each value looks like)')
      .option('--status <name>', 'status of items without one')
      .option('--source <name>', 'source of items without any')
      .option('--chunk-size <n>', 'indicators per request (default and maximum 2000)')
      .action(
        intelAction(io, async (ctx, [file], opts) => {
          const text = file === '-' ? (await readAll(ctx.stdin)).toString('utf8') : readText(file!, 'indicator file');
          const items = readIndicatorItems(text, inputFormat(opts.inputFormat, file!, text), { type: opts.type, status: opts.status, source: opts.source });
          if (items.length === 0) throw new UsageError(`${file} holds no indicators`);
          const chunkSize = count(opts.chunkSize, '--chunk-size', 2000);
          let stored = 0;
          try {
            const result = await ctx.client.indicators.consume(items, {
              ...(chunkSize === undefined ? {} : { chunkSize }),
              onChunk: (p) => (stored = p.stored),
            });
            ctx.output.one({ read: items.length, stored: result.stored, requests: result.chunks });
          } catch (err) {
            // The server names the item within its request; say where that request started in the file.
            if (stored > 0 || items.length > (chunkSize ?? 2000)) {
              ctx.output.inform(`vigil: ${stored} indicator(s) were stored; the refused request began with item ${stored + 1} of the file`);
            }
            throw err;
          }
        }),
      ),
  );

  indicators.addCommand(
    intelCommand('types', 'List the indicator types').action(intelAction(io, async (ctx) => ctx.output.list(await ctx.client.indicators.types(), ['id', 'name', 'class']))),
  );
  indicators.addCommand(
    intelCommand('statuses', 'List the indicator statuses').action(
      intelAction(io, async (ctx) => ctx.output.list(await ctx.client.indicators.statuses(), ['id', 'name', 'description'])),
    ),
  );
  return indicators;
}

function oauthClientsCommand(io: CliIo): Command {
  const clients = new Command('oauth-clients').alias('clients').description('OAuth clients of the organization (owners)');
  clients.addCommand(intelCommand('list', 'List OAuth clients').action(intelAction(io, async (ctx) => ctx.output.list(await ctx.client.oauthClients.list(), CLIENT_COLUMNS))));
  clients.addCommand(
    intelCommand('create', 'Create an OAuth client (prints its secret once)')
      .requiredOption('--name <name>', 'what the client is for')
      .action(intelAction(io, async (ctx, _args, opts) => ctx.output.one(await ctx.client.oauthClients.create({ name: opts.name })))),
  );
  clients.addCommand(
    intelCommand('revoke', 'Revoke an OAuth client and end its tokens')
      .argument('<client_id>', 'the client id')
      .action(
        intelAction(io, async (ctx, [id]) => {
          await ctx.client.oauthClients.revoke(id!);
          ctx.output.note(`Revoked OAuth client ${id}.`);
        }),
      ),
  );
  return clients;
}

function importTextCommand(io: CliIo): Command {
  return intelCommand('import-text', 'Extract indicators from a text file (a report, an e-mail) and store them ("-" reads stdin)')
    .argument('<file>', 'the text file')
    .option('--source <name>', 'source of the indicators (default: the server\'s)')
    .option('--status <name>', 'status of new indicators (default Review)')
    .option('--tag <name>', 'a tag (repeatable)', collect)
    .action(
      intelAction(io, async (ctx, [file], opts) => {
        const text = file === '-' ? (await readAll(ctx.stdin)).toString('utf8') : readText(file!, 'text file');
        if (text.trim() === '') throw new UsageError(`${file} is empty`);
        const input = { text, ...(opts.source ? { import_source: opts.source } : {}), ...(opts.status ? { status: opts.status } : {}), ...(opts.tag ? { tags: opts.tag } : {}) };
        const { data } = await ctx.client.indicators.importText(input);
        if (ctx.output.format === 'json') return ctx.output.json(data);
        ctx.output.note(`Found ${data.found}: ${data.created} new, ${data.existing} already known.`);
        ctx.output.list(data.indicators, ['id', 'value', { header: 'type', value: (i) => i.type?.name ?? i.type_id }, 'import_result']);
      }),
    );
}

function exportCommand(io: CliIo): Command {
  const exportGroup = new Command('export').description('Export indicators as a STIX 2.1 bundle or CSV (to stdout or --output)');
  for (const kind of ['stix', 'csv'] as const) {
    exportGroup.addCommand(
      intelCommand(kind, kind === 'stix' ? 'A STIX 2.1 bundle of the matching indicators' : 'The matching indicators as CSV')
        .option('--value <value>', 'one value')
        .option('--type <name>', 'a type name')
        .option('--status <name>', 'a status name')
        .option('--limit <n>', 'at most this many (default and maximum 10000)')
        .option('--output <file>', 'write here instead of stdout')
        .action(
          intelAction(io, async (ctx, _args, opts) => {
            const filters = { value: opts.value, type: opts.type, status: opts.status, limit: count(opts.limit, '--limit', 10_000) };
            const text = kind === 'stix' ? JSON.stringify(await ctx.client.indicators.exportStix(filters), null, 2) + '\n' : await ctx.client.indicators.exportCsv(filters);
            if (opts.output) writeFileSync(opts.output, text);
            else ctx.output.text(text);
          }),
        ),
    );
  }
  return exportGroup;
}

/**
 * The `vigil intel` command group, reading and writing through `io`.
 * ```ts
 * program.addCommand(intelCommandGroup(processIo()));
 * ```
 */
export function intelCommandGroup(io: CliIo): Command {
  const intel = new Command('intel').description(
    'Threat library (ThreatQ-compatible API): indicators, events, adversaries, attachments, relations, import, export, TAXII collections, OAuth clients and the whitelist; credentials from VIGIL_INTEL_URL, VIGIL_INTEL_EMAIL, VIGIL_INTEL_PASSWORD, VIGIL_INTEL_CLIENT_ID, VIGIL_INTEL_CLIENT_SECRET',
  );
  intel.addCommand(indicatorsCommand(io));
  intel.addCommand(eventsCommand(io));
  intel.addCommand(adversariesCommand(io));
  intel.addCommand(attachmentsCommand(io));
  intel.addCommand(relationsCommand(io));
  intel.addCommand(importCommand(io));
  intel.addCommand(importTextCommand(io));
  intel.addCommand(exportCommand(io));
  intel.addCommand(taxiiCommand(io));
  intel.addCommand(oauthClientsCommand(io));
  intel.addCommand(whitelistCommand(io));
  intel.addHelpText(
    'after',
    `
Examples:
  vigil intel indicators add 'hxxp://evil[.]example/x' --source Feed --tag phish
  vigil intel events add --title "Phishing wave" --type Spearphish --tag q4
  vigil intel adversaries add "APT 99" --description "seen in Q3"
  vigil intel attachments upload sample.bin --type "Malware Sample" --malware-locked
  vigil intel attachments download 5 --output sample.bin
  vigil intel relations link indicators 42 adversaries 3
  vigil intel import stix bundle.json --source Partner
  vigil intel export stix --status Active --output active.json
  vigil intel taxii create --title "Active FQDNs" --type FQDN --status Active
  vigil intel whitelist add 10.0.0.0/8 --note internal
Every command takes --format table|json|csv; "vigil intel GROUP --help" lists a group's commands.
Exit codes: 0 ok, 2 usage, 3 credentials or permission, 4 not found, 5 rate limited, 6 server, 7 refused input.`,
  );
  return intel;
}
