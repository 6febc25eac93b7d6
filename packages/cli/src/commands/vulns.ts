/**
 * `vigil vulns …`: vulnerability data. `import` reads advisory feeds (OSV records, folders, OSV's
 * per-ecosystem zip, the Debian security tracker's JSON) straight into the server's database, like
 * `vigil admin`: advisories are global, shared by every organization, so no API key is involved.
 * @module
 */
import { Command } from 'commander';
import type { FeedImportResult } from '@vigil/server/setup';
import type { CliIo } from '../io.js';
import { storeOptions, withStore } from './admin.js';
import { addVulnClientCommands } from './vulns-client.js';

/** Refusals printed per feed; the rest are counted. */
const SHOWN_REFUSALS = 50;

const COUNTS = ['read', 'inserted', 'updated', 'unchanged', 'withdrawn', 'refused'] as const;

export const VULNS_DESCRIPTION = 'import vulnerability advisories (OSV, Debian security tracker); list vulnerabilities found on hosts; manage suppressions';

/** The `vulns` subcommand tree. */
export function vulnsCommand(io: CliIo): Command {
  const vulns = new Command('vulns').description(VULNS_DESCRIPTION);
  storeOptions(
    vulns
      .command('import <paths...>')
      .description(
        'import advisories from OSV records (a .json file or a folder of them), an OSV all.zip or the Debian security tracker JSON; a re-import changes nothing',
      ),
  ).action((paths: string[], o) =>
    withStore(io, o, async ({ store, lib, out }) => {
      const results: Array<{ path: string } & FeedImportResult> = [];
      for (const path of paths) {
        let result: FeedImportResult;
        try {
          result = await lib.importAdvisoryFeed(store, path, { maxErrors: SHOWN_REFUSALS });
        } catch (err) {
          // One unreadable path is reported; the others are still imported.
          io.stderr.write(`${(err as Error).message}\n`);
          io.setExitCode(1);
          continue;
        }
        results.push({ path, ...result });
        for (const e of result.errors) io.stderr.write(`refused ${e.entry}: ${e.reason}\n`);
        if (result.refused > result.errors.length) io.stderr.write(`… and ${result.refused - result.errors.length} more refused in ${path}\n`);
        // A feed with records but not one readable is a failed import, not an empty one.
        if (result.read === 0 && result.refused > 0) io.setExitCode(1);
      }
      out.list(results, ['path', 'format', ...COUNTS]);
    }),
  );
  return addVulnClientCommands(vulns, io);
}
