/**
 * The logger of what happens outside requests while the server starts and runs (Redis outages, a failed
 * start): pino JSON lines at the configured level, to the same stream as the app's log.
 * @module
 */
import { pino, type Logger } from 'pino';
import type { Config } from './config.js';

/**
 * Builds it from the same `logger` option `buildApp` takes (false: silent; an object may carry `stream`).
 * ```ts
 * const log = startLogger(config, options.logger);
 * ```
 */
export function startLogger(config: Pick<Config, 'logLevel'>, option: boolean | Record<string, unknown> | undefined): Logger {
  if (option === false) return pino({ enabled: false });
  const { stream, ...rest } = typeof option === 'object' ? option : {};
  const options = { level: config.logLevel, ...rest };
  return stream ? pino(options, stream as NodeJS.WritableStream) : pino(options);
}
