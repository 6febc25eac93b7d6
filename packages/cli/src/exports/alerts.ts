/**
 * `vigil export alerts <daycount>`: GetAlertsForRule/get_alerts_for_rules.py. Alerts of the last N days
 * (or `--start-date`/`--end-date`) into `<Org>-<status>-<YYYY-MM-DD-HH-MM>.csv` (or
 * `<Org>-<ruleId>-<status>-…`) as pandas writes them, printing the script's lines. With `--filename` the
 * export appends page by page to that file and skips alerts already in it (by id), so an interrupted
 * export can be resumed.
 * @module
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { ClientContext } from '../client/command.js';
import { UsageError } from '../client/exit-codes.js';
import { parseCsv } from '../format/csv.js';
import { allFields } from '../format/output.js';
import { organizationNameFor, outputPath, printParsedArgs, pythonIsoformat, utcMinute } from './common.js';
import { pandasCsv } from './pandas-csv.js';

export const DAYCOUNTS = ['1', '2', '3', '4', '5', '6', '7', '15', '30', '60', '68', '90', '180', '365'];
const DAY_MS = 86_400_000;

export interface AlertsExportOptions {
  daycount?: string;
  alertStatus?: string;
  ruleId?: string;
  startDate?: string;
  endDate?: string;
  filename?: string;
  outputDir?: string;
  now?: Date;
}

/** A `--start-date`/`--end-date` value; naive times are UTC, as the scripts' `utcnow()` ones are. */
function parseDate(raw: string, flag: string): { text: string; date: Date } {
  const hasZone = /([zZ]|[+-]\d\d:?\d\d)$/.test(raw);
  const t = /^\d{4}-\d{2}-\d{2}$/.test(raw) || hasZone ? Date.parse(raw) : Date.parse(raw + 'Z');
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(t)) {
    throw new UsageError(`${flag} must be an ISO-8601 date or time, e.g. 2024-05-01 or 2024-05-01T12:00:00 (got "${raw}")`);
  }
  return { text: raw, date: new Date(t) };
}

/** The script's `df.replace(r"\\n", " ", regex=True)` (and `\\r`): literal backslash-n/r in text cells. */
function withoutEscapedBreaks(alert: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(alert)) out[k] = typeof v === 'string' ? v.replace(/\\n/g, ' ').replace(/\\r/g, ' ') : v;
  return out;
}

/** The header and ids of an existing export file, to resume it. */
function existingExport(file: string): { columns: string[]; ids: Set<string> } | undefined {
  if (!existsSync(file)) return undefined;
  const rows = parseCsv(readFileSync(file, 'utf8'));
  const header = rows[0];
  if (!header || (header.length === 1 && header[0] === '')) return undefined;
  const idAt = header.indexOf('id');
  if (idAt < 0) throw new UsageError(`--filename ${file} has no "id" column: is it an alerts export?`);
  return { columns: header, ids: new Set(rows.slice(1).map((r) => r[idAt] ?? '').filter(Boolean)) };
}

/** Runs the export; returns the file written. */
export async function exportAlerts(ctx: ClientContext, options: AlertsExportOptions): Promise<string> {
  const status = options.alertStatus ?? 'active';
  if (status !== 'active' && status !== 'dismissed') throw new UsageError(`--alert-status must be active or dismissed (got "${status}")`);
  if (options.daycount === undefined && options.startDate === undefined) {
    throw new UsageError(`daycount is required (one of ${DAYCOUNTS.join(', ')}) unless --start-date is given`);
  }
  if (options.daycount !== undefined && !DAYCOUNTS.includes(options.daycount)) {
    throw new UsageError(`daycount must be one of ${DAYCOUNTS.join(', ')} (got "${options.daycount}")`);
  }
  const now = options.now ?? new Date();
  const endParsed = options.endDate === undefined ? undefined : parseDate(options.endDate, '--end-date');
  const startParsed = options.startDate === undefined ? undefined : parseDate(options.startDate, '--start-date');
  const until = endParsed?.date ?? now;
  const from = startParsed?.date ?? new Date(until.getTime() - Number(options.daycount) * DAY_MS);
  if (from.getTime() > until.getTime()) throw new UsageError('the start date is after the end date');
  const start = startParsed?.text ?? pythonIsoformat(from);
  const end = endParsed?.text ?? pythonIsoformat(until);
  const ruleId = options.ruleId;
  const orgName = organizationNameFor(ctx);
  const log = (line: string) => ctx.output.text(line + '\n');

  printParsedArgs(ctx, orgName, [
    ['alert_status', status],
    ['start', start],
    ['end', end],
    ['rule_id', ruleId ?? 'None'],
  ]);
  log(`alerts?status=${status}${ruleId ? `&ruleId=${ruleId}` : ''}&from=${start}&until=${end}`);

  const name = `${orgName}-${ruleId ? `${ruleId}-` : ''}${status}-${utcMinute(now)}.csv`;
  const file = options.filename ?? outputPath(options.outputDir, name);
  let resume = options.filename === undefined ? undefined : existingExport(file);
  const all: Record<string, unknown>[] = [];
  let processed = 0;
  let appended = 0;
  let skipped = 0;
  const bar = ctx.output.progress('alerts', ctx.progress);
  try {
    const pages = ctx.client.alerts.list({ status, ...(ruleId ? { ruleId } : {}), from, until }).pages();
    for await (const page of pages) {
      bar.stop();
      log(`Adding alert ${start} ${end} ${processed}`);
      processed += page.items.length;
      // the script keeps only the rule's alerts itself too
      const alerts = (page.items as Record<string, unknown>[]).filter((a) => !ruleId || a.ruleId === ruleId).map(withoutEscapedBreaks);
      if (options.filename === undefined) all.push(...alerts);
      else {
        if (resume === undefined && alerts.length > 0) {
          resume = { columns: allFields(alerts), ids: new Set() };
          writeFileSync(file, pandasCsv([], { columns: resume.columns }));
        }
        const fresh = alerts.filter((a) => !resume!.ids.has(String(a.id)));
        skipped += alerts.length - fresh.length;
        if (fresh.length > 0) {
          appendFileSync(file, pandasCsv(fresh, { columns: resume!.columns, header: false }));
          for (const a of fresh) resume!.ids.add(String(a.id));
          appended += fresh.length;
        }
      }
      bar.update(processed);
    }
  } finally {
    bar.stop();
  }
  log(`Writing alerts:  ${start} ${end} ${processed} Rule status:  ${status}`);
  if (options.filename === undefined) writeFileSync(file, pandasCsv(all));
  else {
    if (!existsSync(file)) writeFileSync(file, '\n');
    log(`${appended} alerts appended to ${file} (${skipped} already there).`);
  }
  return file;
}
