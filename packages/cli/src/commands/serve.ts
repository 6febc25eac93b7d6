/**
 * `vigil serve`: every `VIGIL_*` variable also as a flag (flags win).
 * @module
 */
import { Command, Option } from 'commander';
import type { Config } from '@vigil/server/setup';
import type { CliIo } from '../io.js';

function nonNegative(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`expected a non-negative integer, got "${value}"`);
  return n;
}

/** The `serve` subcommand. */
export function serveCommand(io: CliIo): Command {
  return new Command('serve')
    .description('run the API server (REST v2, docs, metrics)')
    .addOption(new Option('--host <host>', 'listen address').env('VIGIL_HOST'))
    .addOption(new Option('--port <port>', 'listen port').env('VIGIL_PORT'))
    .addOption(new Option('--database-url <url>', 'sqlite:<path> or postgres://…').env('VIGIL_DATABASE_URL'))
    .addOption(new Option('--redis-url <url>', 'Redis for shared limits and nonces').env('VIGIL_REDIS_URL'))
    .addOption(new Option('--public-url <url>', 'URL clients sign Hawk requests for (behind a proxy)').env('VIGIL_PUBLIC_URL'))
    .addOption(new Option('--data-dir <dir>', 'where the server secret (and the default SQLite file) live').env('VIGIL_DATA_DIR'))
    .addOption(new Option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent').env('VIGIL_LOG_LEVEL'))
    .addOption(new Option('--retention-events-hours <hours>', 'keep raw events this long (0: forever; default 72)').argParser(nonNegative))
    .addOption(new Option('--retention-alerts-days <days>', 'keep alerts this long (0: forever; default 365)').argParser(nonNegative))
    .addOption(new Option('--advisory-feeds <feeds>', 'comma-separated advisory feeds (folders, files, http(s) URLs) imported at start and on a schedule').env('VIGIL_ADVISORY_FEEDS'))
    .addOption(new Option('--advisory-import-hours <hours>', 'hours between advisory imports (0: only at start; default 24)').env('VIGIL_ADVISORY_IMPORT_HOURS').argParser(nonNegative))
    .option('--demo', 'load the deterministic demo dataset into an empty database (VIGIL_DEMO=1)')
    .action(async (opts: Record<string, string | number | boolean | undefined>, command: Command) => {
      const overrides: Partial<Config> = {};
      if (opts.host !== undefined) overrides.host = String(opts.host);
      if (opts.port !== undefined) {
        const raw = String(opts.port).trim();
        if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) {
          const setting = command.getOptionValueSource('port') === 'env' ? 'VIGIL_PORT' : '--port';
          throw new Error(`${setting} must be a port number from 0 to 65535 (0 picks a free one), got "${opts.port}"`);
        }
        overrides.port = Number(raw);
      }
      if (opts.databaseUrl) overrides.databaseUrl = String(opts.databaseUrl);
      if (opts.redisUrl) overrides.redisUrl = String(opts.redisUrl);
      if (opts.publicUrl) overrides.publicUrl = String(opts.publicUrl);
      if (opts.dataDir) overrides.dataDir = String(opts.dataDir);
      if (opts.logLevel) overrides.logLevel = String(opts.logLevel);
      if (opts.demo) overrides.demo = true;
      const { feedsFrom, loadConfig } = await import('@vigil/server/setup');
      const config = loadConfig(io.env, overrides);
      // Flags win over VIGIL_RETENTION_* (read by loadConfig); the two live in one nested object.
      if (opts.retentionEventsHours !== undefined) config.retention.eventsHours = opts.retentionEventsHours as number;
      if (opts.retentionAlertsDays !== undefined) config.retention.alertsDays = opts.retentionAlertsDays as number;
      if (opts.advisoryFeeds !== undefined) config.advisories.feeds = feedsFrom(String(opts.advisoryFeeds), '--advisory-feeds');
      if (opts.advisoryImportHours !== undefined) config.advisories.importHours = opts.advisoryImportHours as number;
      // Loaded on demand: the HTTP server's dependencies are the slowest part of starting the CLI.
      const { startServer } = await import('@vigil/server');
      const starting = startServer(config);
      // Listening before the server has started: a supervisor's SIGTERM that comes while it starts, or
      // the moment its banner prints, waits for the start and shuts down cleanly instead of killing it.
      // A second SIGTERM while closing (supervisors repeat them) must not kill it mid-close; a second
      // Ctrl-C is someone who wants out now.
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) {
          if (signal === 'SIGINT') process.exit(130);
          return;
        }
        stopping = true;
        const server = await starting.catch(() => undefined);
        if (!server) return; // the start failed: the action reports it and exits 1
        server.app.log.info({ signal }, 'shutting down');
        await server.close();
        process.exit(0);
      };
      process.on('SIGINT', () => void stop('SIGINT'));
      process.on('SIGTERM', () => void stop('SIGTERM'));
      await starting;
    });
}
