/**
 * `vigil export rules`: GetSuppressionsForRules/get_suppressions_for_rule.py. One row per suppression
 * of every rule (one row with an empty suppression when a rule has none) into
 * `<Org>-All-Rules-<YYYY-MM-DD-HH-MM>.csv`. The last column is spelled `Supperssions` because that is
 * what the script writes (its readme says `Suppressions`).
 * @module
 */
import { writeFileSync } from 'node:fs';
import type { ClientContext } from '../client/command.js';
import { pyStr } from '../format/python-repr.js';
import { organizationNameFor, outputPath, printParsedArgs, utcMinute } from './common.js';
import { pandasCsv } from './pandas-csv.js';

export const RULES_HEADER = ['RuleSetId', 'RuleSetName', 'Id', 'Name', 'Title', 'Description', 'Enabled', 'Severity', 'Supperssions'];

/** Runs the export; returns the file written. */
export async function exportRules(ctx: ClientContext, options: { outputDir?: string; now?: Date } = {}): Promise<string> {
  const orgName = organizationNameFor(ctx);
  printParsedArgs(ctx, orgName);
  const log = (line: string) => ctx.output.text(line + '\n');
  const rows: Record<string, unknown>[] = [];
  const bar = ctx.output.progress('rulesets', ctx.progress);
  let done = 0;
  try {
    // every page of rulesets (the script reads only the first)
    for await (const ruleset of ctx.client.rulesets.list()) {
      const rs = ruleset as Record<string, any>;
      bar.stop();
      log(`Getting ruleset: ${rs.name}`);
      for await (const r of ctx.client.rules.list(rs.id)) {
        const rule = r as Record<string, any>;
        const base = {
          RuleSetId: rs.id,
          RuleSetName: rs.name,
          Id: rule.id,
          Name: rule.name,
          Title: rule.title,
          Description: pyStr(rule.alertDescription ?? null).replace(/\n/g, ' '),
          Enabled: rule.enabled,
          Severity: rule.severityOfAlerts,
        };
        const suppressions: unknown[] = Array.isArray(rule.suppressions) && rule.suppressions.length > 0 ? rule.suppressions : [''];
        for (const s of suppressions) rows.push({ ...base, Supperssions: s });
      }
      log(`Finished getting all rules in: ${rs.name}`);
      bar.update(++done);
    }
  } finally {
    bar.stop();
  }
  const file = outputPath(options.outputDir, `${orgName}-All-Rules-${utcMinute(options.now ?? new Date())}.csv`);
  writeFileSync(file, rows.length === 0 ? '\n' : pandasCsv(rows, { columns: RULES_HEADER }));
  return file;
}
