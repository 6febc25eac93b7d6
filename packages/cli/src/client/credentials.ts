/**
 * Where the client commands get their credentials: flags, then environment, then `threatstack.cfg`
 * (the Threat Stack API scripts' INI file). The API key is kept here and handed to the SDK only; nothing
 * in this module prints it.
 * @module
 */
import { existsSync } from 'node:fs';
import { loadThreatStackConfig } from '@vigil/sdk';
import { UsageError } from './exit-codes.js';

export const DEFAULT_CONFIG_FILE = 'threatstack.cfg';
export const DEFAULT_SECTION = 'DEFAULT';

/** What the connection flags of a command hold (all optional). */
export interface ConnectionFlags {
  userId?: string;
  apiKey?: string;
  organizationId?: string;
  endpoint?: string;
  organizationName?: string;
  configFile?: string;
  /** the hidden `--config_file` spelling of the Threat Stack scripts */
  config_file?: string;
  org?: string;
}

/** Resolved connection settings. */
export interface Connection {
  userId: string;
  apiKey: string;
  organizationId: string;
  /** server root without `/v2` (the SDK default when unset) */
  baseUrl?: string;
  /** TS_ORGANIZATION_NAME, used in export file names */
  organizationName?: string;
  /** where the values came from, for `--verbose` (never the key) */
  source: string;
}

const REQUIRED = [
  ['userId', 'TS_USER_ID', '--user-id'],
  ['apiKey', 'TS_API_KEY', '--api-key'],
  ['organizationId', 'TS_ORGANIZATION_ID', '--organization-id'],
] as const;

const nonEmpty = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());

/**
 * `https://api.threatstack.com/v2/` (as the scripts write it) and `http://host:8080` both name the server
 * root the SDK wants.
 */
export function normalizeEndpoint(endpoint: string | undefined): string | undefined {
  const v = nonEmpty(endpoint);
  if (v === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw new UsageError(`endpoint "${v}" is not a URL (e.g. http://127.0.0.1:8080)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`endpoint "${v}" must start with http:// or https://`);
  }
  return v.replace(/\/+$/, '').replace(/\/v2$/, '');
}

/**
 * Flags beat environment variables, which beat the config file. The file is read when `--config-file`
 * or `--org` is given, or when flags and environment leave a credential unset; then a missing file,
 * section or key is a {@link UsageError}/ConfigError naming it.
 * ```ts
 * const conn = resolveConnection({ configFile: 'threatstack.cfg', org: 'STAGING' }, process.env);
 * ```
 */
export function resolveConnection(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): Connection {
  const fromFlagsOrEnv = {
    userId: nonEmpty(flags.userId) ?? nonEmpty(env.TS_USER_ID),
    apiKey: nonEmpty(flags.apiKey) ?? nonEmpty(env.TS_API_KEY),
    organizationId: nonEmpty(flags.organizationId) ?? nonEmpty(env.TS_ORGANIZATION_ID),
    endpoint: nonEmpty(flags.endpoint) ?? nonEmpty(env.TS_API_ENDPOINT),
    organizationName: nonEmpty(flags.organizationName) ?? nonEmpty(env.TS_ORGANIZATION_NAME),
  };
  const explicitFile = nonEmpty(flags.configFile) ?? nonEmpty(flags.config_file);
  const explicitSection = nonEmpty(flags.org);
  const missing = REQUIRED.filter(([field]) => fromFlagsOrEnv[field] === undefined);
  const file = explicitFile ?? DEFAULT_CONFIG_FILE;
  const section = explicitSection ?? DEFAULT_SECTION;

  if (explicitFile === undefined && explicitSection === undefined && missing.length === 0) {
    return {
      userId: fromFlagsOrEnv.userId!,
      apiKey: fromFlagsOrEnv.apiKey!,
      organizationId: fromFlagsOrEnv.organizationId!,
      ...optional('baseUrl', normalizeEndpoint(fromFlagsOrEnv.endpoint)),
      ...optional('organizationName', fromFlagsOrEnv.organizationName ?? organizationNameFromDefaultFile()),
      source: 'flags/environment',
    };
  }
  if (explicitFile === undefined && !existsSync(file)) {
    const names = missing.map(([, envName, flag]) => `${envName} (${flag})`).join(', ');
    throw new UsageError(
      `missing credentials: ${names || 'none'}; set them as flags or environment variables, or in ${file} ` +
        `(not found; --config-file names another file)`,
    );
  }
  // a missing file, section or key throws the SDK's ConfigError naming it (exit 2)
  const cfg = loadThreatStackConfig(file, section);
  return {
    userId: fromFlagsOrEnv.userId ?? cfg.userId,
    apiKey: fromFlagsOrEnv.apiKey ?? cfg.apiKey,
    organizationId: fromFlagsOrEnv.organizationId ?? cfg.organizationId,
    ...optional('baseUrl', normalizeEndpoint(fromFlagsOrEnv.endpoint ?? cfg.baseUrl)),
    ...optional('organizationName', fromFlagsOrEnv.organizationName ?? nonEmpty(cfg.organizationName)),
    source: `${file} [${section}]`,
  };
}

/** Best effort: the name for export file names when the credentials came from the environment. */
function organizationNameFromDefaultFile(): string | undefined {
  if (!existsSync(DEFAULT_CONFIG_FILE)) return undefined;
  try {
    return nonEmpty(loadThreatStackConfig(DEFAULT_CONFIG_FILE, DEFAULT_SECTION).organizationName);
  } catch {
    return undefined;
  }
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}
